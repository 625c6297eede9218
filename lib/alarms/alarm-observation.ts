import { z } from "zod";

/**
 * What a source reports about one condition each time it evaluates it: the
 * pipeline supervisor every second or so, the quality checks per window.
 * Sources stay stateless; raising, hysteresis and clearing are the alarm
 * system's (sync-alarm.ts), so every source behaves the same for a shifter.
 */
export const alarmObservationSchema = z.object({
  /** The condition's identity across observations: `source:kind:scope`, e.g. pipeline:component-down:<runId>:buffer. */
  key: z.string().min(1).max(300),
  source: z.string().regex(/^[a-z][a-z0-9-]*$/),
  kind: z.string().regex(/^[a-z][a-z0-9-]*$/),
  severity: z.enum(["warning", "error"]),
  title: z.string().min(1).max(300),
  detail: z.string().max(4000).default(""),
  clusterId: z.string().uuid().nullish(),
  runId: z.string().uuid().nullish(),
  /** Whether the condition holds now. */
  active: z.boolean(),
});

export type AlarmObservation = z.input<typeof alarmObservationSchema>;

/** What an observation changed: an alarm raised or cleared, or nothing a listener needs to hear. */
export type AlarmTransition = "raised" | "cleared" | null;
