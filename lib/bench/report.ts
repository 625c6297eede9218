import fs from "node:fs";
import { FLAT_FRACTION, TARGET_RATE, type FlatLagRate } from "@/lib/bench/flat-lag-rate";
import { LATENCY_RATE } from "@/lib/bench/paced-run";
import type { JobCpu } from "@/lib/bench/job-cpu";
import type { SparkSettings } from "@/lib/bench/pipeline";
import type { BenchResults } from "@/lib/bench/run-bench";
import type { SustainedThroughput } from "@/lib/bench/sustained-throughput";

const n = (x: number) => Math.round(x).toLocaleString("en-US");
const s = (x: number, digits = 2) => `${x.toFixed(digits)} s`;

function flatRateText({ steps, highestFlatRate }: FlatLagRate, capacity: number): string {
  const grew = steps.find((st) => !st.flat);
  const sustainable = highestFlatRate !== null && highestFlatRate >= TARGET_RATE;
  const target = `${n(TARGET_RATE)}/s ${sustainable ? "is" : "is not"} sustainable${!sustainable && capacity < TARGET_RATE ? " (above the capacity at rate 0)" : ""}`;
  if (highestFlatRate === null) return `none: the lag grew already at ${n(grew?.rate ?? 0)} records/s; ${target}`;
  const bound = grew ? `(grew at ${n(grew.rate)})` : sustainable ? "" : "(the highest step tried)";
  return `${n(highestFlatRate)} records/s${bound ? ` ${bound}` : ""}; ${target}`;
}

const cpuText = (c: JobCpu) =>
  `driver ${c.driverPerMillion.toFixed(2)} s, executors ${c.executorsPerMillion.toFixed(2)} s per million records; driver ${(100 * c.driverShare).toFixed(1)} % of the job's CPU`;

const stageLines = (t: SustainedThroughput) =>
  t.stages.length === 0
    ? ["    (the driver's UI could not be read: no stage profile)"]
    : t.stages.map(
        (k) =>
          `    ${k.kind.padEnd(34)} ${String(k.stages).padStart(4)} stages ${String(k.tasks).padStart(5)} tasks  task time ${k.runSecondsPerMillion.toFixed(2)} s` +
          ` (JVM CPU ${k.jvmCpuSecondsPerMillion.toFixed(2)} s, GC ${k.gcSecondsPerMillion.toFixed(2)} s), shuffle ${k.shuffleMegabytesPerMillion.toFixed(1)} MB per million records`,
      );

/** Median ms of each phase of a micro-batch, in the order Spark runs them. */
function phaseLine(phases: Record<string, number>): string {
  const order = ["latestOffset", "getBatch", "queryPlanning", "addBatch", "addBatch.compute", "addBatch.write", "walCommit", "commitOffsets"];
  const keys = Object.keys(phases).sort((a, b) => (order.indexOf(a) + 1 || 99) - (order.indexOf(b) + 1 || 99));
  return keys.map((k) => `${k} ${n(phases[k]!)}`).join(", ");
}

/**
 * Rate with 2 cores / (2 x rate with 1): by the highest flat-lag rates when
 * both searches found one, else by the capacities at rate 0.
 */
function secondCore(r: BenchResults): { efficiency: number; basis: string } {
  const two = r.paced.flatLag.highestFlatRate;
  const one = r.pacedOneCore.flatLag.highestFlatRate;
  if (two !== null && one !== null) return { efficiency: two / (2 * one), basis: "flat-lag rates" };
  return { efficiency: r.sustained.recordsPerSecond / (2 * r.oneCore.recordsPerSecond), basis: "capacities at rate 0; a flat-lag search found no rate" };
}

