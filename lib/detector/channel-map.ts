import { CosmoError } from "@/lib/errors";
import type { DetectorConfig } from "@/lib/detector/config";
import { FIELD_LIMITS } from "@/lib/detector/record";

export const UNMAPPED = -1;
export const SCINTILLATOR = -2;

const CHANNELS = FIELD_LIMITS.channel + 1;
/** channelsPerChamber is at most 128: 7 bits for the index within the chamber. */
const INDEX_BITS = 7;

export const chamberOfSlot = (slot: number) => slot >> INDEX_BITS;
export const channelIndexOfSlot = (slot: number) => slot & ((1 << INDEX_BITS) - 1);

/**
 * Where a valid-HEAD record on (FPGA, TDC_CHANNEL) goes: a chamber slot
 * (chamber and channel index within the chamber, packed), the scintillator, or
 * nowhere. One table lookup per record instead of a scan of the map.
 * A scintillator channel is never a chamber hit, even if the chamber map
 * covers it: the signal is the trigger, not a drift time.
 */
export class ChannelMap {
  private readonly table: Int16Array;

  constructor(config: DetectorConfig) {
    this.table = new Int16Array((FIELD_LIMITS.fpga + 1) * CHANNELS).fill(UNMAPPED);
    const owner = new Map<number, number>();
    for (const { chamber, fpga, firstChannel } of config.chambers) {
      for (let index = 0; index < config.channelsPerChamber && firstChannel + index < CHANNELS; index++) {
        const at = fpga * CHANNELS + firstChannel + index;
        const previous = owner.get(at);
        if (previous !== undefined) {
          throw new CosmoError("BAD_REQUEST", `chamber map: chambers ${previous} and ${chamber} both claim FPGA ${fpga} channel ${firstChannel + index}`);
        }
        owner.set(at, chamber);
        this.table[at] = (chamber << INDEX_BITS) | index;
      }
    }
    for (const { fpga, channel } of config.scintillator) this.table[fpga * CHANNELS + channel] = SCINTILLATOR;
  }

  /** A chamber slot (>= 0), SCINTILLATOR or UNMAPPED. fpga and channel must be within FIELD_LIMITS. */
  slot(fpga: number, channel: number): number {
    return this.table[fpga * CHANNELS + channel]!;
  }
}
