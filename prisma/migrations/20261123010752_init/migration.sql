-- CreateTable
CREATE TABLE "Session" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "isOnline" BOOLEAN NOT NULL DEFAULT false,
    "scope" TEXT,
    "expires" DATETIME,
    "accessToken" TEXT NOT NULL,
    "userId" BIGINT,
    "firstName" TEXT,
    "lastName" TEXT,
    "email" TEXT,
    "accountOwner" BOOLEAN NOT NULL DEFAULT false,
    "locale" TEXT,
    "collaborator" BOOLEAN DEFAULT false,
    "emailVerified" BOOLEAN DEFAULT false,
    "refreshToken" TEXT,
    "refreshTokenExpires" DATETIME
);

-- CreateTable
CREATE TABLE "Shop" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "domain" TEXT NOT NULL,
    "name" TEXT NOT NULL DEFAULT '',
    "email" TEXT,
    "currency" TEXT NOT NULL DEFAULT 'JPY',
    "timezone" TEXT NOT NULL DEFAULT 'Asia/Tokyo',
    "locale" TEXT NOT NULL DEFAULT 'ja',
    "installState" TEXT NOT NULL DEFAULT 'installed',
    "installedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "uninstalledAt" DATETIME,
    "settings" TEXT NOT NULL DEFAULT '{}',
    "dataChangedAt" DATETIME,
    "analyticsComputedAt" DATETIME,
    "reconciledThrough" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "Customer" (
    "shopId" INTEGER NOT NULL,
    "id" BIGINT NOT NULL,
    "firstName" TEXT,
    "lastName" TEXT,
    "email" TEXT,
    "phone" TEXT,
    "locale" TEXT,
    "state" TEXT,
    "tags" TEXT NOT NULL DEFAULT '',
    "emailMarketing" TEXT,
    "smsMarketing" TEXT,
    "birthDate" TEXT,
    "city" TEXT,
    "provinceCode" TEXT,
    "countryCode" TEXT,
    "shopifyCreatedAt" DATETIME NOT NULL,
    "shopifyUpdatedAt" DATETIME NOT NULL,
    "deletedAt" DATETIME,
    "syncedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,

    PRIMARY KEY ("shopId", "id"),
    CONSTRAINT "Customer_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Order" (
    "shopId" INTEGER NOT NULL,
    "id" BIGINT NOT NULL,
    "name" TEXT NOT NULL,
    "customerId" BIGINT,
    "email" TEXT,
    "shopifyCreatedAt" DATETIME NOT NULL,
    "processedAt" DATETIME NOT NULL,
    "shopifyUpdatedAt" DATETIME NOT NULL,
    "cancelledAt" DATETIME,
    "cancelReason" TEXT,
    "currency" TEXT NOT NULL,
    "presentmentCurrency" TEXT NOT NULL,
    "financialStatus" TEXT,
    "sourceName" TEXT,
    "tags" TEXT NOT NULL DEFAULT '',
    "discountCodes" TEXT NOT NULL DEFAULT '',
    "subtotalMinor" INTEGER NOT NULL,
    "totalDiscountsMinor" INTEGER NOT NULL DEFAULT 0,
    "totalShippingMinor" INTEGER NOT NULL DEFAULT 0,
    "totalTaxMinor" INTEGER NOT NULL DEFAULT 0,
    "totalMinor" INTEGER NOT NULL,
    "totalRefundedMinor" INTEGER NOT NULL DEFAULT 0,
    "presentmentTotalMinor" INTEGER NOT NULL,
    "shippingProvinceCode" TEXT,
    "shippingCountryCode" TEXT,
    "test" BOOLEAN NOT NULL DEFAULT false,
    "syncedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,

    PRIMARY KEY ("shopId", "id"),
    CONSTRAINT "Order_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "LineItem" (
    "shopId" INTEGER NOT NULL,
    "id" BIGINT NOT NULL,
    "orderId" BIGINT NOT NULL,
    "productId" BIGINT,
    "variantId" BIGINT,
    "title" TEXT NOT NULL,
    "variantTitle" TEXT,
    "sku" TEXT,
    "quantity" INTEGER NOT NULL,
    "originalUnitPriceMinor" INTEGER NOT NULL,
    "discountedTotalMinor" INTEGER NOT NULL,
    "totalDiscountMinor" INTEGER NOT NULL DEFAULT 0,

    PRIMARY KEY ("shopId", "id"),
    CONSTRAINT "LineItem_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Refund" (
    "shopId" INTEGER NOT NULL,
    "id" BIGINT NOT NULL,
    "orderId" BIGINT NOT NULL,
    "shopifyCreatedAt" DATETIME NOT NULL,
    "note" TEXT,
    "totalMinor" INTEGER NOT NULL,
    "lineItems" TEXT NOT NULL DEFAULT '[]',

    PRIMARY KEY ("shopId", "id"),
    CONSTRAINT "Refund_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "WebhookEvent" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "shopId" INTEGER NOT NULL,
    "webhookId" TEXT NOT NULL,
    "topic" TEXT NOT NULL,
    "apiVersion" TEXT,
    "eventId" TEXT,
    "triggeredAt" DATETIME,
    "resourceId" BIGINT,
    "resourceUpdatedAt" DATETIME,
    "payload" TEXT NOT NULL,
    "receivedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastError" TEXT,
    "processedAt" DATETIME,
    CONSTRAINT "WebhookEvent_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "SyncRun" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "shopId" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'queued',
    "phase" TEXT,
    "rowsDone" INTEGER NOT NULL DEFAULT 0,
    "rowsTotal" INTEGER,
    "state" TEXT NOT NULL DEFAULT '{}',
    "error" TEXT,
    "startedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    "finishedAt" DATETIME,
    CONSTRAINT "SyncRun_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Job" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "shopId" INTEGER,
    "name" TEXT NOT NULL,
    "payload" TEXT NOT NULL DEFAULT '{}',
    "singletonKey" TEXT,
    "status" TEXT NOT NULL DEFAULT 'queued',
    "runAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "maxAttempts" INTEGER NOT NULL DEFAULT 5,
    "lockedUntil" DATETIME,
    "lastError" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Job_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "Session_shop_idx" ON "Session"("shop");

-- CreateIndex
CREATE UNIQUE INDEX "Shop_domain_key" ON "Shop"("domain");

-- CreateIndex
CREATE INDEX "Customer_shopId_shopifyUpdatedAt_idx" ON "Customer"("shopId", "shopifyUpdatedAt");

-- CreateIndex
CREATE INDEX "Customer_shopId_email_idx" ON "Customer"("shopId", "email");

-- CreateIndex
CREATE INDEX "Order_shopId_customerId_processedAt_idx" ON "Order"("shopId", "customerId", "processedAt");

-- CreateIndex
CREATE INDEX "Order_shopId_processedAt_idx" ON "Order"("shopId", "processedAt");

-- CreateIndex
CREATE INDEX "Order_shopId_shopifyUpdatedAt_idx" ON "Order"("shopId", "shopifyUpdatedAt");

-- CreateIndex
CREATE INDEX "LineItem_shopId_orderId_idx" ON "LineItem"("shopId", "orderId");

-- CreateIndex
CREATE INDEX "LineItem_shopId_productId_idx" ON "LineItem"("shopId", "productId");

-- CreateIndex
CREATE INDEX "Refund_shopId_orderId_idx" ON "Refund"("shopId", "orderId");

-- CreateIndex
CREATE INDEX "WebhookEvent_status_nextAttemptAt_idx" ON "WebhookEvent"("status", "nextAttemptAt");

-- CreateIndex
CREATE INDEX "WebhookEvent_shopId_status_idx" ON "WebhookEvent"("shopId", "status");

-- CreateIndex
CREATE UNIQUE INDEX "WebhookEvent_shopId_webhookId_key" ON "WebhookEvent"("shopId", "webhookId");

-- CreateIndex
CREATE INDEX "SyncRun_shopId_kind_startedAt_idx" ON "SyncRun"("shopId", "kind", "startedAt");

-- CreateIndex
CREATE UNIQUE INDEX "Job_singletonKey_key" ON "Job"("singletonKey");

-- CreateIndex
CREATE INDEX "Job_status_runAt_idx" ON "Job"("status", "runAt");
