-- CreateEnum
CREATE TYPE "cluster_state" AS ENUM ('down', 'degraded', 'up', 'running');

-- CreateEnum
CREATE TYPE "routine_name" AS ENUM ('init', 'run', 'beat', 'halt', 'dismiss');

-- CreateEnum
CREATE TYPE "routine_status" AS ENUM ('queued', 'running', 'succeeded', 'failed');

-- CreateEnum
CREATE TYPE "step_status" AS ENUM ('running', 'succeeded', 'failed', 'skipped');

-- CreateEnum
CREATE TYPE "secret_kind" AS ENUM ('ssh_key', 's3_credentials');

-- AlterTable
ALTER TABLE "cluster_config" ADD COLUMN     "state" "cluster_state" NOT NULL DEFAULT 'down';

-- AlterTable
ALTER TABLE "run" ADD COLUMN     "cluster_id" UUID,
ADD COLUMN     "config" JSONB,
ADD COLUMN     "started_by" TEXT NOT NULL DEFAULT '';

-- CreateTable
CREATE TABLE "routine_execution" (
    "id" UUID NOT NULL,
    "cluster_id" UUID NOT NULL,
    "routine" "routine_name" NOT NULL,
    "status" "routine_status" NOT NULL DEFAULT 'queued',
    "requested_by" TEXT NOT NULL,
    "params" JSONB NOT NULL DEFAULT '{}',
    "result" JSONB,
    "error" TEXT,
    "run_id" UUID,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "started_at" TIMESTAMP(3),
    "ended_at" TIMESTAMP(3),

    CONSTRAINT "routine_execution_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "routine_step" (
    "id" UUID NOT NULL,
    "execution_id" UUID NOT NULL,
    "index" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "host" TEXT NOT NULL DEFAULT '',
    "status" "step_status" NOT NULL DEFAULT 'running',
    "output" TEXT NOT NULL DEFAULT '',
    "started_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "ended_at" TIMESTAMP(3),

    CONSTRAINT "routine_step_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "secret" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "kind" "secret_kind" NOT NULL,
    "sealed" BYTEA NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "secret_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "known_host" (
    "host" TEXT NOT NULL,
    "port" INTEGER NOT NULL,
    "fingerprint" TEXT NOT NULL,
    "key_type" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "known_host_pkey" PRIMARY KEY ("host","port")
);

-- CreateIndex
CREATE INDEX "routine_execution_cluster_id_created_at_idx" ON "routine_execution"("cluster_id", "created_at");

-- CreateIndex
CREATE UNIQUE INDEX "routine_step_execution_id_index_key" ON "routine_step"("execution_id", "index");

-- CreateIndex
CREATE UNIQUE INDEX "secret_name_key" ON "secret"("name");

-- CreateIndex
CREATE INDEX "run_cluster_id_created_at_idx" ON "run"("cluster_id", "created_at");

-- CreateIndex
CREATE INDEX "run_created_at_idx" ON "run"("created_at");

-- AddForeignKey
ALTER TABLE "routine_execution" ADD CONSTRAINT "routine_execution_cluster_id_fkey" FOREIGN KEY ("cluster_id") REFERENCES "cluster_config"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "routine_step" ADD CONSTRAINT "routine_step_execution_id_fkey" FOREIGN KEY ("execution_id") REFERENCES "routine_execution"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "run" ADD CONSTRAINT "run_cluster_id_fkey" FOREIGN KEY ("cluster_id") REFERENCES "cluster_config"("id") ON DELETE SET NULL ON UPDATE CASCADE;


-- Two routines never run at once on one cluster: at most one queued or running execution each.
CREATE UNIQUE INDEX "routine_execution_one_active_per_cluster" ON "routine_execution"("cluster_id") WHERE "status" IN ('queued', 'running');
