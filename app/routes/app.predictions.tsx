import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { BlockStack, Card, DataTable, Layout, Page, Text } from "@shopify/polaris";
import { latestModelCheck } from "../analytics/model-check.server";
import { useFormat } from "../components/format";
import { pageTitle } from "../components/page-title";
import { PredictionCalibrationChart } from "../components/PredictionChart";
import { db } from "../db/client.server";
import { shopFormat } from "../db/customers.server";
import type { MessageKey } from "../i18n/catalog";
import { useT } from "../i18n/react";
import { requireShop } from "../require-shop.server";

export const meta = pageTitle("predictions.title");

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop } = await requireShop(request);
  const [check, format] = await Promise.all([latestModelCheck(db(), shop), shopFormat(db(), shop)]);
  if (!check) return { shop: format, check: null };
  return {
    shop: format,
    check: {
      computedAt: check.computedAt.getTime(),
      calibrationEnd: check.calibrationEnd.toISOString().slice(0, 10),
      holdoutEnd: check.holdoutEnd.toISOString().slice(0, 10),
      chosenModel: check.chosenModel,
      detail: check.detail,
    },
  };
};

const modelKey = (kind: string) => `predictions.model.${kind}` as MessageKey;

export default function Predictions() {
  const { shop, check } = useLoaderData<typeof loader>();
  const t = useT();
  const format = useFormat(shop);
  if (!check) {
    return (
      <Page title={t("predictions.title")}>
        <Card>
          <Text as="p">{t("predictions.empty")}</Text>
        </Card>
      </Page>
    );
  }
  const { detail } = check;
  const model = t(modelKey(check.chosenModel));
  const holdout = detail.holdout;
  const chosen = holdout?.candidates.find((candidate) => candidate.kind === check.chosenModel) ?? null;
  const reason = detail.reason;
  return (
    <Page title={t("predictions.title")}>
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            <Card>
              <BlockStack gap="200">
                <Text as="h2" variant="headingMd">
                  {t("predictions.chosen.title")}
                </Text>
                <Text as="p">
                  {t("predictions.lastRefit", {
                    date: format.date(check.computedAt),
                    calibrationEnd: check.calibrationEnd,
                    holdoutEnd: check.holdoutEnd,
                  })}
                </Text>
                {reason ? (
                  <Text as="p">
                    {reason.key === "too_few_customers" || reason.key === "too_few_repeat_customers"
                      ? t(`predictions.insufficient.${reason.key}`, { needed: format.number(reason.needed ?? 0) })
                      : t("predictions.insufficient.other")}
                  </Text>
                ) : (
                  <Text as="p">{t(`predictions.chosen.${detail.chosenBecause}`, { model })}</Text>
                )}
                {detail.boundaryFallback ? <Text as="p">{t("predictions.chosen.boundary")}</Text> : null}
              </BlockStack>
            </Card>
            {holdout && chosen?.predictedByFrequency ? (
              <Card>
                <BlockStack gap="300">
                  <Text as="h2" variant="headingMd">
                    {t("predictions.totals.title")}
                  </Text>
                  <Text as="p">
                    {t("predictions.totals.summary", {
                      model,
                      predicted: format.number(chosen.predictedTotal ?? 0),
                      actual: format.number(holdout.actualTotal),
                    })}
                  </Text>
                  <Text as="h3" variant="headingSm">
                    {t("predictions.chart.title")}
                  </Text>
                  <PredictionCalibrationChart
                    rows={holdout.byFrequency.map((bucket, b) => ({
                      label: bucket.calibrationPurchases,
                      customers: bucket.customers,
                      actual: bucket.actual,
                      predicted: chosen.predictedByFrequency?.[b] ?? 0,
                    }))}
                    labels={{
                      summary: t("predictions.chart.summary"),
                      group: t("predictions.chart.group"),
                      customers: t("predictions.chart.customers"),
                      actual: t("predictions.chart.actual"),
                      predicted: t("predictions.chart.predicted"),
                    }}
                    format={(value) => format.number(value, 2)}
                  />
                </BlockStack>
              </Card>
            ) : null}
            {holdout ? (
              <Card>
                <BlockStack gap="200">
                  <Text as="h2" variant="headingMd">
                    {t("predictions.models.title")}
                  </Text>
                  <DataTable
                    columnContentTypes={["text", "numeric", "numeric"]}
                    headings={[t("predictions.models.model"), t("predictions.models.error"), t("predictions.models.total")]}
                    rows={holdout.candidates.map((candidate) => [
                      t(modelKey(candidate.kind)),
                      candidate.rmse === null ? t("predictions.models.notUsable") : format.number(candidate.rmse, 3),
                      candidate.predictedTotal === null ? "—" : format.number(candidate.predictedTotal),
                    ])}
                  />
                </BlockStack>
              </Card>
            ) : null}
            {detail.forecast ? (
              <Card>
                <BlockStack gap="200">
                  <Text as="h2" variant="headingMd">
                    {t("predictions.forecast.title")}
                  </Text>
                  <Text as="p">
                    {t("predictions.forecast.orders")}:{" "}
                    {detail.forecast.expectedPurchasesLow === null || detail.forecast.expectedPurchasesHigh === null
                      ? format.number(detail.forecast.expectedPurchases)
                      : t("predictions.forecast.range", {
                          value: format.number(detail.forecast.expectedPurchases),
                          low: format.number(detail.forecast.expectedPurchasesLow),
                          high: format.number(detail.forecast.expectedPurchasesHigh),
                        })}
                  </Text>
                  <Text as="p">
                    {t("predictions.forecast.revenue")}:{" "}
                    {detail.forecast.expectedRevenueLow === null || detail.forecast.expectedRevenueHigh === null
                      ? format.money(detail.forecast.expectedRevenue)
                      : t("predictions.forecast.range", {
                          value: format.money(detail.forecast.expectedRevenue),
                          low: format.money(detail.forecast.expectedRevenueLow),
                          high: format.money(detail.forecast.expectedRevenueHigh),
                        })}
                  </Text>
                </BlockStack>
              </Card>
            ) : null}
          </BlockStack>
        </Layout.Section>
      </Layout>
    </Page>
  );
}
