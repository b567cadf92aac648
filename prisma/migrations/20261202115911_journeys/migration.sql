-- CreateTable
CREATE TABLE "Journey" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "shopId" INTEGER NOT NULL,
    "templateKey" TEXT,
    "name" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'draft',
    "definition" TEXT NOT NULL,
    "holdoutShare" REAL NOT NULL DEFAULT 0.1,
    "holdoutSalt" TEXT NOT NULL,
    "attributionDays" INTEGER NOT NULL DEFAULT 7,
    "activatedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Journey_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "JourneyEntry" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "shopId" INTEGER NOT NULL,
    "journeyId" INTEGER NOT NULL,
    "customerId" BIGINT NOT NULL,
    "groupName" TEXT NOT NULL,
    "state" TEXT NOT NULL DEFAULT 'active',
    "exitReason" TEXT,
    "stepIndex" INTEGER NOT NULL DEFAULT 0,
    "dueAt" DATETIME,
    "lockedUntil" DATETIME,
    "enteredAt" DATETIME NOT NULL,
    "finishedAt" DATETIME,
    "triggerKey" TEXT NOT NULL,
    "convertedOrderId" BIGINT,
    "convertedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "JourneyEntry_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "JourneyEntry_journeyId_fkey" FOREIGN KEY ("journeyId") REFERENCES "Journey" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "JourneyMessage" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "shopId" INTEGER NOT NULL,
    "journeyId" INTEGER NOT NULL,
    "entryId" INTEGER NOT NULL,
    "stepIndex" INTEGER NOT NULL,
    "customerId" BIGINT NOT NULL,
    "channel" TEXT NOT NULL DEFAULT 'email',
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

-- CreateTable
CREATE TABLE "MailSuppression" (
    "shopId" INTEGER NOT NULL,
    "customerId" BIGINT NOT NULL,
    "reason" TEXT NOT NULL,
    "messageId" INTEGER,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,

    PRIMARY KEY ("shopId", "customerId"),
    CONSTRAINT "MailSuppression_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "Journey_shopId_status_idx" ON "Journey"("shopId", "status");

-- CreateIndex
CREATE INDEX "JourneyEntry_shopId_state_dueAt_idx" ON "JourneyEntry"("shopId", "state", "dueAt");

-- CreateIndex
CREATE INDEX "JourneyEntry_shopId_customerId_idx" ON "JourneyEntry"("shopId", "customerId");

-- CreateIndex
CREATE INDEX "JourneyEntry_journeyId_state_idx" ON "JourneyEntry"("journeyId", "state");

-- CreateIndex
CREATE UNIQUE INDEX "JourneyEntry_journeyId_customerId_triggerKey_key" ON "JourneyEntry"("journeyId", "customerId", "triggerKey");

-- CreateIndex
CREATE INDEX "JourneyMessage_shopId_customerId_sentAt_idx" ON "JourneyMessage"("shopId", "customerId", "sentAt");

-- CreateIndex
CREATE INDEX "JourneyMessage_journeyId_stepIndex_status_idx" ON "JourneyMessage"("journeyId", "stepIndex", "status");

-- CreateIndex
CREATE INDEX "JourneyMessage_shopId_status_idx" ON "JourneyMessage"("shopId", "status");

-- CreateIndex
CREATE UNIQUE INDEX "JourneyMessage_shopId_key_key" ON "JourneyMessage"("shopId", "key");
