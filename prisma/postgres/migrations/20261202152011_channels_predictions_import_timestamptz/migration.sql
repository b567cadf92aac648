-- The stored timestamps are UTC wall-clock values (Prisma writes UTC): convert them as UTC, whatever the
-- server's own time zone is.
SET TIME ZONE 'UTC';

-- AlterTable
ALTER TABLE "AnalyticsResult" ALTER COLUMN "computedAt" SET DATA TYPE TIMESTAMPTZ(3),
ALTER COLUMN "asOf" SET DATA TYPE TIMESTAMPTZ(3);

-- AlterTable
ALTER TABLE "Campaign" ALTER COLUMN "startsAt" SET DATA TYPE TIMESTAMPTZ(3),
ALTER COLUMN "endsAt" SET DATA TYPE TIMESTAMPTZ(3),
ALTER COLUMN "createdAt" SET DATA TYPE TIMESTAMPTZ(3),
ALTER COLUMN "updatedAt" SET DATA TYPE TIMESTAMPTZ(3),
ALTER COLUMN "endedAt" SET DATA TYPE TIMESTAMPTZ(3),
ALTER COLUMN "liveAt" SET DATA TYPE TIMESTAMPTZ(3);

-- AlterTable
ALTER TABLE "Customer" ADD COLUMN     "importBatchId" INTEGER,
ALTER COLUMN "shopifyCreatedAt" SET DATA TYPE TIMESTAMPTZ(3),
ALTER COLUMN "shopifyUpdatedAt" SET DATA TYPE TIMESTAMPTZ(3),
ALTER COLUMN "deletedAt" SET DATA TYPE TIMESTAMPTZ(3),
ALTER COLUMN "syncedAt" SET DATA TYPE TIMESTAMPTZ(3),
ALTER COLUMN "triggeredAt" SET DATA TYPE TIMESTAMPTZ(3);

-- AlterTable
ALTER TABLE "CustomerMetrics" ADD COLUMN     "expectedNextOrderAt" TIMESTAMPTZ(3),
ADD COLUMN     "expectedPurchases365High" DOUBLE PRECISION,
ADD COLUMN     "expectedPurchases365Low" DOUBLE PRECISION,
ADD COLUMN     "pAliveHigh" DOUBLE PRECISION,
ADD COLUMN     "pAliveLow" DOUBLE PRECISION,
ADD COLUMN     "predictedClv12mHighMinor" INTEGER,
ADD COLUMN     "predictedClv12mLowMinor" INTEGER,
ALTER COLUMN "computedAt" SET DATA TYPE TIMESTAMPTZ(3),
ALTER COLUMN "firstOrderAt" SET DATA TYPE TIMESTAMPTZ(3),
ALTER COLUMN "lastOrderAt" SET DATA TYPE TIMESTAMPTZ(3);

-- AlterTable
ALTER TABLE "CustomerNote" ALTER COLUMN "createdAt" SET DATA TYPE TIMESTAMPTZ(3);

-- AlterTable
ALTER TABLE "CustomerPushState" ALTER COLUMN "pushedAt" SET DATA TYPE TIMESTAMPTZ(3);

-- AlterTable
ALTER TABLE "DataExport" ALTER COLUMN "createdAt" SET DATA TYPE TIMESTAMPTZ(3);

-- AlterTable
ALTER TABLE "Job" ALTER COLUMN "runAt" SET DATA TYPE TIMESTAMPTZ(3),
ALTER COLUMN "lockedUntil" SET DATA TYPE TIMESTAMPTZ(3),
ALTER COLUMN "createdAt" SET DATA TYPE TIMESTAMPTZ(3),
ALTER COLUMN "updatedAt" SET DATA TYPE TIMESTAMPTZ(3);

-- AlterTable
ALTER TABLE "Journey" ALTER COLUMN "activatedAt" SET DATA TYPE TIMESTAMPTZ(3),
ALTER COLUMN "createdAt" SET DATA TYPE TIMESTAMPTZ(3),
ALTER COLUMN "updatedAt" SET DATA TYPE TIMESTAMPTZ(3);

-- AlterTable
ALTER TABLE "JourneyEntry" ALTER COLUMN "dueAt" SET DATA TYPE TIMESTAMPTZ(3),
ALTER COLUMN "lockedUntil" SET DATA TYPE TIMESTAMPTZ(3),
ALTER COLUMN "enteredAt" SET DATA TYPE TIMESTAMPTZ(3),
ALTER COLUMN "finishedAt" SET DATA TYPE TIMESTAMPTZ(3),
ALTER COLUMN "convertedAt" SET DATA TYPE TIMESTAMPTZ(3),
ALTER COLUMN "createdAt" SET DATA TYPE TIMESTAMPTZ(3),
ALTER COLUMN "updatedAt" SET DATA TYPE TIMESTAMPTZ(3);

