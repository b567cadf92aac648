-- CreateTable
CREATE TABLE "CustomerMetrics" (
    "shopId" INTEGER NOT NULL,
    "customerId" BIGINT NOT NULL,
    "computedAt" DATETIME NOT NULL,
    "ordersCount" INTEGER NOT NULL,
    "netSpendMinor" INTEGER NOT NULL,
    "aovMinor" INTEGER NOT NULL,
    "firstOrderAt" DATETIME,
    "lastOrderAt" DATETIME,
    "recencyDays" INTEGER,
    "rScore" INTEGER NOT NULL,
    "fScore" INTEGER NOT NULL,
    "mScore" INTEGER NOT NULL,
    "segment" TEXT NOT NULL,
    "pAlive" REAL,
    "expectedPurchases30" REAL,
    "expectedPurchases90" REAL,
    "expectedPurchases365" REAL,
    "expectedAovMinor" INTEGER,
    "predictedClv12mMinor" INTEGER,
    "isLoyal" BOOLEAN NOT NULL DEFAULT false,
    "futureLoyalScore" REAL,
    "futureLoyalReasons" TEXT,

    PRIMARY KEY ("shopId", "customerId"),
    CONSTRAINT "CustomerMetrics_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "SegmentChange" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "shopId" INTEGER NOT NULL,
    "customerId" BIGINT NOT NULL,
    "resultId" INTEGER NOT NULL,
    "fromSegment" TEXT,
    "toSegment" TEXT NOT NULL,
    "changedAt" DATETIME NOT NULL,
    CONSTRAINT "SegmentChange_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "AnalyticsResult" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "shopId" INTEGER NOT NULL,
    "computedAt" DATETIME NOT NULL,
    "asOf" DATETIME NOT NULL,
    "customers" INTEGER NOT NULL,
    "model" TEXT NOT NULL,
    "summary" TEXT NOT NULL,
    "durationMs" INTEGER NOT NULL,
    CONSTRAINT "AnalyticsResult_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "PointsEntry" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "shopId" INTEGER NOT NULL,
    "customerId" BIGINT NOT NULL,
    "kind" TEXT NOT NULL,
    "points" INTEGER NOT NULL,
    "sourceKey" TEXT NOT NULL,
    "occurredAt" DATETIME NOT NULL,
    "reason" TEXT,
    "orderId" BIGINT,
    "detail" TEXT NOT NULL DEFAULT '{}',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "PointsEntry_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "PointsAccount" (
    "shopId" INTEGER NOT NULL,
    "customerId" BIGINT NOT NULL,
    "balance" INTEGER NOT NULL DEFAULT 0,
    "tier" TEXT,
    "rollingSpendMinor" INTEGER NOT NULL DEFAULT 0,
    "updatedAt" DATETIME NOT NULL,
    "pushedAt" DATETIME,

    PRIMARY KEY ("shopId", "customerId"),
    CONSTRAINT "PointsAccount_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "PointsRedemption" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "shopId" INTEGER NOT NULL,
    "customerId" BIGINT NOT NULL,
    "requestId" TEXT NOT NULL,
    "points" INTEGER NOT NULL,
    "discountMinor" INTEGER NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "code" TEXT,
    "shopifyDiscountId" TEXT,
    "error" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "PointsRedemption_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "CustomerPushState" (
    "shopId" INTEGER NOT NULL,
    "customerId" BIGINT NOT NULL,
    "tags" TEXT NOT NULL DEFAULT '[]',
    "metafields" TEXT NOT NULL DEFAULT '{}',
    "pushedAt" DATETIME NOT NULL,

    PRIMARY KEY ("shopId", "customerId"),
    CONSTRAINT "CustomerPushState_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Campaign" (
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
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Campaign_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "CampaignMember" (
    "shopId" INTEGER NOT NULL,
    "campaignId" INTEGER NOT NULL,
    "customerId" BIGINT NOT NULL,
    "groupName" TEXT NOT NULL,
    "code" TEXT,

    PRIMARY KEY ("campaignId", "customerId"),
    CONSTRAINT "CampaignMember_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "CampaignMember_campaignId_fkey" FOREIGN KEY ("campaignId") REFERENCES "Campaign" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "CustomerNote" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "shopId" INTEGER NOT NULL,
    "customerId" BIGINT NOT NULL,
    "body" TEXT NOT NULL,
    "author" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "CustomerNote_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "CustomerMetrics_shopId_segment_idx" ON "CustomerMetrics"("shopId", "segment");

-- CreateIndex
CREATE INDEX "CustomerMetrics_shopId_predictedClv12mMinor_idx" ON "CustomerMetrics"("shopId", "predictedClv12mMinor");

-- CreateIndex
CREATE INDEX "CustomerMetrics_shopId_netSpendMinor_idx" ON "CustomerMetrics"("shopId", "netSpendMinor");

-- CreateIndex
CREATE INDEX "CustomerMetrics_shopId_lastOrderAt_idx" ON "CustomerMetrics"("shopId", "lastOrderAt");

-- CreateIndex
CREATE INDEX "CustomerMetrics_shopId_futureLoyalScore_idx" ON "CustomerMetrics"("shopId", "futureLoyalScore");

-- CreateIndex
CREATE INDEX "SegmentChange_shopId_customerId_changedAt_idx" ON "SegmentChange"("shopId", "customerId", "changedAt");

-- CreateIndex
CREATE INDEX "SegmentChange_shopId_resultId_idx" ON "SegmentChange"("shopId", "resultId");

-- CreateIndex
CREATE INDEX "AnalyticsResult_shopId_computedAt_idx" ON "AnalyticsResult"("shopId", "computedAt");

-- CreateIndex
CREATE INDEX "PointsEntry_shopId_customerId_occurredAt_idx" ON "PointsEntry"("shopId", "customerId", "occurredAt");

-- CreateIndex
CREATE UNIQUE INDEX "PointsEntry_shopId_customerId_sourceKey_key" ON "PointsEntry"("shopId", "customerId", "sourceKey");

-- CreateIndex
CREATE INDEX "PointsAccount_shopId_balance_idx" ON "PointsAccount"("shopId", "balance");

-- CreateIndex
CREATE INDEX "PointsRedemption_shopId_customerId_idx" ON "PointsRedemption"("shopId", "customerId");

-- CreateIndex
CREATE UNIQUE INDEX "PointsRedemption_shopId_requestId_key" ON "PointsRedemption"("shopId", "requestId");

-- CreateIndex
CREATE INDEX "Campaign_shopId_createdAt_idx" ON "Campaign"("shopId", "createdAt");

-- CreateIndex
CREATE INDEX "CampaignMember_shopId_campaignId_groupName_idx" ON "CampaignMember"("shopId", "campaignId", "groupName");

-- CreateIndex
CREATE INDEX "CustomerNote_shopId_customerId_createdAt_idx" ON "CustomerNote"("shopId", "customerId", "createdAt");
