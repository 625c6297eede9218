import type { RoutineName } from "@/lib/generated/prisma/client";
import { beatRoutine } from "@/lib/routines/beat";
import { dismissRoutine } from "@/lib/routines/dismiss";
import { haltRoutine } from "@/lib/routines/halt";
import { initRoutine } from "@/lib/routines/init";
import type { RoutineDefinition } from "@/lib/routines/routine-definition";
import { runRoutine } from "@/lib/routines/run";

/** The original's routines, by name. */
export const routines: Record<RoutineName, RoutineDefinition> = {
  init: initRoutine,
  run: runRoutine,
  beat: beatRoutine,
  halt: haltRoutine,
  dismiss: dismissRoutine,
};

export const routineNames = Object.keys(routines) as RoutineName[];
