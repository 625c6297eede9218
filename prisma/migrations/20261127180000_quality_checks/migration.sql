-- CreateEnum
CREATE TYPE "quality_flag" AS ENUM ('ok', 'warning', 'error');

-- AlterTable
ALTER TABLE "run" ADD COLUMN     "reference" JSONB,
ADD COLUMN     "quality_checks" JSONB,
ADD COLUMN     "worst_flag" "quality_flag";

-- CreateTable
CREATE TABLE "reference_mark" (
    "id" UUID NOT NULL,
    "cluster_id" UUID NOT NULL,
    "run_id" UUID NOT NULL,
    "from_window" INTEGER,
    "to_window" INTEGER,
    "marked_by" TEXT NOT NULL DEFAULT '',
    "marked_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "reference_mark_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "quality_result" (
    "run_id" UUID NOT NULL,
    "window" INTEGER NOT NULL,
    "check" TEXT NOT NULL,
    "chamber" INTEGER NOT NULL,
    "level" "quality_flag" NOT NULL,
    "flag" "quality_flag" NOT NULL,
    "value" DOUBLE PRECISION,
    "detail" TEXT NOT NULL DEFAULT '',
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "quality_result_pkey" PRIMARY KEY ("run_id","window","check","chamber")
);

-- CreateIndex
CREATE INDEX "reference_mark_cluster_id_marked_at_idx" ON "reference_mark"("cluster_id", "marked_at");

-- CreateIndex
CREATE INDEX "quality_result_run_id_flag_idx" ON "quality_result"("run_id", "flag");

-- AddForeignKey
ALTER TABLE "reference_mark" ADD CONSTRAINT "reference_mark_cluster_id_fkey" FOREIGN KEY ("cluster_id") REFERENCES "cluster_config"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "reference_mark" ADD CONSTRAINT "reference_mark_run_id_fkey" FOREIGN KEY ("run_id") REFERENCES "run"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "quality_result" ADD CONSTRAINT "quality_result_run_id_fkey" FOREIGN KEY ("run_id") REFERENCES "run"("id") ON DELETE CASCADE ON UPDATE CASCADE;
