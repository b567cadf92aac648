-- DropIndex
DROP INDEX "WebhookEvent_shopId_status_idx";

-- AlterTable
ALTER TABLE "Customer" ADD COLUMN     "triggeredAt" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "Order" ADD COLUMN     "triggeredAt" TIMESTAMP(3);

-- CreateTable
CREATE TABLE "RedactedCustomer" (
    "shopId" INTEGER NOT NULL,
    "customerId" BIGINT NOT NULL,
    "redactedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "RedactedCustomer_pkey" PRIMARY KEY ("shopId","customerId")
);

-- CreateTable
CREATE TABLE "RedactedOrder" (
    "shopId" INTEGER NOT NULL,
    "orderId" BIGINT NOT NULL,
    "customerId" BIGINT,
    "redactedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "RedactedOrder_pkey" PRIMARY KEY ("shopId","orderId")
);

-- CreateIndex
CREATE INDEX "RedactedOrder_shopId_customerId_idx" ON "RedactedOrder"("shopId", "customerId");

-- CreateIndex
CREATE INDEX "WebhookEvent_shopId_status_receivedAt_idx" ON "WebhookEvent"("shopId", "status", "receivedAt");

-- AddForeignKey
ALTER TABLE "RedactedCustomer" ADD CONSTRAINT "RedactedCustomer_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RedactedOrder" ADD CONSTRAINT "RedactedOrder_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;
