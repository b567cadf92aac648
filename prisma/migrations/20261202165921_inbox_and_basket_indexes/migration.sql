-- DropIndex
DROP INDEX "LineItem_shopId_orderId_idx";

-- CreateIndex
CREATE INDEX "LineItem_shopId_orderId_productId_idx" ON "LineItem"("shopId", "orderId", "productId");

-- CreateIndex
CREATE INDEX "WebhookEvent_status_id_idx" ON "WebhookEvent"("status", "id");

-- CreateIndex
CREATE INDEX "WebhookEvent_shopId_status_processedAt_idx" ON "WebhookEvent"("shopId", "status", "processedAt");
