-- AlterTable
ALTER TABLE "Campaign" ADD COLUMN     "endedAt" TIMESTAMP(3),
ADD COLUMN     "liveAt" TIMESTAMP(3),
ADD COLUMN     "tagMembers" BOOLEAN NOT NULL DEFAULT false;

-- Campaigns created before this column: their codes went live no earlier than the row was written.
UPDATE "Campaign" SET "liveAt" = "createdAt" WHERE "status" IN ('active', 'paused', 'ended');
UPDATE "Campaign" SET "endedAt" = "updatedAt" WHERE "status" = 'ended';
