import fs from "node:fs";
import path from "node:path";
import { formatReport, writeResultsJson } from "@/lib/bench/report";
import { formatLiveViewReport, measureLiveView, type LiveViewResult } from "@/lib/bench/live-view";
import { formatSseReport, measureSseViewers, type SseViewersResult } from "@/lib/bench/sse-viewers";
import { stopTracked } from "@/lib/bench/processes";
import { formatSoakReport, measureSoak, type SoakResult } from "@/lib/bench/soak";
import { FULL_BENCH, runBench, SPARK_BENCH, type BenchResults } from "@/lib/bench/run-bench";
import { execCli, isolatedEnv, nothingLeftBehind } from "@/lib/cli/commands/test";
import { progress } from "@/lib/cli/output";
import { env, repoRoot } from "@/lib/env";
import { CosmoError } from "@/lib/errors";
import { migrate } from "@/lib/runtime/migrate";
import { postgres } from "@/lib/runtime/services/postgres";
import { createWebService } from "@/lib/runtime/services/web";
import { homeDir } from "@/lib/runtime/paths";
import type { Service } from "@/lib/runtime/service";
import { down, up } from "@/lib/runtime/stack";
import { ensureAdmin } from "@/lib/users/ensure-admin";

/**
 * The bench's own home and ports (COSMO_BENCH_PORT_BASE, by default a hundred
 * above the tests'): a bench, a test suite and a running product can share
 * the machine without meeting (though not without sharing its cores, which
 * the figures then show).
 */
const benchEnv = () => isolatedEnv(path.join(repoRoot, ".cosmo", "bench-home"), env.COSMO_BENCH_PORT_BASE);

const SECTIONS = ["sse", "live", "soak", "spark"] as const;
const SOAK_MINUTES = 10;

/** `soak [--minutes N]`: the soak's duration (whole or fractional minutes), ten by default. */
function soakMinutes(args: string[]): number {
  const at = args.indexOf("--minutes");
  if (at < 0) return SOAK_MINUTES;
  const minutes = Number(args[at + 1]);
  if (!args.includes("soak") || !(minutes > 0 && minutes <= 120)) throw new CosmoError("BAD_REQUEST", "--minutes goes with soak and takes a number of minutes from 0 to 120");
  return minutes;
}

/**
 * `npm run bench`: the data plane's figures, measured on a stack of its own;
 * `npm run bench -- sse`: SSE viewers per server process and draw time;
 * `npm run bench -- live`: how often a localhost run's live view changes;
 * `npm run bench -- soak [--minutes N]`: a run at 100,000 records/s under 200 viewers;
 * `npm run bench -- spark`: the data-plane figures of the Spark job on less data (buffer once).
 */
export function benchCommand(args: string[]): Promise<number> {
  soakMinutes(args);
  const unknown = args.filter((a, i) => !(SECTIONS as readonly string[]).includes(a) && a !== "--minutes" && args[i - 1] !== "--minutes");
  if (unknown.length > 0) throw new CosmoError("BAD_REQUEST", `unknown bench section ${unknown.join(", ")}: expected nothing (the data plane) or one of ${SECTIONS.join(", ")}`);
  return execCli("bench:run", args, benchEnv());
}

/**
 * An interrupt becomes a failure, so that the services still stop. Listening
 * on (not once) keeps a second Ctrl-C from killing the teardown half-way.
 */
function interrupted(): Promise<never> {
  const interrupt = new Promise<never>((_, reject) => {
    for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => reject(new Error(`${signal}: stopping the bench`)));
  });
  // A signal after the measurements (during the teardown) rejects with nobody waiting.
  interrupt.catch(() => {});
  return interrupt;
}

/**
 * One section of the bench on a stack of its own, from an empty home: start
 * what it needs and measure, always tear down, then keep and print the figures.
 */
async function benchSection<T extends object>(resultsFile: string, measure: (web: Service) => Promise<T>, format: (results: T) => string): Promise<number> {
  const t0 = performance.now();
  fs.rmSync(env.COSMO_HOME, { recursive: true, force: true });
  const interrupt = interrupted();
  const web = createWebService();
  let results: T;
  try {
    results = await Promise.race([measure(web), interrupt]);
  } finally {
    progress("stopping bench services");
    await down(progress, web);
  }
  const clean = nothingLeftBehind(env.COSMO_HOME);
  fs.writeFileSync(homeDir(resultsFile), JSON.stringify({ ...results, totalSeconds: (performance.now() - t0) / 1000 }, null, 2));
  process.stdout.write(format(results));
  return clean ? 0 : 1;
}

/** SSE viewers and draw time: only PostgreSQL and the web app are needed. */
const sseBenchRun = () =>
  benchSection<SseViewersResult>(
    "bench-sse-results.json",
    async (web) => {
      await postgres.start(progress);
      await migrate(progress);
      // The viewers' token and the browser's login belong to the stack's first admin.
      await ensureAdmin();
      await web.start(progress);
      return measureSseViewers(progress);
    },
    formatSseReport,
  );

/** The live view of a run: the whole product, web and routine worker included. */
const liveBenchRun = () =>
  benchSection<LiveViewResult>("bench-live-results.json", (web) => up(progress, { web }).then(() => measureLiveView(progress)), formatLiveViewReport);

/** The soak: the whole product, a run at 100,000 records/s and 200 viewers for `minutes`. */
const soakBenchRun = (minutes: number) =>
  benchSection<SoakResult>("bench-soak-results.json", (web) => up(progress, { web }).then(() => measureSoak(minutes, progress)), formatSoakReport);

/** Runs inside the bench environment: services up from empty, measure, always tear down, then report. */
export async function benchRunCommand(args: string[]): Promise<number> {
  if (env.COSMO_HOME !== benchEnv().COSMO_HOME) throw new Error("bench:run is started by `cosmo bench`");
  if (args.includes("sse")) return sseBenchRun();
  if (args.includes("live")) return liveBenchRun();
  if (args.includes("soak")) return soakBenchRun(soakMinutes(args));
  const t0 = performance.now();
  fs.rmSync(env.COSMO_HOME, { recursive: true, force: true });
  const interrupt = interrupted();
  let results: BenchResults;
  try {
    results = await Promise.race([up(progress).then(() => runBench(progress, args.includes("spark") ? SPARK_BENCH : FULL_BENCH)), interrupt]);
  } finally {
    stopTracked();
    progress("stopping bench services");
    await down(progress);
  }
  const clean = nothingLeftBehind(env.COSMO_HOME);
  const totalSeconds = (performance.now() - t0) / 1000;
  writeResultsJson(homeDir("bench-results.json"), results, totalSeconds);
  process.stdout.write(formatReport(results, totalSeconds));
  return clean ? 0 : 1;
}
