import pg from "pg";
import { z } from "zod";
import { databaseUrl } from "@/lib/database-url";

/** PostgreSQL channel the results consumer notifies, in the transaction that stored the windows. */
export const WINDOWS_CHANNEL = "cosmo_windows";

export const windowNotificationSchema = z.object({
  runId: z.string(),
  /** The window stored; null when a run-level figure changed (the unwindowed count). */
  window: z.number().int().nonnegative().nullable(),
});

export type WindowNotification = z.infer<typeof windowNotificationSchema>;

interface Subscriber {
  onWindow: (n: WindowNotification) => void;
  onResync?: () => void;
}

const RECONNECT_MS = 1000;
const subscribers = new Set<Subscriber>();
let connection: Promise<pg.Client> | undefined;

/**
 * Calls `onWindow` for every window the results consumer stores, within
 * milliseconds. One LISTEN connection per process serves every subscriber.
 * If that connection drops it is reopened, and `onResync` is called: what was
 * notified meanwhile is lost, so a subscriber re-reads what it shows.
 * Returns the unsubscribe function.
 */
export async function listenWindows(
  onWindow: (n: WindowNotification) => void,
  options: { onResync?: () => void } = {},
): Promise<() => Promise<void>> {
  const subscriber: Subscriber = { onWindow, onResync: options.onResync };
  subscribers.add(subscriber);
  try {
    await (connection ??= connect());
  } catch (error) {
    subscribers.delete(subscriber);
    connection = undefined;
    throw error;
  }
  return async () => {
    subscribers.delete(subscriber);
    if (subscribers.size > 0 || !connection) return;
    const closing = connection;
    connection = undefined;
    await (await closing.catch(() => undefined))?.end().catch(() => {});
  };
}

async function connect(): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: databaseUrl() });
  client.on("notification", (message) => {
    if (message.channel !== WINDOWS_CHANNEL || !message.payload) return;
    let parsed: ReturnType<typeof windowNotificationSchema.safeParse>;
    try {
      parsed = windowNotificationSchema.safeParse(JSON.parse(message.payload));
    } catch {
      return;
    }
    if (!parsed.success) return;
    for (const s of subscribers) {
      try {
        s.onWindow(parsed.data);
      } catch (error) {
        console.error("a window subscriber failed", error);
      }
    }
  });
  let lost = false;
  const onLost = () => {
    if (lost) return;
    lost = true;
    // Only reopen for the connection still in use, and only while someone listens.
    void connection?.then((current) => {
      if (current !== client) return;
      connection = undefined;
      setTimeout(() => void reopen(), RECONNECT_MS).unref();
    });
  };
  client.on("error", onLost);
  client.on("end", onLost);
  await client.connect();
  await client.query(`listen ${WINDOWS_CHANNEL}`);
  return client;
}

async function reopen(): Promise<void> {
  if (subscribers.size === 0 || connection) return;
  connection = connect();
  try {
    await connection;
  } catch {
    connection = undefined;
    setTimeout(() => void reopen(), RECONNECT_MS).unref();
    return;
  }
  for (const s of subscribers) s.onResync?.();
}
