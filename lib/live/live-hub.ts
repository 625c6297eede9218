import type { CatchUpReader } from "@/lib/live/catch-up-reader";
import { RunFeed } from "@/lib/live/run-feed";
import type { RunSubscriber } from "@/lib/live/run-subscriber";
import { listenWindows } from "@/lib/results/listen-windows";

const KEEP_ALIVE_MS = 15_000;

/**
 * Every run being watched in this server process. One LISTEN connection
 * (lib/results/listen-windows.ts) serves them all; each notification goes to
 * the feed of its run, which fans it out to that run's viewers.
 */
interface Hub {
  feeds: Map<string, RunFeed>;
  unlisten: Promise<() => Promise<void>> | undefined;
  keepAlive: NodeJS.Timeout | undefined;
}

// Kept on globalThis: Next's dev server reloads modules, and a second hub would hold a second connection.
const holder = globalThis as unknown as { cosmoLiveHub?: Hub };
const hub: Hub = (holder.cosmoLiveHub ??= { feeds: new Map(), unlisten: undefined, keepAlive: undefined });

function startListening(): Promise<() => Promise<void>> {
  return listenWindows((note) => hub.feeds.get(note.runId)?.notify(note.window), {
    onResync: () => {
      for (const feed of hub.feeds.values()) feed.resync();
    },
  });
}

/**
 * Adds a viewer (made with its run's shared catch-up reader) to its run's
 * feed; resolves once notifications are being received, so nothing stored
 * later is missed.
 */
export async function attachSubscriber(runId: string, make: (reader: CatchUpReader) => RunSubscriber): Promise<RunSubscriber> {
  let feed = hub.feeds.get(runId);
  if (!feed) {
    feed = new RunFeed(runId);
    hub.feeds.set(runId, feed);
  }
  const s = make(feed.reader);
  feed.add(s);
  hub.keepAlive ??= setInterval(() => {
    for (const f of hub.feeds.values()) for (const sub of f.subscribers) sub.keepAlive();
  }, KEEP_ALIVE_MS);
  try {
    await (hub.unlisten ??= startListening());
  } catch (error) {
    hub.unlisten = undefined;
    detachSubscriber(s);
    throw error;
  }
  return s;
}

export function detachSubscriber(s: RunSubscriber): void {
  const feed = hub.feeds.get(s.runId);
  if (!feed?.remove(s)) return;
  hub.feeds.delete(s.runId);
  if (hub.feeds.size > 0) return;
  clearInterval(hub.keepAlive);
  hub.keepAlive = undefined;
  const unlisten = hub.unlisten;
  hub.unlisten = undefined;
  void unlisten?.then((stop) => stop()).catch(() => {});
}

/** Viewers connected to this process, per run (diagnostics and the benchmark). */
export function liveViewerCount(): number {
  let n = 0;
  for (const f of hub.feeds.values()) n += f.subscribers.size;
  return n;
}
