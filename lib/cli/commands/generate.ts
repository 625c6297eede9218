import { faultFlag, faultFlagUsage } from "@/lib/cli/fault-flag";
import { detectorConfigFromFlags, detectorFlagOptions, detectorFlagsUsage } from "@/lib/cli/detector-flags";
import { numberFlag, parseFlags, parseWithFlagsOrThrow, tupleFlag } from "@/lib/cli/flags";
import { progress } from "@/lib/cli/output";
import { writeStdout } from "@/lib/cli/write-stdout";
import { CosmoError } from "@/lib/errors";
import { isDatEncodable } from "@/lib/generator/encode";
import { generatorOptionsSchema } from "@/lib/generator/options";
import { folderSink, s3Sink } from "@/lib/generator/sinks";
import { generateWords } from "@/lib/generator/stream";
import { writeDataFiles } from "@/lib/generator/write-files";

export const generateUsage = `usage: cosmo generate (--out DIR | --bucket NAME [--prefix P]) (--records N | --seconds S) [options]

Synthetic MiniDT data shaped like the real dataset, deterministic for a seed.
  --out DIR                  write data_000000.txt, ... into DIR
  --bucket NAME              upload them to an S3 bucket instead (created if missing)
  --prefix P                 key prefix in the bucket ("")
  --records N                stop after N records
  --seconds S                stop after S seconds of detector time
  --seed N                   (1)
  --format txt|dat           text with header, or 64-bit DAQ words (txt)
  --records-per-file N       (1310720, like the real files)
  --rate HZ                  cosmic muons per second (8)
  --noise-rate HZ            uncorrelated noise hits per second (540)
  --ancillary-rate HZ        ancillary word groups per second and FPGA (33)
  --noisy FPGA:CH:HZ         a noisy channel, repeatable (0:66:10)
  --dead FPGA:CH             a dead channel, repeatable (1:101)
  --fault KIND@SECONDS:...   a fault from that detector time on, repeatable:
${faultFlagUsage.map((f) => `                               ${f}`).join("\n")}
                             (efficiency-drop SHARE 0..1 of the chamber's hits lost; t0-shift NS later)
  --start-orbit N            ORBIT_CNT of the first orbit (3387200000); it wraps at 2^32 like
                             the counter (4294960000: the wrap comes after 0.65 s)
${detectorFlagsUsage}
`;

const flagOfOption: Record<string, string> = {
  seed: "seed",
  startOrbit: "start-orbit",
  muonRateHz: "rate",
  noiseRateHz: "noise-rate",
  ancillaryRateHz: "ancillary-rate",
  noisyChannels: "noisy",
  deadChannels: "dead",
  faults: "fault",
};

export async function generateCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseFlags(args, {
    ...detectorFlagOptions,
    out: { type: "string" },
    bucket: { type: "string" },
    prefix: { type: "string", default: "" },
    records: { type: "string" },
    seconds: { type: "string" },
    seed: { type: "string" },
    format: { type: "string", default: "txt" },
    "records-per-file": { type: "string", default: "1310720" },
    rate: { type: "string" },
    "noise-rate": { type: "string" },
    "ancillary-rate": { type: "string" },
    noisy: { type: "string", multiple: true },
    dead: { type: "string", multiple: true },
    fault: { type: "string", multiple: true },
    "start-orbit": { type: "string" },
    help: { type: "boolean" },
  });
  if (values.help) {
    await writeStdout(generateUsage);
    return 0;
  }
  const usageError = (message: string) => new CosmoError("BAD_REQUEST", `${message}\n\n${generateUsage.trimEnd()}`);
  if (positionals.length > 0) throw usageError(`unexpected argument "${positionals[0]}"`);
  if (Boolean(values.out) === Boolean(values.bucket)) throw usageError("give exactly one of --out DIR or --bucket NAME");
  const format = values.format;
  if (format !== "txt" && format !== "dat") throw new CosmoError("BAD_REQUEST", `--format: "${format}" is not txt or dat`);
  const records = positiveIntegerFlag("records", values.records);
  const seconds = numberFlag("seconds", values.seconds);
  if (records === undefined && seconds === undefined) throw usageError("give --records N or --seconds S");
  if (seconds !== undefined && !(seconds > 0)) throw new CosmoError("BAD_REQUEST", `--seconds: must be positive`);
  const recordsPerFile = positiveIntegerFlag("records-per-file", values["records-per-file"])!;

  const detector = detectorConfigFromFlags(values);
  const options = parseWithFlagsOrThrow(
    generatorOptionsSchema,
    {
      seed: numberFlag("seed", values.seed),
      startOrbit: numberFlag("start-orbit", values["start-orbit"]),
      muonRateHz: numberFlag("rate", values.rate),
      noiseRateHz: numberFlag("noise-rate", values["noise-rate"]),
      ancillaryRateHz: numberFlag("ancillary-rate", values["ancillary-rate"]),
      noisyChannels: values.noisy?.map((raw) => {
        const [fpga, channel, rateHz] = tupleFlag("noisy", raw, 3, "FPGA:CHANNEL:HZ");
        return { fpga, channel, rateHz };
      }),
      deadChannels: values.dead?.map((raw) => {
        const [fpga, channel] = tupleFlag("dead", raw, 2, "FPGA:CHANNEL");
        return { fpga, channel };
      }),
      faults: values.fault?.map(faultFlag),
    },
    (path) => flagOfOption[String(path[0])] ?? String(path[0]),
  );

  const sink = values.bucket ? s3Sink(values.bucket, values.prefix) : folderSink(values.out!);
  const started = Date.now();
  const words = generateWords(detector, options, { records, seconds, keep: format === "dat" ? isDatEncodable : undefined });
  const done = await writeDataFiles(words, {
    format,
    recordsPerFile,
    sink,
    onFile: (name, p) => progress(`${sink.locate(name)}: ${p.records} records in ${p.files} file(s)`),
  });
  const elapsed = (Date.now() - started) / 1000;
  progress(`done: ${done.records} records, ${done.files} file(s), ${(done.bytes / 1e6).toFixed(1)} MB in ${elapsed.toFixed(1)} s (${Math.round(done.records / Math.max(elapsed, 1e-3))} records/s)`);
  return 0;
}

function positiveIntegerFlag(flag: string, raw: string | undefined): number | undefined {
  const value = numberFlag(flag, raw);
  if (value !== undefined && !(Number.isInteger(value) && value > 0)) throw new CosmoError("BAD_REQUEST", `--${flag}: "${raw}" is not a positive integer`);
  return value;
}