/** Issue 13's targets on the 2-core machine, each with its figure. */
function targets(r: BenchResults): string[] {
  const { efficiency, basis } = secondCore(r);
  const flat = r.paced.flatLag.highestFlatRate ?? 0;
  const rows: [string, boolean, string][] = [
    ["driver at most 10 % of the job's CPU", r.sustained.cpu.driverShare <= 0.1, `${(100 * r.sustained.cpu.driverShare).toFixed(1)} %`],
    [`at least ${n(TARGET_RATE)} records/s sustained with flat lag`, flat >= TARGET_RATE, `${n(flat)} records/s`],
    [`Spark batch p50 at most 300 ms at ${n(LATENCY_RATE)} records/s`, r.paced.batches.p50Ms <= 300, `${n(r.paced.batches.p50Ms)} ms`],
    [`window -> database p95 at most 1 s at ${n(LATENCY_RATE)} records/s`, r.paced.latency.p95S <= 1, s(r.paced.latency.p95S)],
    ["2-core efficiency at least 0.8", efficiency >= 0.8, `${efficiency.toFixed(2)} (${basis})`],
  ];
  return rows.map(([what, hit, figure]) => `    ${hit ? "hit " : "MISS"}  ${what}: ${figure}`);
}

/** The figures as a person reads them: one line per measurement, then how they were taken. */
export function formatReport(r: BenchResults, totalSeconds: number): string {
  const { buffer, perRecord, sustained, oneCore, paced, pacedOneCore } = r;
  const rates = buffer.repeats.map((b) => b.recordsPerSecond);
  const rows: [string, string][] = [
    [`buffer throughput (rate 0, ${n(buffer.records)} lines)`, `${n(buffer.recordsPerSecond)} records/s  (median of ${rates.length}: ${n(Math.min(...rates))} to ${n(Math.max(...rates))})`],
    [`original producer (kafka-python, 1 send/line, ${n(perRecord.records)})`, `${n(perRecord.recordsPerSecond)} records/s  -> buffer is ${(buffer.recordsPerSecond / perRecord.recordsPerSecond).toFixed(1)}x faster`],
    [
      `end-to-end sustained (rate 0, ${n(r.data.records)} records)`,
      `${n(sustained.recordsPerSecond)} records/s stored over ${s(sustained.steadyToS - sustained.steadyFromS, 0)}; Kafka lag peaked at ${n(sustained.maxLagRecords)} records ` +
        `and ${sustained.lagSlopePerSecond <= 0 ? `drained at ${n(-sustained.lagSlopePerSecond)}` : `grew at ${n(sustained.lagSlopePerSecond)}`}/s (rate 0 loads the input at once: never flat)`,
    ],
    [`end-to-end sustained, 1 executor core`, `${n(oneCore.recordsPerSecond)} records/s stored; rate with 2 / (2 x rate with 1) = ${(sustained.recordsPerSecond / (2 * oneCore.recordsPerSecond)).toFixed(2)}`],
    [`job CPU at rate 0, 2 cores`, cpuText(sustained.cpu)],
    [`job CPU at rate 0, 1 core`, cpuText(oneCore.cpu)],
    [`highest rate with flat Kafka lag`, flatRateText(paced.flatLag, sustained.recordsPerSecond)],
    [`highest rate with flat Kafka lag, 1 executor core`, flatRateText(pacedOneCore.flatLag, oneCore.recordsPerSecond)],
    [`2-core efficiency`, `${secondCore(r).efficiency.toFixed(2)} (${secondCore(r).basis})`],
    [`spark batch duration at ${n(LATENCY_RATE)} records/s`, `p50 ${n(paced.batches.p50Ms)} ms, p95 ${n(paced.batches.p95Ms)} ms  (${paced.batches.batches} batches, max ${n(paced.batches.maxMs)} ms)`],
    [`window -> database latency at ${n(LATENCY_RATE)} records/s`, `p50 ${s(paced.latency.p50S)}, p95 ${s(paced.latency.p95S)}  (${paced.latency.windows} windows, max ${s(paced.latency.maxS)})`],
  ];
  const width = Math.max(...rows.map(([k]) => k.length));
  const stepLines = (flatLag: FlatLagRate) =>
    flatLag.steps.map(
      (st) =>
        `    ${n(st.rate).padStart(7)}/s  input ${n(st.inputPerSecond).padStart(7)}/s  stored ${n(st.storedPerSecond).padStart(7)}/s  ` +
        `${String(st.batches).padStart(3)} batches  lag ${n(st.meanLagRecords).padStart(9)} records  slope ${n(st.lagSlopePerSecond).padStart(7)}/s  ${st.flat ? "flat" : "growing"}`,
    );
  const settings = (x: SparkSettings) => `triggerMs ${x.triggerMs}, maxOffsetsPerTrigger ${x.maxOffsetsPerTrigger ?? "none"}`;
  return [
    "",
    "COSMO data-plane bench (figures, not assertions)",
    "",
    ...rows.map(([k, v]) => `  ${k.padEnd(width)}  ${v}`),
    "",
    "  targets (issue 13):",
    ...targets(r),
    "",
    "  profile: executor task time by stage at rate 0, 2 cores (Spark's stage metrics over the steady phase):",
    ...stageLines(sustained),
    "  the same, 1 core:",
    ...stageLines(oneCore),
    `  micro-batch phases at ${n(LATENCY_RATE)} records/s, median ms: ${phaseLine(paced.batches.phaseP50Ms)}`,
    "",
    `  rate steps (setBufferRate upwards from 70 % of the capacity at rate 0; flat = lag slope under ${FLAT_FRACTION * 100} % of the rate):`,
    "    2 cores:",
    ...stepLines(paced.flatLag),
    "    1 core:",
    ...stepLines(pacedOneCore.flatLag),
    "",
    "  how:",
    `    data: ${r.data.objects} generated objects of ${n(r.data.records / r.data.objects)} records (${(r.data.bytes / 1e6).toFixed(0)} MB) in the local S3`,
    `    buffer: ${buffer.how}; lines include the object's header`,
    `    original producer: ${perRecord.how}`,
    `    CPU: utime + stime (+ reaped children) from /proc/<pid>/stat over the steady phase: the driver is spark-submit's process group`,
    `      (its JVM and the job's Python), the executors are the application's executor JVMs and their Python workers`,
    `    end to end: buffer and results consumer as worker processes, the Spark stats job on the standalone cluster`,
    `      (rate 0: ${settings(sustained.settings)}; paced: ${settings(paced.settings)});`,
    `      stored = sum of RunWindow.records; at rate 0 the buffer put the input into Kafka in ${sustained.bufferSeconds === null ? "(still running)" : s(sustained.bufferSeconds, 1)}`,
    `    lag: hits topic offsets minus those Spark has processed, in records at the topic's records per offset; at rate 0 sampled`,
    `      every 2 s, in the steps at each micro-batch's start (offsets available then minus offsets processed before it)`,
    `    latency: CreateTime of the hits message holding a window's last record -> pg NOTIFY of the window's first storing. It includes`,
    `      waiting for the watermark (a record 1,000 orbits past the window's end, ~0.09 s at this rate), for the next trigger`,
    `      (<= ${paced.settings.triggerMs} ms) or the batch under way, the micro-batch, the results topic and the consumer's transaction.`,
    `      Both measured over ${s(paced.latencySeconds, 0)} once the job had caught up with the paced input (${s(paced.warmUpSeconds, 0)} after the buffer's start).`,
    `  machine: ${r.machine.cores} cores, load average ${r.machine.meanLoad.toFixed(1)} on average and ${r.machine.maxLoad.toFixed(1)} at most during the bench`,
    `  total bench time ${s(totalSeconds, 0)} (services up and down included); results in bench-results.json`,
    "",
  ].join("\n");
}

export function writeResultsJson(file: string, r: BenchResults, totalSeconds: number): void {
  fs.writeFileSync(file, `${JSON.stringify({ ...r, totalSeconds, writtenAt: new Date().toISOString() }, null, 2)}\n`);
}
