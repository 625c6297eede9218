import fs from "node:fs";
import path from "node:path";
import { requireMaven } from "@/lib/runtime/prerequisites";
import { run } from "@/lib/runtime/process";

export interface MavenArtifact {
  groupId: string;
  artifactId: string;
  version: string;
}

/**
 * Copies artifacts and their runtime dependencies from Maven Central into
 * `dir`. Done once at install: afterwards everything runs offline from there.
 */
export async function fetchJars(dir: string, artifacts: MavenArtifact[]): Promise<void> {
  const marker = path.join(dir, ".complete");
  const wanted = JSON.stringify(artifacts);
  if (fs.existsSync(marker) && fs.readFileSync(marker, "utf8") === wanted) return;
  await requireMaven();
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const deps = artifacts
    .map((a) => `<dependency><groupId>${a.groupId}</groupId><artifactId>${a.artifactId}</artifactId><version>${a.version}</version></dependency>`)
    .join("\n");
  const pom = `<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>cosmo</groupId><artifactId>cosmo-jars</artifactId><version>1</version>
  <dependencies>${deps}</dependencies>
</project>`;
  const pomPath = path.join(dir, "pom.xml");
  fs.writeFileSync(pomPath, pom);
  await run("mvn", [
    "-q",
    "-B",
    "-f",
    pomPath,
    "dependency:copy-dependencies",
    "-DincludeScope=runtime",
    `-DoutputDirectory=${dir}`,
  ]);
  fs.rmSync(pomPath);
  fs.writeFileSync(marker, wanted);
}
