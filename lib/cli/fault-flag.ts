import { numberFlag } from "@/lib/cli/flags";
import { CosmoError } from "@/lib/errors";
import { FAULT_KINDS, FAULT_PARAMETERS, type FaultKind } from "@/lib/generator/faults";

export const faultFlagUsage = FAULT_KINDS.map((kind) => [kind, ...FAULT_PARAMETERS[kind].map((p) => p.toUpperCase())].join(":").replace(":", "@SECONDS:"));

/**
 * `--fault KIND@SECONDS:P1:P2...`, e.g. `dead-channel@30:0:5` (FPGA 0,
 * channel 5 dies 30 s into the data): the raw fault, for the generator
 * options' schema to check.
 */
export function faultFlag(raw: string): Record<string, unknown> {
  const [head = "", ...params] = raw.split(":");
  const [kind = "", at] = head.split("@");
  if (!(FAULT_KINDS as string[]).includes(kind) || at === undefined) {
    throw new CosmoError("BAD_REQUEST", `--fault: "${raw}" is not one of ${faultFlagUsage.join(", ")}`);
  }
  const names = FAULT_PARAMETERS[kind as FaultKind];
  if (params.length !== names.length) throw new CosmoError("BAD_REQUEST", `--fault: "${raw}" is not of the form ${faultFlagUsage[FAULT_KINDS.indexOf(kind as FaultKind)]}`);
  return { kind, atSeconds: numberFlag("fault", at), ...Object.fromEntries(names.map((name, i) => [name, numberFlag("fault", params[i])])) };
}
