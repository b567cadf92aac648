-- AlterTable
ALTER TABLE "Customer" ADD COLUMN "importBatchId" INTEGER;

-- AlterTable
ALTER TABLE "CustomerMetrics" ADD COLUMN "expectedNextOrderAt" DATETIME;
ALTER TABLE "CustomerMetrics" ADD COLUMN "expectedPurchases365High" REAL;
ALTER TABLE "CustomerMetrics" ADD COLUMN "expectedPurchases365Low" REAL;
ALTER TABLE "CustomerMetrics" ADD COLUMN "pAliveHigh" REAL;
ALTER TABLE "CustomerMetrics" ADD COLUMN "pAliveLow" REAL;
ALTER TABLE "CustomerMetrics" ADD COLUMN "predictedClv12mHighMinor" INTEGER;
ALTER TABLE "CustomerMetrics" ADD COLUMN "predictedClv12mLowMinor" INTEGER;

-- AlterTable
ALTER TABLE "JourneyMessage" ADD COLUMN "retryKey" TEXT;

-- AlterTable
ALTER TABLE "Order" ADD COLUMN "importBatchId" INTEGER;

-- CreateTable
CREATE TABLE "LineChannel" (
    "shopId" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "channelId" TEXT NOT NULL,
    "channelSecretEnc" TEXT NOT NULL,
    "accessTokenEnc" TEXT NOT NULL,
    "basicId" TEXT,
    "botUserId" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "LineChannel_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "LineLink" (
    "shopId" INTEGER NOT NULL,
    "customerId" BIGINT NOT NULL,
    "lineUserId" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'linked',
    "linkedAt" DATETIME NOT NULL,
    "blockedAt" DATETIME,
    "updatedAt" DATETIME NOT NULL,

    PRIMARY KEY ("shopId", "customerId"),
    CONSTRAINT "LineLink_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "LineLinkCode" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "shopId" INTEGER NOT NULL,
    "customerId" BIGINT NOT NULL,
    "code" TEXT NOT NULL,
    "expiresAt" DATETIME NOT NULL,
    "usedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "LineLinkCode_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "LineEvent" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "shopId" INTEGER NOT NULL,
    "webhookEventId" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "lineUserId" TEXT,
    "payload" TEXT NOT NULL,
    "isRedelivery" BOOLEAN NOT NULL DEFAULT false,
    "receivedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "processedAt" DATETIME,
    "error" TEXT,
    CONSTRAINT "LineEvent_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "FlowTriggerEvent" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "shopId" INTEGER NOT NULL,
    "customerId" BIGINT NOT NULL,
    "trigger" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "payload" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "error" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sentAt" DATETIME,
    CONSTRAINT "FlowTriggerEvent_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "CustomerSignalState" (
    "shopId" INTEGER NOT NULL,
    "customerId" BIGINT NOT NULL,
    "segment" TEXT,
    "futureLoyal" BOOLEAN NOT NULL DEFAULT false,
    "churnRisk" BOOLEAN NOT NULL DEFAULT false,
    "tier" TEXT,
    "updatedAt" DATETIME NOT NULL,

    PRIMARY KEY ("shopId", "customerId"),
    CONSTRAINT "CustomerSignalState_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ShopifySegmentLink" (
    "shopId" INTEGER NOT NULL,
    "segmentKey" TEXT NOT NULL,
    "shopifySegmentId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "query" TEXT NOT NULL,
    "syncedAt" DATETIME NOT NULL,

    PRIMARY KEY ("shopId", "segmentKey"),
    CONSTRAINT "ShopifySegmentLink_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ModelCheck" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "shopId" INTEGER NOT NULL,
    "computedAt" DATETIME NOT NULL,
    "calibrationEnd" DATETIME NOT NULL,
    "holdoutEnd" DATETIME NOT NULL,
    "chosenModel" TEXT NOT NULL,
    "detail" TEXT NOT NULL,
    CONSTRAINT "ModelCheck_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ImportBatch" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "shopId" INTEGER NOT NULL,
    "fileName" TEXT NOT NULL,
    "fileHash" TEXT NOT NULL,
    "preset" TEXT NOT NULL,
    "mapping" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'validating',
    "rows" INTEGER NOT NULL DEFAULT 0,
    "ordersImported" INTEGER NOT NULL DEFAULT 0,
    "customersMatched" INTEGER NOT NULL DEFAULT 0,
    "customersCreated" INTEGER NOT NULL DEFAULT 0,
    "error" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" DATETIME,
    CONSTRAINT "ImportBatch_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Product" (
    "shopId" INTEGER NOT NULL,
    "id" BIGINT NOT NULL,
    "title" TEXT NOT NULL,
    "handle" TEXT,
    "onlineStoreUrl" TEXT,
    "imageUrl" TEXT,
    "priceMinor" INTEGER,
    "status" TEXT,
    "fetchedAt" DATETIME NOT NULL,

    PRIMARY KEY ("shopId", "id"),
    CONSTRAINT "Product_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "LineLink_shopId_lineUserId_key" ON "LineLink"("shopId", "lineUserId");

-- CreateIndex
CREATE INDEX "LineLinkCode_shopId_customerId_idx" ON "LineLinkCode"("shopId", "customerId");

-- CreateIndex
CREATE UNIQUE INDEX "LineLinkCode_shopId_code_key" ON "LineLinkCode"("shopId", "code");

-- CreateIndex
CREATE INDEX "LineEvent_processedAt_nextAttemptAt_idx" ON "LineEvent"("processedAt", "nextAttemptAt");

-- CreateIndex
CREATE UNIQUE INDEX "LineEvent_shopId_webhookEventId_key" ON "LineEvent"("shopId", "webhookEventId");

-- CreateIndex
CREATE INDEX "FlowTriggerEvent_shopId_status_idx" ON "FlowTriggerEvent"("shopId", "status");

-- CreateIndex
CREATE UNIQUE INDEX "FlowTriggerEvent_shopId_key_key" ON "FlowTriggerEvent"("shopId", "key");

-- CreateIndex
CREATE INDEX "ModelCheck_shopId_computedAt_idx" ON "ModelCheck"("shopId", "computedAt");

-- CreateIndex
CREATE INDEX "ImportBatch_shopId_createdAt_idx" ON "ImportBatch"("shopId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "ImportBatch_shopId_fileHash_key" ON "ImportBatch"("shopId", "fileHash");

-- CreateIndex
CREATE INDEX "Customer_shopId_phone_idx" ON "Customer"("shopId", "phone");

-- CreateIndex
CREATE INDEX "Customer_shopId_importBatchId_idx" ON "Customer"("shopId", "importBatchId");

-- CreateIndex
CREATE INDEX "CustomerMetrics_shopId_expectedNextOrderAt_idx" ON "CustomerMetrics"("shopId", "expectedNextOrderAt");

-- CreateIndex
CREATE INDEX "Order_shopId_importBatchId_idx" ON "Order"("shopId", "importBatchId");
