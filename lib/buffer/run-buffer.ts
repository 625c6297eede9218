import { setTimeout as sleep } from "node:timers/promises";
import type { Message } from "kafkajs";
import type { BufferInput } from "@/lib/buffer/buffer-input";
import { laterCursor, START_CURSOR, type BufferCursor } from "@/lib/buffer/buffer-cursor";
import { readRowCursor, saveBufferProgress, startBufferRow, type BufferProgressUpdate } from "@/lib/buffer/buffer-row";
import { hitMessage } from "@/lib/buffer/hit-message";
import { HitsProducer } from "@/lib/buffer/hits-producer";
import { listObjects, type S3Object } from "@/lib/buffer/list-objects";
import { objectChunks } from "@/lib/buffer/object-chunks";
import { openPieceReader } from "@/lib/buffer/piece-reader";
import { bytesLeft, planReads } from "@/lib/buffer/plan-reads";
import { RateMeter } from "@/lib/buffer/rate-meter";
import { TokenBucket } from "@/lib/buffer/token-bucket";
import { MAX_LINE_BYTES } from "@/lib/detector/line-splitter";
import { CosmoError } from "@/lib/errors";
import type { JobContext } from "@/lib/jobs/job-definition";
import { getRunOrThrow } from "@/lib/runs/get-run-or-throw";

// One transaction holds up to this much: big enough that commits cost little
// at full speed, small enough that a consumer sees data within a quarter second.
const TXN_MAX_MESSAGES = 16;
const TXN_MAX_BYTES = 8 * 1024 * 1024;
const TXN_MAX_MS = 250;
/**
 * When paced, records go a twentieth of a second's worth at a time (~20 messages/s
 * at any rate). A record waits for its slice, and a window closes only once the
 * slices after its end reached every partition: at 1,000 records/s a tenth of a
 * second here added about 0.1 s to each window's latency.
 */
const PACED_SLICE_S = 0.05;
const MAX_SLEEP_MS = 250;
const PROGRESS_MS = 500;

export interface BufferResult {
  state: "completed" | "stopped";
  resumedFrom: "start" | "postgres" | "kafka";
  recordsSent: number;
  messagesSent: number;
  seq: number;
}

/**
 * Replays a run's objects from S3 into the hits topic, exactly once across
 * crashes and restarts. Kafka is the source of truth: every transaction carries
 * the cursor after its messages (see HitsProducer). PostgreSQL is the index,
 * saved every half second for the UI and for resumes; after a crash between a
 * commit and a save, Kafka is ahead and the buffer resumes from Kafka's cursor.
 */
export async function runBuffer(input: BufferInput, { signal, log }: JobContext): Promise<BufferResult> {
  await getRunOrThrow(input.runId);
  const objects = await listObjects(input.bucket, input.prefix);
  const hits = await HitsProducer.open(input.runId, input.topic);
  try {
    const fromRow = await readRowCursor(input.runId);
    const fromKafka = (await hits.committedCursor()) ?? START_CURSOR;
    const start = laterCursor(fromRow, fromKafka);
    const resumedFrom = start.seq === 0 ? "start" : fromKafka.seq > fromRow.seq ? "kafka" : "postgres";
    if (resumedFrom !== "start") log(`resuming from ${resumedFrom}: ${start.object} byte ${start.offset}, message ${start.seq}, ${start.records} records sent`);
    return await new BufferSession(input, objects, hits, start, log).run(signal, resumedFrom);
  } finally {
    await hits.close();
  }
}

class BufferSession {
  private committed: BufferCursor;
  private cursor: BufferCursor;
  private pending: (Message & { partition: number })[] = [];
  private pendingBytes = 0;
  private pendingSince = 0;
  private inflight: Promise<void> = Promise.resolve();
  private readonly meter = new RateMeter();
  private readonly bucket = new TokenBucket(0);
  private readonly totalBytes: number;

  constructor(
    private readonly input: BufferInput,
    private readonly objects: S3Object[],
    private readonly hits: HitsProducer,
    start: BufferCursor,
    private readonly log: (message: string) => void,
  ) {
    this.committed = start;
    this.cursor = start;
    this.totalBytes = objects.reduce((sum, o) => sum + o.size, 0);
  }

