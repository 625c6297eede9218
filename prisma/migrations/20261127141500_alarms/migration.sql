-- CreateEnum
CREATE TYPE "alarm_severity" AS ENUM ('warning', 'error');

-- CreateEnum
CREATE TYPE "alarm_state" AS ENUM ('active', 'cleared');

-- CreateTable
CREATE TABLE "alarm" (
    "id" UUID NOT NULL,
    "key" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "severity" "alarm_severity" NOT NULL,
    "title" TEXT NOT NULL,
    "detail" TEXT NOT NULL DEFAULT '',
    "cluster_id" UUID,
    "run_id" UUID,
    "state" "alarm_state" NOT NULL DEFAULT 'active',
    "raised_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_seen_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "clearing_since" TIMESTAMP(3),
    "cleared_at" TIMESTAMP(3),
    "acknowledged_at" TIMESTAMP(3),
    "acknowledged_by" TEXT,

    CONSTRAINT "alarm_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "alarm_state_raised_at_idx" ON "alarm"("state", "raised_at");

-- CreateIndex
CREATE INDEX "alarm_run_id_idx" ON "alarm"("run_id");

-- CreateIndex
CREATE INDEX "alarm_key_idx" ON "alarm"("key");

-- At most one active alarm per condition: concurrent observers cannot raise it twice.
CREATE UNIQUE INDEX "alarm_active_key" ON "alarm"("key") WHERE "state" = 'active';

-- AddForeignKey
ALTER TABLE "alarm" ADD CONSTRAINT "alarm_cluster_id_fkey" FOREIGN KEY ("cluster_id") REFERENCES "cluster_config"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "alarm" ADD CONSTRAINT "alarm_run_id_fkey" FOREIGN KEY ("run_id") REFERENCES "run"("id") ON DELETE SET NULL ON UPDATE CASCADE;
