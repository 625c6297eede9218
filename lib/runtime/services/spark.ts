import fs from "node:fs";
import path from "node:path";
import { childEnv, env } from "@/lib/env";
import { CosmoError } from "@/lib/errors";
import { fetchJars } from "@/lib/runtime/maven";
import { cacheDir, privateDir, serviceDir } from "@/lib/runtime/paths";
import { javaBin, requireJava, requirePython } from "@/lib/runtime/prerequisites";
import { assertPortFree, httpJson, isAlive, readPid, run, spawnDaemon, stopDaemon, waitUntil } from "@/lib/runtime/process";
import { daemonStatus, type Progress, type Service } from "@/lib/runtime/service";

// Newest release that has both a pyspark on PyPI and its Kafka connector on Maven
// Central (4.2.1/4.3.0 are on PyPI only). Spark 4.x runs on Java 17; Java 21 is
// only required from Spark 5.
export const SPARK_VERSION = "4.2.0";
const SCALA_VERSION = "2.13";

const host = () => env.COSMO_HOST;
const venvDir = () => cacheDir("venv");
const connectorDir = () => cacheDir(`spark-kafka-${SPARK_VERSION}`);
// The Hadoop client pyspark 4.2 ships (hadoop-client-api-3.5.0.jar): hadoop-aws must match it.
const HADOOP_VERSION = "3.5.0";
const s3aDir = () => cacheDir(`spark-s3a-${HADOOP_VERSION}`);

export const venvPython = () => path.join(venvDir(), "bin", "python");
const masterHost = () => env.COSMO_SPARK_MASTER_HOST ?? host();
export const sparkMasterUrl = () => `spark://${masterHost()}:${env.COSMO_SPARK_MASTER_PORT}`;
export const sparkMasterUiUrl = () => `http://${masterHost()}:${env.COSMO_SPARK_MASTER_UI_PORT}`;
export const sparkWorkerUiUrl = () => `http://${host()}:${env.COSMO_SPARK_WORKER_UI_PORT}`;

/** The pyspark package directory, which is a complete SPARK_HOME (bin/, jars/). */
export function sparkHome(): string {
  const lib = path.join(venvDir(), "lib");
  const python = fs.existsSync(lib) ? fs.readdirSync(lib).find((d) => d.startsWith("python")) : undefined;
  const home = python && path.join(lib, python, "site-packages", "pyspark");
  if (!home || !fs.existsSync(path.join(home, "jars"))) {
    throw new CosmoError("PREREQUISITE_MISSING", "Spark is not installed; run `cosmo install` first.");
  }
  return home;
}

/** The jars fetched into `dir`; `what` is missing unless one starts with `main`. */
function cachedJars(dir: string, main: string, what: string): string[] {
  const jars = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith(".jar")) : [];
  if (!jars.some((j) => j.startsWith(main))) throw new CosmoError("PREREQUISITE_MISSING", `${what} is not installed; run \`cosmo install\` first.`);
  return jars.sort().map((j) => path.join(dir, j));
}

/** Kafka connector jars that Spark lacks, passed to spark-submit with --jars. */
export const connectorJars = () => cachedJars(connectorDir(), "spark-sql-kafka", "The Spark Kafka connector");

/**
 * hadoop-aws and its AWS SDK bundle (about 700 MB), for checkpoints on S3
 * (s3a://). On the class path of the driver and the executors from the local
 * cache rather than shipped with --jars, which would copy them to every
 * executor of every run.
 */
export const s3aJars = () => cachedJars(s3aDir(), "hadoop-aws", "hadoop-aws");

/** Environment for every Spark process: daemons, launcher and spark-submit. */
export function sparkEnv(): NodeJS.ProcessEnv {
  const conf = serviceDir("spark", "conf");
  fs.mkdirSync(conf, { recursive: true });
  return childEnv({
    ...(env.JAVA_HOME ? { JAVA_HOME: env.JAVA_HOME } : {}),
    SPARK_HOME: sparkHome(),
    // Set by load-spark-env.sh for spark-class; the launcher needs it when we call it directly.
    SPARK_SCALA_VERSION: SCALA_VERSION,
    SPARK_CONF_DIR: conf,
    // Spark's own logs and scratch data: the owner's only, like COSMO's logs.
    SPARK_LOG_DIR: privateDir(serviceDir("spark", "logs")),
    SPARK_LOCAL_DIRS: privateDir(serviceDir("spark", "tmp")),
    SPARK_LOCAL_IP: host(),
    SPARK_DAEMON_MEMORY: "512m",
    PYSPARK_PYTHON: venvPython(),
    PYSPARK_DRIVER_PYTHON: venvPython(),
  });
}

// "my-lib-1.2.3.jar" -> "my-lib"; artifact ids may contain "-0-10_2.13", versions start "<digits>.".
const artifactOf = (jar: string) => /^(.+?)-\d+\.[^-]*(?:-.+)?\.jar$/.exec(jar)?.[1] ?? jar;

