import { z } from "zod";

/**
 * The detector configuration: one validated document, defaults from the
 * dataset (DETECTOR.md). Shared by the parser, the generator, the Spark job
 * (passed as JSON), the reference statistics and the UI.
 */
export const chamberMapEntrySchema = z.object({
  chamber: z.number().int().min(0).max(15),
  fpga: z.number().int().min(0).max(15),
  /** First TDC_CHANNEL of the chamber; it spans `channelsPerChamber` channels. */
  firstChannel: z.number().int().min(0).max(511),
});

export const scintillatorSchema = z.object({
  fpga: z.number().int().min(0).max(15),
  channel: z.number().int().min(0).max(511),
});

export const driftBinsSchema = z
  .object({
    minNs: z.number().default(-200),
    maxNs: z.number().default(600),
    binNs: z.number().positive().default(10),
  })
  .refine((b) => b.maxNs > b.minNs, { message: "maxNs must be greater than minNs", path: ["maxNs"] })
  .refine((b) => Number.isInteger((b.maxNs - b.minNs) / b.binNs), {
    message: "(maxNs - minNs) must be a whole number of bins",
    path: ["binNs"],
  });

export const detectorConfigSchema = z
  .object({
    /** HEAD value marking a drift-tube hit: 2 in the dataset, 1 in the 2019 run. */
    validHead: z.number().int().min(0).max(3).default(2),
    channelsPerChamber: z.number().int().min(1).max(128).default(64),
    chambers: z
      .array(chamberMapEntrySchema)
      .min(1)
      .default([
        { chamber: 0, fpga: 0, firstChannel: 0 },
        { chamber: 1, fpga: 0, firstChannel: 64 },
        { chamber: 2, fpga: 1, firstChannel: 0 },
        { chamber: 3, fpga: 1, firstChannel: 64 },
      ]),
    /** Channels carrying the external scintillator signal (firmware versions differ). */
    scintillator: z.array(scintillatorSchema).min(1).default([{ fpga: 1, channel: 128 }]),
    /** Window length in orbits; 11,223 orbits is about one second. */
    orbitsPerWindow: z.number().int().min(1).default(11_223),
    driftBins: driftBinsSchema.default({ minNs: -200, maxNs: 600, binNs: 10 }),
  })
  .superRefine((c, ctx) => {
    const ids = c.chambers.map((m) => m.chamber).sort((a, b) => a - b);
    ids.forEach((id, i) => {
      if (id !== i) ctx.addIssue({ code: "custom", path: ["chambers"], message: "chambers must be numbered 0..n-1, each once" });
    });
  });

export type DetectorConfig = z.infer<typeof detectorConfigSchema>;

export const defaultDetectorConfig: DetectorConfig = detectorConfigSchema.parse({});

export const driftBinCount = (c: DetectorConfig) => Math.round((c.driftBins.maxNs - c.driftBins.minNs) / c.driftBins.binNs);
