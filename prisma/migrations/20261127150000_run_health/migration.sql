-- CreateEnum
CREATE TYPE "run_health" AS ENUM ('ok', 'degraded', 'failed');

-- AlterTable
ALTER TABLE "run" ADD COLUMN     "health" "run_health" NOT NULL DEFAULT 'ok',
ADD COLUMN     "health_detail" JSONB NOT NULL DEFAULT '{}';