async function installedPyspark(): Promise<string | undefined> {
  if (!fs.existsSync(venvPython())) return undefined;
  try {
    return (await run(venvPython(), ["-c", "import pyspark; print(pyspark.__version__)"])).stdout.trim();
  } catch {
    return undefined;
  }
}

let installing: Promise<void> | undefined;

// pyspark's sql extra, which the statistics job needs (applyInPandas, Arrow).
// pandas 3 is not supported by pyspark 4.2 yet (it warns and misbehaves).
// pytest runs the job's unit tests (`npm test`); kafka-python is the
// original's producer, the baseline of `npm run bench`.
const JOB_PYTHON_LIBRARIES = ["pandas>=2.2.0,<3", "pyarrow>=18.0.0", "numpy>=1.21", "pytest>=8", "kafka-python>=2.0.2"];

/** Installs the job's Python libraries into the virtualenv when missing; cheap when present. */
export async function ensureJobPythonLibraries(progress: Progress = () => {}): Promise<void> {
  const probe = "import numpy, pyarrow, pandas, pytest, kafka; assert int(pandas.__version__.split('.')[0]) < 3";
  try {
    await run(venvPython(), ["-c", probe]);
    return;
  } catch {
    progress("installing pandas, pyarrow, numpy, pytest and kafka-python for the statistics job");
  }
  await run(venvPython(), ["-m", "pip", "install", "--disable-pip-version-check", "--no-input", "--no-cache-dir", "-q", ...JOB_PYTHON_LIBRARIES]);
}

async function installSpark(progress: Progress): Promise<void> {
  await requirePython();
  if (!fs.existsSync(venvPython())) {
    progress(`creating Python virtualenv in ${venvDir()}`);
    await run(env.COSMO_PYTHON, ["-m", "venv", venvDir()]);
  }
  if ((await installedPyspark()) !== SPARK_VERSION) {
    progress(`installing pyspark ${SPARK_VERSION} from PyPI (about 450 MB, takes a few minutes)`);
    await run(venvPython(), ["-m", "pip", "install", "--disable-pip-version-check", "--no-input", "--no-cache-dir", "-q", `pyspark==${SPARK_VERSION}`]);
  }
  await ensureJobPythonLibraries(progress);
  const fetched = fs.existsSync(connectorDir()) && fs.readdirSync(connectorDir()).some((f) => f.startsWith("spark-sql-kafka"));
  if (!fetched) progress(`fetching the Kafka connector ${SPARK_VERSION} from Maven Central`);
  await fetchJars(connectorDir(), [
    { groupId: "org.apache.spark", artifactId: `spark-sql-kafka-0-10_${SCALA_VERSION}`, version: SPARK_VERSION },
  ]);
  if (!fs.existsSync(path.join(s3aDir(), ".complete"))) progress(`fetching hadoop-aws ${HADOOP_VERSION} and the AWS SDK bundle from Maven Central (about 700 MB)`);
  await fetchJars(s3aDir(), [{ groupId: "org.apache.hadoop", artifactId: "hadoop-aws", version: HADOOP_VERSION }]);
  // Two versions of one library on the classpath (snappy, lz4, slf4j, ...) break at
  // runtime, so keep only what Spark does not already ship.
  const shipped = new Set(fs.readdirSync(path.join(sparkHome(), "jars")).map(artifactOf));
  for (const dir of [connectorDir(), s3aDir()]) {
    for (const jar of fs.readdirSync(dir).filter((f) => f.endsWith(".jar"))) {
      if (shipped.has(artifactOf(jar))) fs.rmSync(path.join(dir, jar));
    }
  }
}

/** Shared by master and worker; concurrent calls share one run. */
function install(progress: Progress): Promise<void> {
  installing ??= installSpark(progress).finally(() => (installing = undefined));
  return installing;
}

/**
 * The java command line spark-class would exec, from Spark's own launcher. We
 * spawn java directly so the pid we record is the JVM itself and its command
 * line names "java" (spark-class's bash would exec away from its own name).
 */
async function launchCommand(mainClass: string, args: string[], childEnv: NodeJS.ProcessEnv) {
  const home = sparkHome();
  const { stdout } = await run(javaBin(), ["-Xmx128m", "-cp", path.join(home, "jars", "*"), "org.apache.spark.launcher.Main", mainClass, ...args], {
    env: childEnv,
  });
  // Informational lines, then "\0\n", then the command, NUL-separated.
  const start = stdout.indexOf("\0\n");
  const parts = stdout.slice(start < 0 ? 0 : start + 2).split("\0").filter((p) => p !== "");
  const extraEnv: Record<string, string> = {};
  // The launcher prefixes "env K=V ..." when the child needs extra variables.
  if (parts[0] === "env") {
    parts.shift();
    while (parts[0] && /^[A-Za-z_][A-Za-z0-9_]*=/.test(parts[0])) {
      const kv = parts.shift()!;
      extraEnv[kv.slice(0, kv.indexOf("="))] = kv.slice(kv.indexOf("=") + 1);
    }
  }
  const [command, ...rest] = parts;
  if (!command) throw new CosmoError("SERVICE_FAILED", `spark: the launcher printed no command for ${mainClass}`);
  return { command, args: rest, env: { ...childEnv, ...extraEnv } };
}