-- AlterTable
ALTER TABLE "JourneyMessage" ADD COLUMN     "retryKey" TEXT,
ALTER COLUMN "sendingAt" SET DATA TYPE TIMESTAMPTZ(3),
ALTER COLUMN "sentAt" SET DATA TYPE TIMESTAMPTZ(3),
ALTER COLUMN "firstClickAt" SET DATA TYPE TIMESTAMPTZ(3),
ALTER COLUMN "unsubscribedAt" SET DATA TYPE TIMESTAMPTZ(3),
ALTER COLUMN "createdAt" SET DATA TYPE TIMESTAMPTZ(3),
ALTER COLUMN "updatedAt" SET DATA TYPE TIMESTAMPTZ(3);

-- AlterTable
ALTER TABLE "MailSuppression" ALTER COLUMN "createdAt" SET DATA TYPE TIMESTAMPTZ(3);

-- AlterTable
ALTER TABLE "Order" ADD COLUMN     "importBatchId" INTEGER,
ALTER COLUMN "shopifyCreatedAt" SET DATA TYPE TIMESTAMPTZ(3),
ALTER COLUMN "processedAt" SET DATA TYPE TIMESTAMPTZ(3),
ALTER COLUMN "shopifyUpdatedAt" SET DATA TYPE TIMESTAMPTZ(3),
ALTER COLUMN "cancelledAt" SET DATA TYPE TIMESTAMPTZ(3),
ALTER COLUMN "syncedAt" SET DATA TYPE TIMESTAMPTZ(3),
ALTER COLUMN "triggeredAt" SET DATA TYPE TIMESTAMPTZ(3);

-- AlterTable
ALTER TABLE "PointsAccount" ALTER COLUMN "updatedAt" SET DATA TYPE TIMESTAMPTZ(3),
ALTER COLUMN "pushedAt" SET DATA TYPE TIMESTAMPTZ(3);

-- AlterTable
ALTER TABLE "PointsEntry" ALTER COLUMN "occurredAt" SET DATA TYPE TIMESTAMPTZ(3),
ALTER COLUMN "createdAt" SET DATA TYPE TIMESTAMPTZ(3);

-- AlterTable
ALTER TABLE "PointsRedemption" ALTER COLUMN "createdAt" SET DATA TYPE TIMESTAMPTZ(3),
ALTER COLUMN "updatedAt" SET DATA TYPE TIMESTAMPTZ(3);

-- AlterTable
ALTER TABLE "RedactedCustomer" ALTER COLUMN "redactedAt" SET DATA TYPE TIMESTAMPTZ(3);

-- AlterTable
ALTER TABLE "RedactedOrder" ALTER COLUMN "redactedAt" SET DATA TYPE TIMESTAMPTZ(3);

-- AlterTable
ALTER TABLE "Refund" ALTER COLUMN "shopifyCreatedAt" SET DATA TYPE TIMESTAMPTZ(3);

-- AlterTable
ALTER TABLE "SegmentChange" ALTER COLUMN "changedAt" SET DATA TYPE TIMESTAMPTZ(3);

-- AlterTable
ALTER TABLE "Session" ALTER COLUMN "expires" SET DATA TYPE TIMESTAMPTZ(3),
ALTER COLUMN "refreshTokenExpires" SET DATA TYPE TIMESTAMPTZ(3);

-- AlterTable
ALTER TABLE "Shop" ALTER COLUMN "installedAt" SET DATA TYPE TIMESTAMPTZ(3),
ALTER COLUMN "uninstalledAt" SET DATA TYPE TIMESTAMPTZ(3),
ALTER COLUMN "dataChangedAt" SET DATA TYPE TIMESTAMPTZ(3),
ALTER COLUMN "analyticsComputedAt" SET DATA TYPE TIMESTAMPTZ(3),
ALTER COLUMN "reconciledThrough" SET DATA TYPE TIMESTAMPTZ(3),
ALTER COLUMN "createdAt" SET DATA TYPE TIMESTAMPTZ(3),
ALTER COLUMN "updatedAt" SET DATA TYPE TIMESTAMPTZ(3);

-- AlterTable
ALTER TABLE "SyncRun" ALTER COLUMN "startedAt" SET DATA TYPE TIMESTAMPTZ(3),
ALTER COLUMN "updatedAt" SET DATA TYPE TIMESTAMPTZ(3),
ALTER COLUMN "finishedAt" SET DATA TYPE TIMESTAMPTZ(3);

