import { numberFlag, parseWithFlagsOrThrow, tupleFlag } from "@/lib/cli/flags";
import { type DetectorConfig, detectorConfigSchema } from "@/lib/detector/config";

/** Flags for every detector setting, shared by the commands that read or write data. */
export const detectorFlagOptions = {
  "valid-head": { type: "string" },
  "orbits-per-window": { type: "string" },
  scintillator: { type: "string", multiple: true },
  "chamber-map": { type: "string" },
  "channels-per-chamber": { type: "string" },
  "drift-min": { type: "string" },
  "drift-max": { type: "string" },
  "drift-bin": { type: "string" },
} as const;

export const detectorFlagsUsage = `detector settings (defaults: the dataset's):
  --valid-head N             HEAD value of hits (2; the 2019 run used 1)
  --orbits-per-window N      window length in orbits (11223, about 1 s)
  --scintillator FPGA:CH     scintillator channel, repeatable (1:128)
  --chamber-map MAP          chamber:fpga:firstChannel,... (0:0:0,1:0:64,2:1:0,3:1:64)
  --channels-per-chamber N   (64)
  --drift-min NS --drift-max NS --drift-bin NS   drift-time histogram (-200, 600, 10)`;

type DetectorFlagValues = { [K in keyof typeof detectorFlagOptions]?: (typeof detectorFlagOptions)[K] extends { multiple: true } ? string[] : string };

const flagOfPath: Record<string, string> = {
  validHead: "valid-head",
  orbitsPerWindow: "orbits-per-window",
  scintillator: "scintillator",
  chambers: "chamber-map",
  channelsPerChamber: "channels-per-chamber",
  minNs: "drift-min",
  maxNs: "drift-max",
  binNs: "drift-bin",
};

function flagOf(path: PropertyKey[]): string {
  const key = String(path[0] === "driftBins" ? (path[1] ?? "binNs") : path[0]);
  return flagOfPath[key] ?? key;
}

/** The validated configuration; an invalid value names its flag. */
export function detectorConfigFromFlags(values: DetectorFlagValues): DetectorConfig {
  const drift = {
    minNs: numberFlag("drift-min", values["drift-min"]),
    maxNs: numberFlag("drift-max", values["drift-max"]),
    binNs: numberFlag("drift-bin", values["drift-bin"]),
  };
  const input = {
    validHead: numberFlag("valid-head", values["valid-head"]),
    orbitsPerWindow: numberFlag("orbits-per-window", values["orbits-per-window"]),
    channelsPerChamber: numberFlag("channels-per-chamber", values["channels-per-chamber"]),
    scintillator: values.scintillator?.map((raw) => {
      const [fpga, channel] = tupleFlag("scintillator", raw, 2, "FPGA:CHANNEL");
      return { fpga, channel };
    }),
    chambers: values["chamber-map"]?.split(",").map((raw) => {
      const [chamber, fpga, firstChannel] = tupleFlag("chamber-map", raw, 3, "CHAMBER:FPGA:FIRST_CHANNEL");
      return { chamber, fpga, firstChannel };
    }),
    driftBins: Object.values(drift).some((v) => v !== undefined) ? drift : undefined,
  };
  return parseWithFlagsOrThrow(detectorConfigSchema, input, flagOf);
}
