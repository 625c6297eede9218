-- AlterTable
ALTER TABLE "run" ADD COLUMN     "spark_progress" JSONB;
