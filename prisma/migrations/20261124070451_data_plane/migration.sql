-- CreateEnum
CREATE TYPE "run_status" AS ENUM ('pending', 'running', 'halted', 'failed', 'completed');

-- CreateEnum
CREATE TYPE "buffer_state" AS ENUM ('idle', 'running', 'stopped', 'completed', 'failed');

-- CreateTable
CREATE TABLE "run" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "status" "run_status" NOT NULL DEFAULT 'pending',
    "detector" JSONB NOT NULL,
    "source" JSONB NOT NULL,
    "totals" JSONB NOT NULL DEFAULT '{}',
    "unwindowed_malformed" INTEGER NOT NULL DEFAULT 0,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "started_at" TIMESTAMP(3),
    "ended_at" TIMESTAMP(3),

    CONSTRAINT "run_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "run_window" (
    "run_id" UUID NOT NULL,
    "window" INTEGER NOT NULL,
    "records" INTEGER NOT NULL,
    "total_hits" INTEGER NOT NULL,
    "first_orbit" BIGINT NOT NULL,
    "last_orbit" BIGINT NOT NULL,
    "data" JSONB NOT NULL,
    "received_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "run_window_pkey" PRIMARY KEY ("run_id","window")
);

-- CreateTable
CREATE TABLE "buffer_position" (
    "run_id" UUID NOT NULL,
    "state" "buffer_state" NOT NULL DEFAULT 'idle',
    "rate" INTEGER NOT NULL DEFAULT 1000,
    "object_key" TEXT NOT NULL DEFAULT '',
    "byte_offset" BIGINT NOT NULL DEFAULT 0,
    "records_sent" BIGINT NOT NULL DEFAULT 0,
    "messages_sent" INTEGER NOT NULL DEFAULT 0,
    "seq" BIGINT NOT NULL DEFAULT 0,
    "current_rate" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "total_bytes" BIGINT NOT NULL DEFAULT 0,
    "bytes_left" BIGINT NOT NULL DEFAULT 0,
    "error" TEXT,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "buffer_position_pkey" PRIMARY KEY ("run_id")
);

-- AddForeignKey
ALTER TABLE "run_window" ADD CONSTRAINT "run_window_run_id_fkey" FOREIGN KEY ("run_id") REFERENCES "run"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "buffer_position" ADD CONSTRAINT "buffer_position_run_id_fkey" FOREIGN KEY ("run_id") REFERENCES "run"("id") ON DELETE CASCADE ON UPDATE CASCADE;

