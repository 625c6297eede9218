import type { z } from "zod";
import { detectorConfigSchema } from "@/lib/detector/config";
import { db } from "@/lib/db";
import { CosmoError } from "@/lib/errors";
import type { Run } from "@/lib/generated/prisma/client";
import { qualityChecksSchema, type QualityChecksInput } from "@/lib/quality/quality-config";
import { referenceInForce } from "@/lib/quality/reference-in-force";
import { runSourceSchema } from "@/lib/runs/run-source";

export interface CreateRunInput {
  name: string;
  /** Omitted fields take the dataset's defaults. */
  detector?: z.input<typeof detectorConfigSchema>;
  source: z.input<typeof runSourceSchema>;
  clusterId?: string;
  startedBy?: string;
  /** The cluster configuration as the run started, kept as it was. */
  config?: object;
  /** The quality checks (the cluster spec's `quality`); omitted: the defaults. */
  quality?: QualityChecksInput;
}

/**
 * Stores a new run in state `pending`. Validated here, once, so that workers
 * can trust the stored documents. The cluster's reference in force and the
 * quality checks are frozen into it, like its configuration.
 */
export async function createRun(input: CreateRunInput): Promise<Run> {
  const name = input.name.trim();
  if (!name) throw new CosmoError("BAD_REQUEST", "a run needs a name");
  const detector = detectorConfigSchema.safeParse(input.detector ?? {});
  if (!detector.success) throw new CosmoError("BAD_REQUEST", `invalid detector configuration: ${detector.error.issues[0]?.message}`);
  const source = runSourceSchema.safeParse(input.source);
  if (!source.success) throw new CosmoError("BAD_REQUEST", `invalid run source: ${source.error.issues[0]?.message}`);
  const quality = qualityChecksSchema.safeParse(input.quality ?? {});
  if (!quality.success) throw new CosmoError("BAD_REQUEST", `invalid quality checks: ${quality.error.issues[0]?.message}`);
  const reference = input.clusterId ? await referenceInForce(input.clusterId) : null;
  return db.run.create({
    data: {
      name,
      detector: detector.data,
      source: source.data,
      clusterId: input.clusterId,
      startedBy: input.startedBy ?? "",
      config: input.config,
      qualityChecks: quality.data,
      ...(reference ? { reference } : {}),
    },
  });
}
