-- AlterTable
ALTER TABLE "JourneyMessage" ADD COLUMN     "marketing" BOOLEAN NOT NULL DEFAULT true;
