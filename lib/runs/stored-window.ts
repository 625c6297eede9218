import { z } from "zod";
import { windowResultSchema, type WindowResult } from "@/lib/results/schema";

/** A stored window as the API and the event stream send it. */
export interface StoredWindow {
  window: number;
  /** When the window was first stored, and when it last changed (a re-emitted window replaces itself). */
  receivedAt: string;
  updatedAt: string;
  result: WindowResult;
}

export interface StoredWindowRow {
  window: number;
  receivedAt: Date;
  updatedAt: Date;
  data: unknown;
}

export const storedWindowSelect = { window: true, receivedAt: true, updatedAt: true, data: true } as const;

export function toStoredWindow(row: StoredWindowRow): StoredWindow {
  return {
    window: row.window,
    receivedAt: row.receivedAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    result: windowResultSchema.parse(row.data),
  };
}

/** The same, checked where it arrives (the browser, API clients). */
export const storedWindowSchema = z.object({
  window: z.number().int().nonnegative(),
  receivedAt: z.string(),
  updatedAt: z.string(),
  result: windowResultSchema,
});
