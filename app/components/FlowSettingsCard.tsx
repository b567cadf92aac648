import { useFetcher } from "@remix-run/react";
import { BlockStack, Button, Card, DataTable, FormLayout, InlineStack, Text, TextField } from "@shopify/polaris";
import { useState } from "react";
import type { MessageKey } from "../i18n";
import { useLocale, useT } from "../i18n/react";
import type { FlowSettingsResult, FlowSettingsView } from "../flow/settings.server";
import { useToastOnResult } from "./hooks";

/**
 * Settings → Shopify Flow (decision 026): Kizuna's triggers with how many events each wrote in the last 30 days,
 * and the churn-risk threshold and points-expiring lead time. The form posts to /app/flow-settings.
 */
export function FlowSettingsCard({ flow }: { flow: FlowSettingsView }) {
  const t = useT();
  const locale = useLocale();
  const fetcher = useFetcher<FlowSettingsResult>();
  const [churnRiskPercent, setChurnRiskPercent] = useState(String(flow.churnRiskPercent));
  const [pointsExpiringDays, setPointsExpiringDays] = useState(String(flow.pointsExpiringDays));
  const result = fetcher.data;
  const errors = result && !result.ok ? result.errors : {};
  useToastOnResult(result?.ok ? result : null, t("flow.saved"));
  const count = (value: number) => value.toLocaleString(locale);
  const save = () =>
    fetcher.submit(
      { churnRiskPercent, pointsExpiringDays },
      { method: "post", action: "/app/flow-settings", encType: "application/json" },
    );
  return (
    <Card>
      <BlockStack gap="400">
        <Text as="h2" variant="headingSm">
          {t("flow.triggers.heading", { days: flow.days })}
        </Text>
        <DataTable
          columnContentTypes={["text", "numeric", "numeric", "numeric"]}
          headings={[t("flow.column.trigger"), t("flow.column.sent"), t("flow.column.pending"), t("flow.column.failed")]}
          rows={flow.triggers.map((row) => [
            t(`flow.trigger.${row.kind}` as MessageKey),
            count(row.sent),
            count(row.pending),
            count(row.failed),
          ])}
        />
        <FormLayout>
          <FormLayout.Group>
            <TextField
              label={t("flow.churnRiskPercent")}
              helpText={t("flow.churnRiskPercent.help")}
              type="number"
              min={5}
              max={99}
              suffix="%"
              autoComplete="off"
              value={churnRiskPercent}
              onChange={setChurnRiskPercent}
              error={errors.churnRiskPercent ? t(errors.churnRiskPercent) : undefined}
            />
            <TextField
              label={t("flow.pointsExpiringDays")}
              helpText={t("flow.pointsExpiringDays.help")}
              type="number"
              min={1}
              max={90}
              autoComplete="off"
              value={pointsExpiringDays}
              onChange={setPointsExpiringDays}
              error={errors.pointsExpiringDays ? t(errors.pointsExpiringDays) : undefined}
            />
          </FormLayout.Group>
        </FormLayout>
        {errors.form ? (
          <Text as="p" tone="critical">
            {t(errors.form)}
          </Text>
        ) : null}
        <InlineStack>
          <Button onClick={save} loading={fetcher.state !== "idle"}>
            {t("flow.save")}
          </Button>
        </InlineStack>
      </BlockStack>
    </Card>
  );
}
