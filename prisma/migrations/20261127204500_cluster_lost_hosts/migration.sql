-- AlterTable
ALTER TABLE "cluster_config" ADD COLUMN     "lost_hosts" TEXT[] DEFAULT ARRAY[]::TEXT[];