  async run(signal: AbortSignal, resumedFrom: BufferResult["resumedFrom"]): Promise<BufferResult> {
    const { runId } = this.input;
    this.bucket.setRate(await startBufferRow(runId, this.progress("running"), this.input.rate));
    let saving: Promise<void> = Promise.resolve();
    const save = (state: BufferProgressUpdate["state"], error?: string) =>
      (saving = saving.catch(() => {}).then(async () => {
        this.meter.record(this.committed.records);
        const rate = await saveBufferProgress(runId, this.progress(state, error));
        if (rate !== undefined) this.bucket.setRate(rate);
      }));
    const timer = setInterval(() => void save("running").catch((e: unknown) => this.log(`progress not saved: ${String(e)}`)), PROGRESS_MS);
    try {
      for (const read of planReads(this.objects, this.cursor)) {
        if (signal.aborted) break;
        await this.send(read.key, read.start, read.size, signal);
      }
      await this.drain();
      clearInterval(timer);
      const state = signal.aborted ? "stopped" : "completed";
      await save(state);
      return { state, resumedFrom, recordsSent: this.committed.records, messagesSent: this.committed.messages, seq: this.committed.seq };
    } catch (error) {
      clearInterval(timer);
      await this.inflight.catch(() => {});
      // A fenced buffer leaves the row to the instance that replaced it.
      if (!(error instanceof CosmoError && error.code === "CONFLICT")) {
        await save("failed", error instanceof Error ? error.message : String(error)).catch(() => {});
      }
      throw error;
    } finally {
      await this.inflight.catch(() => {});
      await saving.catch(() => {});
    }
  }

  /** Sends one object from byte `start`, paced; stops early (between messages) when aborted. */
  private async send(key: string, start: number, size: number, signal: AbortSignal): Promise<void> {
    const chunks = objectChunks(this.input.bucket, key, start, size);
    const reader = openPieceReader(key, chunks, start, this.cursor.orbit, ({ line, start: at, bytes }) => {
      // Resumed mid-object, lines are counted from where this read began.
      const where = start === 0 ? `line ${line}` : `line ${line} after byte ${start}`;
      this.log(`${key}: ${where} (byte ${at}) is ${bytes} bytes, over the ${MAX_LINE_BYTES}-byte cap: sent as an unreadable line`);
    });
    try {
      while (!signal.aborted) {
        const rate = this.bucket.currentRate;
        const slice = Math.max(1, Math.floor(rate * PACED_SLICE_S));
        const allowed = this.bucket.available();
        if (allowed < slice) {
          // Nothing more may go for a while: let what is pending reach the consumers.
          await this.flush();
          await sleep(Math.min(MAX_SLEEP_MS, this.bucket.msUntil(slice)), undefined, { signal }).catch(() => {});
          continue;
        }
        const piece = await reader.read(allowed, this.input.messageBytes);
        if (!piece) return;
        this.bucket.take(piece.records);
        const seq = this.cursor.seq + 1;
        this.pending.push(hitMessage(this.input.runId, key, piece, seq, this.hits.partitions));
        if (this.pending.length === 1) this.pendingSince = Date.now();
        this.pendingBytes += piece.value.length;
        this.cursor = {
          object: key,
          offset: piece.end,
          seq,
          records: this.cursor.records + piece.records,
          messages: this.cursor.messages + 1,
          orbit: piece.orbitAfter,
        };
        if (this.pending.length >= TXN_MAX_MESSAGES || this.pendingBytes >= TXN_MAX_BYTES || Date.now() - this.pendingSince >= TXN_MAX_MS) {
          await this.flush();
        }
      }
    } finally {
      await chunks.return(undefined);
    }
  }

  /**
   * Starts committing what is pending. Reading S3 and cutting lines go on while
   * Kafka commits (each takes about as long); one transaction at a time, so
   * this first waits for the previous one, and surfaces its failure.
   */
  private async flush(): Promise<void> {
    await this.inflight;
    if (this.pending.length === 0) return;
    const messages = this.pending;
    const cursor = this.cursor;
    this.pending = [];
    this.pendingBytes = 0;
    this.inflight = this.hits.commit(messages, cursor).then(() => {
      this.committed = cursor;
    });
    // Observed by the next flush or drain; until then it must not count as unhandled.
    this.inflight.catch(() => {});
  }

  private async drain(): Promise<void> {
    await this.flush();
    await this.inflight;
  }

  private progress(state: BufferProgressUpdate["state"], error?: string): BufferProgressUpdate {
    return {
      state,
      cursor: this.committed,
      currentRate: state === "running" ? Math.round(this.meter.perSecond()) : 0,
      totalBytes: this.totalBytes,
      bytesLeft: bytesLeft(this.objects, this.committed),
      error: error ?? null,
    };
  }
}
