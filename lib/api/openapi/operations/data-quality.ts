import { z } from "zod";
import { op } from "@/lib/api/openapi/operation";
import { runListItemView } from "@/lib/api/openapi/views";
import { windowRangeQuerySchema } from "@/lib/runs/window-range";
import { runTrendQuerySchema } from "@/lib/trends/run-trend";
import { runsTrendQuerySchema } from "@/lib/trends/runs-trend";

const tag = "data quality";
const id = z.object({ id: z.uuid() });
const counts = z.array(z.array(z.number()));
const runAggregate = z.object({
  windows: z.number().int(),
  orbits: z.number().int().describe("Orbits the windows span (orbitsPerWindow each): what overlays are normalised by"),
  records: z.number().int(),
  totalHits: z.number().int(),
  hitsPerChamber: z.array(z.number()),
  occupancy: counts,
  occupancyScintillator: counts,
  multiplicity: counts,
  scintillatorOrbits: z.number().int(),
  driftTime: z.object({ minNs: z.number(), maxNs: z.number(), binNs: z.number(), counts, underflow: z.array(z.number()), overflow: z.array(z.number()) }),
  dropped: z.object({ head: z.record(z.string(), z.number()), unmappedChannel: z.number(), malformed: z.number() }),
});
const quantities = z.object({
  t0Ns: z.number().nullable().describe("Rising edge of the drift-time histogram at half the plateau height"),
  tmaxNs: z.number().nullable().describe("Falling edge at half the plateau height"),
  driftSpanNs: z.number().nullable().describe("tmax - t0 (about 390 ns for the 21 mm half-cell)"),
  meanMultiplicity: z.number().nullable().describe("Mean hits per orbit over orbits with a hit in the chamber"),
  hitRate: z.number().nullable().describe("Chamber hits per second of detector time"),
});
const flag = z.string().nullable().describe("The quality checks' worst flag (ok, warning, error); null where none ran");

export const dataQualityOperations = [
  op({
    method: "get",
    path: "/api/runs/{id}/windows.jsonl",
    tag,
    access: "viewer",
    summary: "A run's stored windows as JSON Lines, streamed in window order (any size; from and to inclusive)",
    description: "One { window, receivedAt, updatedAt, result } per line, read from the database a page at a time as the client reads.",
    params: id,
    query: windowRangeQuerySchema,
    responses: { 200: { description: "the windows, one JSON document a line", contentType: "application/x-ndjson" } },
  }),
  op({
    method: "get",
    path: "/api/runs/{id}/histograms",
    tag,
    access: "viewer",
    summary: "A run's histograms summed over a window range (from and to inclusive, default the whole run), with the orbits they span",
    params: id,
    query: windowRangeQuerySchema,
    responses: {
      200: {
        description: "the sums",
        schema: z.object({ runId: z.uuid(), fromWindow: z.number().int().nullable(), toWindow: z.number().int().nullable(), firstWindow: z.number().int().nullable(), lastWindow: z.number().int().nullable(), aggregate: runAggregate }),
      },
    },
  }),
  op({
    method: "get",
    path: "/api/overview",
    tag,
    access: "viewer",
    summary: "The shift overview: clusters and their state, open runs with their rate, latest window and worst flag, active alarms, recent runs",
    responses: {
      200: {
        description: "the overview",
        schema: z.object({
          at: z.iso.datetime(),
          clusters: z.array(z.object({ id: z.uuid(), name: z.string(), description: z.string(), state: z.string(), updatedAt: z.iso.datetime() })),
          openRuns: z.array(runListItemView.extend({ hitRate: z.number().nullable(), lastWindow: z.number().int().nullable(), lastWindowAt: z.iso.datetime().nullable(), worstFlag: flag })),
          alarms: z.object({ active: z.number().int(), unacknowledged: z.number().int(), worst: z.string().nullable(), latest: z.array(z.record(z.string(), z.unknown())) }),
          recentRuns: z.array(runListItemView.extend({ worstFlag: flag })),
        }),
      },
    },
  }),

  op({
    method: "get",
    path: "/api/runs/{id}/trend",
    tag,
    access: "viewer",
    summary: "Per chamber t0, tmax, their difference, mean multiplicity and hit rate over a run, binWindows windows a point (chambers null: a gap)",
    params: id,
    query: runTrendQuerySchema,
    responses: {
      200: {
        description: "the trend",
        schema: z.object({
          runId: z.uuid(),
          binWindows: z.number().int(),
          chambers: z.number().int(),
          points: z.array(z.object({ seconds: z.number(), fromWindow: z.number().int(), windows: z.number().int(), chambers: z.array(quantities).nullable() })),
        }),
      },
    },
  }),
  op({
    method: "get",
    path: "/api/trends",
    tag,
    access: "viewer",
    summary: "Run by run (oldest first), per chamber t0, tmax, their difference, mean multiplicity and hit rate over each run; filtered by cluster and creation date",
    query: runsTrendQuerySchema,
    responses: {
      200: {
        description: "the runs' quantities",
        schema: z.object({ runs: z.array(z.object({ runId: z.uuid(), name: z.string(), clusterName: z.string().nullable(), createdAt: z.iso.datetime(), windows: z.number().int(), chambers: z.array(quantities) })) }),
      },
    },
  }),
];