interface MasterJson {
  status: string;
  aliveworkers?: number;
  workers: { id: string; webuiaddress: string; cores: number; memory: number; state: string }[];
}

export const masterJson = () => httpJson<MasterJson>(`${sparkMasterUiUrl()}/json`);
const masterAlive = async () => (await masterJson()).status === "ALIVE";

/** Our worker is the ALIVE one the master lists with our web UI port. */
async function workerRegistered(): Promise<boolean> {
  const { workers } = await masterJson();
  const mine = workers.some((w) => w.state === "ALIVE" && w.webuiaddress.endsWith(`:${env.COSMO_SPARK_WORKER_UI_PORT}`));
  return mine && (await fetch(`${sparkWorkerUiUrl()}/json`, { signal: AbortSignal.timeout(2000) })).ok;
}

export const sparkMaster: Service = {
  name: "spark-master",
  description: "Apache Spark standalone master",
  version: SPARK_VERSION,
  install,

  async start(progress) {
    const running = readPid("spark-master");
    if (isAlive(running)) {
      await waitUntil(masterAlive, { service: "spark-master", what: "master to be ALIVE", pid: running, timeoutMs: 90_000 });
      return;
    }
    await requireJava();
    await assertPortFree(host(), env.COSMO_SPARK_MASTER_PORT, "spark-master");
    await assertPortFree(host(), env.COSMO_SPARK_MASTER_UI_PORT, "spark-master (web UI)");
    const cmd = await launchCommand(
      "org.apache.spark.deploy.master.Master",
      ["--host", host(), "--port", String(env.COSMO_SPARK_MASTER_PORT), "--webui-port", String(env.COSMO_SPARK_MASTER_UI_PORT)],
      // The REST submission server (port 6066) takes jobs without authentication: off. A worker
      // host lost shows as DEAD after 20 s without heartbeats (Spark's default waits 60 s).
      { ...sparkEnv(), SPARK_MASTER_OPTS: "-Dspark.master.rest.enabled=false -Dspark.worker.timeout=20" },
    );
    progress(`starting master at ${sparkMasterUrl()}`);
    const pid = spawnDaemon({ name: "spark-master", ...cmd, cwd: serviceDir("spark") });
    await waitUntil(masterAlive, { service: "spark-master", what: "master to be ALIVE", pid, timeoutMs: 90_000 });
    progress(`master ready, web UI ${sparkMasterUiUrl()}`);
  },

  async stop(progress) {
    if (await stopDaemon("spark-master")) progress("master stopped");
  },

  status() {
    return daemonStatus(
      { name: "spark-master", version: SPARK_VERSION, port: env.COSMO_SPARK_MASTER_PORT, url: sparkMasterUiUrl() },
      masterAlive,
    );
  },
};

export const sparkWorker: Service = {
  name: "spark-worker",
  description: "Apache Spark standalone worker",
  version: SPARK_VERSION,
  install,

  async start(progress) {
    const running = readPid("spark-worker");
    if (isAlive(running)) {
      await waitUntil(workerRegistered, { service: "spark-worker", what: "worker to register", pid: running, timeoutMs: 90_000 });
      return;
    }
    if (!(await masterAlive().catch(() => false))) {
      throw new CosmoError("SERVICE_UNAVAILABLE", `The Spark worker needs the Spark master at ${sparkMasterUrl()}: start spark-master first.`);
    }
    await requireJava();
    await assertPortFree(host(), env.COSMO_SPARK_WORKER_UI_PORT, "spark-worker (web UI)");
    // The executors' stdout and stderr land here.
    const workDir = privateDir(serviceDir("spark", "work"));
    const cmd = await launchCommand(
      "org.apache.spark.deploy.worker.Worker",
      [
        sparkMasterUrl(),
        "--host", host(),
        "--webui-port", String(env.COSMO_SPARK_WORKER_UI_PORT),
        "--cores", String(env.COSMO_SPARK_WORKER_CORES),
        "--memory", env.COSMO_SPARK_WORKER_MEMORY,
        "--work-dir", workDir,
      ],
      sparkEnv(),
    );
    progress(`starting worker (${env.COSMO_SPARK_WORKER_CORES} cores, ${env.COSMO_SPARK_WORKER_MEMORY})`);
    const pid = spawnDaemon({ name: "spark-worker", ...cmd, cwd: serviceDir("spark") });
    await waitUntil(workerRegistered, { service: "spark-worker", what: "worker to register with the master", pid, timeoutMs: 90_000 });
    progress(`worker ready, web UI ${sparkWorkerUiUrl()}`);
  },

  async stop(progress) {
    if (await stopDaemon("spark-worker")) progress("worker stopped");
  },

  status() {
    return daemonStatus(
      { name: "spark-worker", version: SPARK_VERSION, port: env.COSMO_SPARK_WORKER_UI_PORT, url: sparkWorkerUiUrl() },
      workerRegistered,
    );
  },
};
