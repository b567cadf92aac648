-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_JourneyMessage" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "shopId" INTEGER NOT NULL,
    "journeyId" INTEGER NOT NULL,
    "entryId" INTEGER NOT NULL,
    "stepIndex" INTEGER NOT NULL,
    "customerId" BIGINT NOT NULL,
    "channel" TEXT NOT NULL DEFAULT 'email',
    "marketing" BOOLEAN NOT NULL DEFAULT true,
    "key" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "detail" TEXT,
    "templateKey" TEXT NOT NULL,
    "locale" TEXT NOT NULL,
    "toAddress" TEXT,
    "subject" TEXT,
    "messageId" TEXT NOT NULL,
    "discountCode" TEXT,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "sendingAt" DATETIME,
    "sentAt" DATETIME,
    "firstClickAt" DATETIME,
    "clicks" INTEGER NOT NULL DEFAULT 0,
    "unsubscribedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "JourneyMessage_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "JourneyMessage_journeyId_fkey" FOREIGN KEY ("journeyId") REFERENCES "Journey" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "JourneyMessage_entryId_fkey" FOREIGN KEY ("entryId") REFERENCES "JourneyEntry" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_JourneyMessage" ("attempts", "channel", "clicks", "createdAt", "customerId", "detail", "discountCode", "entryId", "firstClickAt", "id", "journeyId", "key", "locale", "messageId", "sendingAt", "sentAt", "shopId", "status", "stepIndex", "subject", "templateKey", "toAddress", "unsubscribedAt", "updatedAt") SELECT "attempts", "channel", "clicks", "createdAt", "customerId", "detail", "discountCode", "entryId", "firstClickAt", "id", "journeyId", "key", "locale", "messageId", "sendingAt", "sentAt", "shopId", "status", "stepIndex", "subject", "templateKey", "toAddress", "unsubscribedAt", "updatedAt" FROM "JourneyMessage";
DROP TABLE "JourneyMessage";
ALTER TABLE "new_JourneyMessage" RENAME TO "JourneyMessage";
CREATE INDEX "JourneyMessage_shopId_customerId_sentAt_idx" ON "JourneyMessage"("shopId", "customerId", "sentAt");
CREATE INDEX "JourneyMessage_journeyId_stepIndex_status_idx" ON "JourneyMessage"("journeyId", "stepIndex", "status");
CREATE INDEX "JourneyMessage_shopId_status_idx" ON "JourneyMessage"("shopId", "status");
CREATE UNIQUE INDEX "JourneyMessage_shopId_key_key" ON "JourneyMessage"("shopId", "key");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
