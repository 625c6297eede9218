import type uPlot from "uplot";

/** The chart's data as CSV: a header of the series' labels, one row per x value; no value (a gap, a log-hidden 0) is an empty cell. */
export function chartCsv(labels: readonly string[], data: uPlot.AlignedData): string {
  const quote = (s: string) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  const lines = [labels.map(quote).join(",")];
  const x = data[0] ?? [];
  for (let i = 0; i < x.length; i++) lines.push(data.map((s) => (s[i] === null || s[i] === undefined ? "" : String(s[i]))).join(","));
  return `${lines.join("\n")}\n`;
}

/** Points where every series has no value: detector time without data on a time chart. */
export function gapCount(data: uPlot.AlignedData): number {
  const x = data[0] ?? [];
  let gaps = 0;
  for (let i = 0; i < x.length; i++) if (data.length > 1 && data.slice(1).every((s) => s[i] === null || s[i] === undefined)) gaps++;
  return gaps;
}

export function download(name: string, blob: Blob): void {
  const a = document.createElement("a");
  a.href = URL.createObjectURL(blob);
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
}

/** The plot as a PNG on the page's panel colour (uPlot's canvas is transparent), its title above. */
export async function chartPng(plot: uPlot, title: string): Promise<Blob> {
  const source = plot.ctx.canvas;
  const head = 28;
  const canvas = document.createElement("canvas");
  canvas.width = source.width;
  canvas.height = source.height + head;
  const ctx = canvas.getContext("2d")!;
  ctx.fillStyle = "#182029";
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  ctx.fillStyle = "#e6edf3";
  ctx.font = "14px sans-serif";
  ctx.fillText(title, 8, 19);
  ctx.drawImage(source, 0, head);
  return new Promise((resolve, reject) => canvas.toBlob((b) => (b ? resolve(b) : reject(new Error("the chart could not be drawn"))), "image/png"));
}
