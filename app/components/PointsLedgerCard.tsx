import { useFetcher } from "@remix-run/react";
import { Badge, BlockStack, Button, Card, DataTable, InlineStack, Text, TextField } from "@shopify/polaris";
import { useEffect, useState } from "react";
import { formatDate, formatTierName } from "../i18n/format";
import { useLocale, useT } from "../i18n/react";
import type { AdjustmentResult, CustomerPointsView } from "../points/customer-points.server";
import { useErrorText, useToastOnResult } from "./hooks";
import { describePointsEntry } from "./points-history";

/**
 * A customer's points on the customer page: balance, rank, the ledger and a staff adjustment form.
 * The loader gets `points` from loadCustomerPoints(client, shop, customerId); the form posts to
 * /app/customers/:id/points (app.customers.$id.points.tsx), which calls adjustCustomerPoints.
 */
export function PointsLedgerCard({ points }: { points: CustomerPointsView }) {
  const t = useT();
  const locale = useLocale();
  const fetcher = useFetcher<AdjustmentResult>();
  const [amount, setAmount] = useState("");
  const [reason, setReason] = useState("");
  const [adjustmentId, setAdjustmentId] = useState(newAdjustmentId);
  const result = fetcher.data;
  const errors = result && !result.ok ? result.errors : {};
  const errorText = useErrorText();
  useToastOnResult(result?.ok ? result : null, t("points.adjust.done"));
  useEffect(() => {
    if (result?.ok) {
      setAmount("");
      setReason("");
      setAdjustmentId(newAdjustmentId());
    }
  }, [result]);

  const date = (iso: string) => formatDate(Date.parse(iso), points.timeZone, locale);
  const rows = points.history.map((item) => [
    date(item.occurredAt),
    describePointsEntry(t, locale, item),
    <Text key={item.id} as="span" numeric tone={item.points < 0 ? "critical" : undefined}>
      {item.points === 0 ? "—" : `${item.points > 0 ? "+" : ""}${item.points.toLocaleString(locale)}`}
    </Text>,
  ]);

  return (
    <Card>
      <BlockStack gap="400">
        <InlineStack align="space-between" blockAlign="center">
          <Text as="h2" variant="headingSm">
            {t("points.ledger.title")}
          </Text>
          <Badge>{`${t("points.ledger.tier")}: ${formatTierName(points.tier, locale)}`}</Badge>
        </InlineStack>
        {!points.enabled ? (
          <Text as="p" tone="subdued">
            {t("points.ledger.off")}
          </Text>
        ) : null}
        <BlockStack gap="100">
          <Text as="p" variant="headingXl">
            {`${points.balance.toLocaleString(locale)} pt`}
          </Text>
          {points.expiresAt ? (
            <Text as="p" tone="subdued">
              {t("points.ledger.expires", { date: date(points.expiresAt) })}
            </Text>
          ) : null}
        </BlockStack>
        {rows.length === 0 ? (
          <Text as="p" tone="subdued">
            {t("points.ledger.empty")}
          </Text>
        ) : (
          <DataTable
            columnContentTypes={["text", "text", "numeric"]}
            headings={[t("points.ledger.date"), t("points.ledger.what"), t("points.ledger.points")]}
            rows={rows}
          />
        )}
        {points.enabled ? (
          <fetcher.Form method="post" action={`/app/customers/${points.customerId}/points`}>
            <BlockStack gap="200">
              <Text as="h3" variant="headingSm">
                {t("points.adjust.title")}
              </Text>
              <input type="hidden" name="adjustmentId" value={adjustmentId} />
              <InlineStack gap="200" blockAlign="start" wrap={false}>
                <div style={{ width: "10rem" }}>
                  <TextField
                    label={t("points.adjust.points")}
                    name="points"
                    value={amount}
                    onChange={setAmount}
                    error={errorText(errors.points)}
                    inputMode="numeric"
                    autoComplete="off"
                  />
                </div>
                <div style={{ flex: 1 }}>
                  <TextField
                    label={t("points.adjust.reason")}
                    name="reason"
                    value={reason}
                    onChange={setReason}
                    error={errorText(errors.reason ?? errors.form)}
                    maxLength={200}
                    autoComplete="off"
                  />
                </div>
              </InlineStack>
              <InlineStack>
                <Button submit loading={fetcher.state !== "idle"}>
                  {t("points.adjust.submit")}
                </Button>
              </InlineStack>
            </BlockStack>
          </fetcher.Form>
        ) : null}
      </BlockStack>
    </Card>
  );
}

function newAdjustmentId(): string {
  return `adj-${globalThis.crypto.randomUUID()}`;
}
