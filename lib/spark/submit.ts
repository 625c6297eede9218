import { spawn } from "node:child_process";
import path from "node:path";
import { CosmoError } from "@/lib/errors";
import { connectorJars, sparkEnv, sparkHome, venvPython } from "@/lib/runtime/services/spark";

export interface SparkJob {
  /** "local[2]" or a spark:// master URL. */
  master: string;
  /** Path to the .py application. */
  app: string;
  appArgs: string[];
  name: string;
  conf?: Record<string, string>;
  /** A properties file (mode 0600) for settings that must stay off the command line: S3 keys. */
  propertiesFile?: string;
}

/** A spark-submit command line for a 2-core box; the connector jars come from the local cache, so no network. */
export function sparkSubmitArgs(opts: SparkJob): { command: string; args: string[]; env: NodeJS.ProcessEnv } {
  const onCluster = opts.master.startsWith("spark://");
  const conf: Record<string, string> = {
    // The default of 200 shuffle partitions means 200 tiny tasks per micro-batch on 2 cores.
    "spark.sql.shuffle.partitions": "2",
    "spark.ui.showConsoleProgress": "false",
    "spark.log.level": "WARN",
    "spark.pyspark.python": venvPython(),
    ...opts.conf,
  };
  const args = [
    "--master", opts.master,
    "--name", opts.name,
    "--driver-memory", "1g",
    ...(onCluster && !conf["spark.executor.memory"] ? ["--executor-memory", "1g"] : []),
    "--jars", connectorJars().join(","),
    ...(opts.propertiesFile ? ["--properties-file", opts.propertiesFile] : []),
    ...Object.entries(conf).flatMap(([k, v]) => ["--conf", `${k}=${v}`]),
    opts.app,
    ...opts.appArgs,
  ];
  return { command: path.join(sparkHome(), "bin", "spark-submit"), args, env: sparkEnv() };
}

/**
 * A job run for a test, the bench or a CLI command dies with the process
 * that started it (setpriv's parent-death signal, kept across spark-submit's
 * exec into the JVM). Its own process group keeps it from a terminal's
 * Ctrl-C, and a starter killed before its cleanup once left a driver holding
 * every core of the worker: every later job waited for resources.
 */
function dieWithStarter(command: string, args: string[]): [string, string[]] {
  return ["setpriv", ["--pdeathsig", "KILL", "--", command, ...args]];
}

/** spark-submit in its own process group, dying with its starter, everything it prints collected. */
export function spawnSparkSubmit(command: string, args: string[], env: NodeJS.ProcessEnv) {
  const [wrapper, wrapped] = dieWithStarter(command, args);
  const child = spawn(wrapper, wrapped, { env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  const collect = (d: Buffer) => (output += d.toString());
  child.stdout.on("data", collect);
  child.stderr.on("data", collect);
  return { child, output: () => output };
}

export interface SparkJobResult {
  output: string;
  durationMs: number;
}

/**
 * Runs a job to completion (batch or availableNow streaming). Its own process
 * group, so a timeout also ends the Python driver that the JVM started.
 */
export function runSparkJob(opts: SparkJob & { timeoutMs?: number }): Promise<SparkJobResult> {
  const { command, args, env } = sparkSubmitArgs(opts);
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const { child, output } = spawnSparkSubmit(command, args, env);
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        process.kill(-child.pid!, "SIGKILL");
      } catch {
        /* already gone */
      }
    }, opts.timeoutMs ?? 600_000);
    child.on("error", (err) => {
      clearTimeout(timer);
      reject(new CosmoError("PREREQUISITE_MISSING", `cannot run spark-submit: ${err.message}`, { cause: err }));
    });
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      const durationMs = Date.now() - started;
      if (code === 0) return resolve({ output: output(), durationMs });
      const tail = output().trimEnd().split("\n").slice(-40).join("\n");
      const why = timedOut ? `timed out after ${durationMs} ms` : `exited with ${code ?? signal}`;
      reject(new CosmoError("SERVICE_FAILED", `Spark job ${opts.name} ${why}:\n${tail}`));
    });
  });
}
