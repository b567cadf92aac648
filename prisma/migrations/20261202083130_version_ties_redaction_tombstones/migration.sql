-- DropIndex
DROP INDEX "WebhookEvent_shopId_status_idx";

-- AlterTable
ALTER TABLE "Customer" ADD COLUMN "triggeredAt" DATETIME;

-- AlterTable
ALTER TABLE "Order" ADD COLUMN "triggeredAt" DATETIME;

-- CreateTable
CREATE TABLE "RedactedCustomer" (
    "shopId" INTEGER NOT NULL,
    "customerId" BIGINT NOT NULL,
    "redactedAt" DATETIME NOT NULL,

    PRIMARY KEY ("shopId", "customerId"),
    CONSTRAINT "RedactedCustomer_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "RedactedOrder" (
    "shopId" INTEGER NOT NULL,
    "orderId" BIGINT NOT NULL,
    "customerId" BIGINT,
    "redactedAt" DATETIME NOT NULL,

    PRIMARY KEY ("shopId", "orderId"),
    CONSTRAINT "RedactedOrder_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "RedactedOrder_shopId_customerId_idx" ON "RedactedOrder"("shopId", "customerId");

-- CreateIndex
CREATE INDEX "WebhookEvent_shopId_status_receivedAt_idx" ON "WebhookEvent"("shopId", "status", "receivedAt");
