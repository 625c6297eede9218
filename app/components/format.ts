const integer = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });
const decimal = new Intl.NumberFormat("en-US", { maximumFractionDigits: 1 });

export const formatInt = (n: number) => integer.format(n);
export const formatRate = (n: number) => decimal.format(n);

export function formatTime(iso: string | number | null | undefined): string {
  if (iso === null || iso === undefined) return "–";
  return new Date(iso).toLocaleTimeString("en-GB", { hour12: false });
}

export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return "–";
  return new Date(iso).toLocaleString("en-GB", { hour12: false });
}
