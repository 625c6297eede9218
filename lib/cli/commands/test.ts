import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { progress } from "@/lib/cli/output";
import { childEnv, env, repoRoot } from "@/lib/env";
import { ensureTestPrerequisites } from "@/lib/runtime/os-packages";
import { portIsFree, processesMentioning } from "@/lib/runtime/process";
import { venvPython } from "@/lib/runtime/services/spark";
import { createWebService } from "@/lib/runtime/services/web";
import { down, up } from "@/lib/runtime/stack";
import { createTestNetwork, removeTestNetwork, testNetwork } from "@/lib/runtime/test-network";

/**
 * A stack of its own: a separate COSMO_HOME and nine consecutive ports from
 * `base`, so a running product on the default ports is never touched and
 * every run starts from empty services. `cosmo test` and `cosmo bench` use it.
 */
export function isolatedEnv(home: string, base: number): Record<string, string> {
  const ports = ["WEB", "PG", "KAFKA", "KAFKA_CONTROLLER", "SPARK_MASTER", "SPARK_MASTER_UI", "SPARK_WORKER_UI", "S3", "SSHD"];
  return {
    COSMO_HOME: home,
    ...Object.fromEntries(ports.map((name, i) => [`COSMO_${name}_PORT`, String(base + i)])),
  };
}

/**
 * Two checkouts can test side by side with different COSMO_TEST_PORT_BASE,
 * which also names their test network (lib/runtime/test-network.ts): the
 * services listen on its address too, where its hosts reach them.
 */
const testEnv = (): Record<string, string> => ({
  ...isolatedEnv(path.join(repoRoot, ".cosmo", "test-home"), env.COSMO_TEST_PORT_BASE),
  COSMO_CLUSTER_ADDRESS: testNetwork(env.COSMO_TEST_PORT_BASE).rootAddress,
});

function exec(command: string, args: string[], extraEnv: Record<string, string | undefined> = {}): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: repoRoot, stdio: "inherit", env: childEnv(extraEnv) });
    child.on("exit", (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

const bin = (name: string) => path.join(repoRoot, "node_modules", ".bin", name);

function testFiles(args: string[]): string[] {
  if (args.length) return args;
  return fs
    .readdirSync(path.join(repoRoot, "tests"))
    .filter((f) => f.endsWith(".test.ts"))
    .sort()
    .map((f) => path.join("tests", f));
}

/** Runs `cosmo <command> args` in a new process with extra environment: how a command moves into its isolated stack. */
export function execCli(command: string, args: string[], extraEnv: Record<string, string>): Promise<number> {
  return exec(process.execPath, ["--import", "tsx", path.join(repoRoot, "lib", "cli", "main.ts"), command, ...args], extraEnv);
}

/** Reports whatever still runs from `home` after down; true when nothing does. */
export function nothingLeftBehind(home: string): boolean {
  const leftovers = processesMentioning(home);
  if (leftovers.length > 0) {
    progress(`processes left behind after stopping:\n${leftovers.map((p) => `  ${p.pid} ${p.command}`).join("\n")}`);
    return false;
  }
  progress("no process left behind");
  return true;
}

/** `npm test`: lint and typecheck, then the suite in a process with the test environment. */
export async function testCommand(args: string[]): Promise<number> {
  progress("lint (eslint)");
  if ((await exec(bin("eslint"), ["."])) !== 0) return 1;
  progress("typecheck (tsc --noEmit)");
  if ((await exec(bin("tsc"), ["--noEmit"])) !== 0) return 1;
  return execCli("test:run", args, { ...testEnv(), NODE_ENV: "test" });
}

/** Runs inside the test environment: bring every service up, run, always tear down. */
export async function testRunCommand(args: string[]): Promise<number> {
  if (env.COSMO_HOME !== testEnv().COSMO_HOME) throw new Error("test:run is started by `cosmo test`");
  await ensureTestPrerequisites(progress);
  // A killed run's hosts still run from the old home: they go before it does.
  await removeTestNetwork(progress);
  fs.rmSync(env.COSMO_HOME, { recursive: true, force: true });
  const web = createWebService();
  let code = 1;
  try {
    // Before the services: they listen on its bridge address too.
    await createTestNetwork(progress);
    await up(progress, { withTestServices: true, web });
    // The Spark job's unit tests need the job's virtualenv, which `up` installs.
    progress("running the Spark job's unit tests (pytest)");
    const units = await exec(venvPython(), ["-m", "pytest", "-q", "-p", "no:cacheprovider", path.join("workers", "spark", "tests")]);
    progress("running tests");
    code = await exec(bin("tsx"), ["--test", "--test-concurrency=1", "--test-reporter=spec", ...testFiles(args)]);
    if (units !== 0) code = units;
  } finally {
    progress("stopping test services");
    await down(progress, web);
    // Every process of its hosts goes with it, whatever a failed test left running there.
    await removeTestNetwork(progress);
  }
  const webPortFree = await portIsFree(env.COSMO_HOST, env.COSMO_WEB_PORT);
  if (!webPortFree) progress("the web port is still taken after stopping");
  return nothingLeftBehind(env.COSMO_HOME) && webPortFree ? code : 1;
}
