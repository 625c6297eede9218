import { getRunOrThrow } from "@/lib/runs/get-run-or-throw";
import { toStoredWindow } from "@/lib/runs/stored-window";
import { storedWindowPages, type WindowRange } from "@/lib/runs/window-range";

/**
 * A run's stored windows as JSON Lines (one `{ window, receivedAt, updatedAt,
 * result }` per line, in window order), read from the database a page at a
 * time only when the client has taken the previous one (the stream's pull):
 * any run, in constant memory, at the pace of the slowest reader.
 */
export async function streamRunWindows(runId: string, range: WindowRange = {}): Promise<ReadableStream<Uint8Array>> {
  await getRunOrThrow(runId);
  const pages = storedWindowPages(runId, range);
  const encoder = new TextEncoder();
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        const next = await pages.next();
        if (next.done) return controller.close();
        controller.enqueue(encoder.encode(next.value.map((row) => `${JSON.stringify(toStoredWindow(row))}\n`).join("")));
      },
      async cancel() {
        await pages.return(undefined);
      },
    },
    // One page queued ahead at most: the next read waits for the client.
    { highWaterMark: 1 },
  );
}
