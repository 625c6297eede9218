-- AlterTable
ALTER TABLE "buffer_position" ADD COLUMN     "orbit_ref" BIGINT NOT NULL DEFAULT -1;
