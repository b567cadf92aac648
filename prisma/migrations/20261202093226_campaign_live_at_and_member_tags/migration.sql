-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Campaign" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "shopId" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "audienceType" TEXT NOT NULL,
    "audienceRef" TEXT NOT NULL,
    "valueType" TEXT NOT NULL,
    "value" INTEGER NOT NULL,
    "minimumSubtotalMinor" INTEGER,
    "startsAt" DATETIME NOT NULL,
    "endsAt" DATETIME,
    "codeMode" TEXT NOT NULL,
    "sharedCode" TEXT,
    "holdoutShare" REAL NOT NULL DEFAULT 0.1,
    "status" TEXT NOT NULL DEFAULT 'draft',
    "shopifyDiscountId" TEXT,
    "pendingCodeJobs" TEXT NOT NULL DEFAULT '[]',
    "error" TEXT,
    "liveAt" DATETIME,
    "endedAt" DATETIME,
    "tagMembers" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Campaign_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_Campaign" ("audienceRef", "audienceType", "codeMode", "createdAt", "endsAt", "error", "holdoutShare", "id", "minimumSubtotalMinor", "name", "pendingCodeJobs", "sharedCode", "shopId", "shopifyDiscountId", "startsAt", "status", "updatedAt", "value", "valueType") SELECT "audienceRef", "audienceType", "codeMode", "createdAt", "endsAt", "error", "holdoutShare", "id", "minimumSubtotalMinor", "name", "pendingCodeJobs", "sharedCode", "shopId", "shopifyDiscountId", "startsAt", "status", "updatedAt", "value", "valueType" FROM "Campaign";
DROP TABLE "Campaign";
ALTER TABLE "new_Campaign" RENAME TO "Campaign";
CREATE INDEX "Campaign_shopId_createdAt_idx" ON "Campaign"("shopId", "createdAt");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- Campaigns created before this column: their codes went live no earlier than the row was written.
UPDATE "Campaign" SET "liveAt" = "createdAt" WHERE "status" IN ('active', 'paused', 'ended');
UPDATE "Campaign" SET "endedAt" = "updatedAt" WHERE "status" = 'ended';
