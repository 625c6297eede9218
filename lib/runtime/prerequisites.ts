import { env } from "@/lib/env";
import { CosmoError } from "@/lib/errors";
import { run } from "@/lib/runtime/process";
import path from "node:path";

export function javaBin(): string {
  return env.JAVA_HOME ? path.join(env.JAVA_HOME, "bin", "java") : "java";
}

/** Java 17 or later: Kafka 4 and Spark 4 both run on it. */
export async function requireJava(): Promise<string> {
  let out: string;
  try {
    out = (await run(javaBin(), ["-version"])).stderr;
  } catch {
    throw new CosmoError("PREREQUISITE_MISSING", "Java 17 or later is required (install openjdk-17-jre-headless, or set JAVA_HOME).");
  }
  const match = /version "(\d+)(?:\.(\d+))?/.exec(out);
  const major = match ? Number(match[1] === "1" ? match[2] : match[1]) : 0;
  if (major < 17) {
    throw new CosmoError("PREREQUISITE_MISSING", `Java 17 or later is required; found ${match?.[0] ?? "an unknown version"} (set JAVA_HOME).`);
  }
  return out.split("\n")[0] ?? "";
}

/** Python 3.10 or later, for the PySpark virtualenv. */
export async function requirePython(): Promise<string> {
  let out: string;
  try {
    out = (await run(env.COSMO_PYTHON, ["--version"])).stdout.trim();
  } catch {
    throw new CosmoError("PREREQUISITE_MISSING", `Python 3.10 or later is required (not found as ${env.COSMO_PYTHON}; set COSMO_PYTHON).`);
  }
  const [, major, minor] = /Python (\d+)\.(\d+)/.exec(out) ?? [];
  if (Number(major) < 3 || (Number(major) === 3 && Number(minor) < 10)) {
    throw new CosmoError("PREREQUISITE_MISSING", `Python 3.10 or later is required; found ${out} (set COSMO_PYTHON).`);
  }
  return out;
}

export async function requireMaven(): Promise<void> {
  try {
    await run("mvn", ["-v"]);
  } catch {
    throw new CosmoError("PREREQUISITE_MISSING", "Maven (mvn) is required once, to fetch the Kafka and Spark connector jars from Maven Central (apt-get install maven).");
  }
}

/** Go 1.25 or later (versitygw's go.mod), once: the local S3 server is built from its Go module at install. */
export async function requireGo(): Promise<void> {
  const hint = "to build the local S3 server (versitygw) once; or set S3_ENDPOINT to use another S3";
  let out: string;
  try {
    out = (await run("go", ["version"])).stdout;
  } catch {
    throw new CosmoError("PREREQUISITE_MISSING", `Go 1.25 or later is required ${hint}.`);
  }
  const [, major, minor] = /go(\d+)\.(\d+)/.exec(out) ?? [];
  if (Number(major) < 1 || (Number(major) === 1 && Number(minor) < 25)) {
    throw new CosmoError("PREREQUISITE_MISSING", `Go 1.25 or later is required ${hint}; found ${out.trim()}.`);
  }
}
