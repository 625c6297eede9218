import type { z } from "zod";
import type { RoutineName } from "@/lib/generated/prisma/client";
import type { RoutineContext } from "@/lib/routines/routine-context";

/** A routine as data: its name, what it accepts, what it does. Like a job definition, per cluster. */
export interface RoutineDefinition<Schema extends z.ZodType = z.ZodType> {
  name: RoutineName;
  summary: string;
  params: Schema;
  run(ctx: RoutineContext, params: z.output<Schema>): Promise<object>;
}

export const defineRoutine = <Schema extends z.ZodType>(definition: RoutineDefinition<Schema>) => definition;
