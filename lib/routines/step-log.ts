import { db } from "@/lib/db";
import type { StepStatus } from "@/lib/generated/prisma/client";

/** PostgreSQL channel told of every change to a routine execution (payload: its id). */
export const ROUTINES_CHANNEL = "cosmo_routines";

const FLUSH_MS = 250;
/** A step's stored output keeps its last this-many characters; a chatty host cannot fill the database. */
const MAX_OUTPUT = 256 * 1024;

export const notifyExecution = (executionId: string) => db.$executeRaw`select pg_notify(${ROUTINES_CHANNEL}, ${executionId})`;

/**
 * One step's row, its output appended as it comes: batched every 250 ms so a
 * fast stream costs a few writes a second, and each write notifies watchers.
 */
export class StepLog {
  private pending = "";
  private timer: NodeJS.Timeout | undefined;
  private writing: Promise<unknown> = Promise.resolve();

  private constructor(
    readonly id: string,
    private readonly executionId: string,
  ) {}

  static async open(executionId: string, index: number, name: string, host: string): Promise<StepLog> {
    const row = await db.routineStep.create({ data: { executionId, index, name, host } });
    await notifyExecution(executionId);
    return new StepLog(row.id, executionId);
  }

  write(text: string): void {
    if (!text) return;
    this.pending += text;
    this.timer ??= setTimeout(() => void this.flush(), FLUSH_MS);
  }

  line(text: string): void {
    this.write(text.endsWith("\n") ? text : `${text}\n`);
  }

  private flush(): Promise<unknown> {
    clearTimeout(this.timer);
    this.timer = undefined;
    const chunk = this.pending;
    this.pending = "";
    if (!chunk) return this.writing;
    this.writing = this.writing.then(async () => {
      await db.$executeRaw`update routine_step set output = right(output || ${chunk}, ${MAX_OUTPUT}) where id = ${this.id}::uuid`;
      await notifyExecution(this.executionId);
    });
    return this.writing;
  }

  async finish(status: StepStatus): Promise<void> {
    await this.flush();
    await db.routineStep.update({ where: { id: this.id }, data: { status, endedAt: new Date() } });
    await notifyExecution(this.executionId);
  }
}