-- AlterTable
ALTER TABLE "WebhookEvent" ALTER COLUMN "triggeredAt" SET DATA TYPE TIMESTAMPTZ(3),
ALTER COLUMN "resourceUpdatedAt" SET DATA TYPE TIMESTAMPTZ(3),
ALTER COLUMN "receivedAt" SET DATA TYPE TIMESTAMPTZ(3),
ALTER COLUMN "nextAttemptAt" SET DATA TYPE TIMESTAMPTZ(3),
ALTER COLUMN "processedAt" SET DATA TYPE TIMESTAMPTZ(3);

-- CreateTable
CREATE TABLE "LineChannel" (
    "shopId" INTEGER NOT NULL,
    "channelId" TEXT NOT NULL,
    "channelSecretEnc" TEXT NOT NULL,
    "accessTokenEnc" TEXT NOT NULL,
    "basicId" TEXT,
    "botUserId" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "LineChannel_pkey" PRIMARY KEY ("shopId")
);

-- CreateTable
CREATE TABLE "LineLink" (
    "shopId" INTEGER NOT NULL,
    "customerId" BIGINT NOT NULL,
    "lineUserId" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'linked',
    "linkedAt" TIMESTAMPTZ(3) NOT NULL,
    "blockedAt" TIMESTAMPTZ(3),
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "LineLink_pkey" PRIMARY KEY ("shopId","customerId")
);

-- CreateTable
CREATE TABLE "LineLinkCode" (
    "id" SERIAL NOT NULL,
    "shopId" INTEGER NOT NULL,
    "customerId" BIGINT NOT NULL,
    "code" TEXT NOT NULL,
    "expiresAt" TIMESTAMPTZ(3) NOT NULL,
    "usedAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "LineLinkCode_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "LineEvent" (
    "id" SERIAL NOT NULL,
    "shopId" INTEGER NOT NULL,
    "webhookEventId" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "lineUserId" TEXT,
    "payload" TEXT NOT NULL,
    "isRedelivery" BOOLEAN NOT NULL DEFAULT false,
    "receivedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "processedAt" TIMESTAMPTZ(3),
    "error" TEXT,

    CONSTRAINT "LineEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "FlowTriggerEvent" (
    "id" SERIAL NOT NULL,
    "shopId" INTEGER NOT NULL,
    "customerId" BIGINT NOT NULL,
    "trigger" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "payload" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "error" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sentAt" TIMESTAMPTZ(3),

    CONSTRAINT "FlowTriggerEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CustomerSignalState" (
    "shopId" INTEGER NOT NULL,
    "customerId" BIGINT NOT NULL,
    "segment" TEXT,
    "futureLoyal" BOOLEAN NOT NULL DEFAULT false,
    "churnRisk" BOOLEAN NOT NULL DEFAULT false,
    "tier" TEXT,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "CustomerSignalState_pkey" PRIMARY KEY ("shopId","customerId")
);

-- CreateTable
CREATE TABLE "ShopifySegmentLink" (
    "shopId" INTEGER NOT NULL,
    "segmentKey" TEXT NOT NULL,
    "shopifySegmentId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "query" TEXT NOT NULL,
    "syncedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "ShopifySegmentLink_pkey" PRIMARY KEY ("shopId","segmentKey")
);

-- CreateTable
CREATE TABLE "ModelCheck" (
    "id" SERIAL NOT NULL,
    "shopId" INTEGER NOT NULL,
    "computedAt" TIMESTAMPTZ(3) NOT NULL,
    "calibrationEnd" TIMESTAMPTZ(3) NOT NULL,
    "holdoutEnd" TIMESTAMPTZ(3) NOT NULL,
    "chosenModel" TEXT NOT NULL,
    "detail" TEXT NOT NULL,

    CONSTRAINT "ModelCheck_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ImportBatch" (
    "id" SERIAL NOT NULL,
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
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMPTZ(3),

    CONSTRAINT "ImportBatch_pkey" PRIMARY KEY ("id")
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
    "fetchedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Product_pkey" PRIMARY KEY ("shopId","id")
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

-- AddForeignKey
ALTER TABLE "LineChannel" ADD CONSTRAINT "LineChannel_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LineLink" ADD CONSTRAINT "LineLink_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LineLinkCode" ADD CONSTRAINT "LineLinkCode_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LineEvent" ADD CONSTRAINT "LineEvent_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FlowTriggerEvent" ADD CONSTRAINT "FlowTriggerEvent_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CustomerSignalState" ADD CONSTRAINT "CustomerSignalState_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ShopifySegmentLink" ADD CONSTRAINT "ShopifySegmentLink_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ModelCheck" ADD CONSTRAINT "ModelCheck_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ImportBatch" ADD CONSTRAINT "ImportBatch_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Product" ADD CONSTRAINT "Product_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;
