import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { BlockStack, Card, DataTable, InlineGrid, Layout, Page, Text } from "@shopify/polaris";
import { useFormat } from "../components/format";
import { JourneyFunnelChart } from "../components/JourneyFunnelChart";
import { JourneyStatusBadge, journeyName, messageTemplateName, stepKindLabel } from "../components/JourneyLabels";
import { pageTitle } from "../components/page-title";
import { db } from "../db/client.server";
import { journeyReportPage } from "../forms/journey-detail.server";
import { useT } from "../i18n/react";
import { requireShop } from "../require-shop.server";
import { kizunaNow } from "../lib/clock.server";

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const { shop } = await requireShop(request);
  return journeyReportPage(db(), shop, params, kizunaNow());
};

export const meta = pageTitle("journeys.meta.report");

export default function JourneyReport() {
  const { shop, journey, results } = useLoaderData<typeof loader>();
  const t = useT();
  const format = useFormat(shop);
  const money = (minor: number) => format.money(Math.round(minor));
  const name = journeyName(t, journey);
  const stepLabel = (step: { stepIndex: number; kind: string; templateKey: string | null }) =>
    `${t("journeys.editor.step", { n: step.stepIndex + 1 })} · ${
      step.templateKey ? messageTemplateName(t, step.templateKey) : stepKindLabel(t, step.kind)
    }`;
  const messageSteps = results.steps.filter((step) => step.kind === "send");
  const entered = results.entered.treated + results.entered.holdout;
  const stages = messageSteps.map((step) => ({
    label: t("journeys.editor.step", { n: step.stepIndex + 1 }),
    reached: step.reached,
    sent: step.sent,
    clicked: step.clicked,
    converted: step.converted,
  }));
  const { lift } = results;
  const group = (summary: typeof lift.treated) => [
    format.number(summary.customers),
    format.percent(summary.orderRate),
    money(summary.revenuePerCustomerMinor),
  ];

  return (
    <Page
      title={name}
      subtitle={t("journeys.report.title")}
      titleMetadata={<JourneyStatusBadge status={journey.status} />}
      backAction={{ content: name, url: `/app/journeys/${journey.id}` }}
    >
      <Layout>
        <Layout.Section>
          <Card>
            <BlockStack gap="300">
              <Text as="h2" variant="headingMd">
                {t("journeys.report.funnel")}
              </Text>
              {entered === 0 ? (
                <Text as="p" tone="subdued">
                  {t("journeys.report.none")}
                </Text>
              ) : (
                <JourneyFunnelChart
                  stages={stages}
                  number={(value) => format.number(value)}
                  summary={t("journeys.report.funnelSummary", {
                    entered: format.number(entered),
                    last: format.number(stages.at(-1)?.reached ?? 0),
                    converted: format.number(results.states.converted),
                  })}
                  labels={{
                    stage: t("journeys.report.step"),
                    reached: t("journeys.report.entered"),
                    sent: t("journeys.report.sent"),
                    clicked: t("journeys.report.clicked"),
                    converted: t("journeys.report.converted"),
                  }}
                />
              )}
            </BlockStack>
          </Card>
        </Layout.Section>
        <Layout.Section>
          <Card padding="0">
            <BlockStack gap="200">
              <div style={{ padding: "var(--p-space-400) var(--p-space-400) 0" }}>
                <Text as="h2" variant="headingMd">
                  {t("journeys.report.steps")}
                </Text>
              </div>
              <DataTable
                columnContentTypes={[
                  "text",
                  "numeric",
                  "numeric",
                  "numeric",
                  "numeric",
                  "numeric",
                  "numeric",
                  "numeric",
                  "numeric",
                ]}
                headings={[
                  t("journeys.report.step"),
                  t("journeys.report.entered"),
                  t("journeys.report.sent"),
                  t("journeys.report.heldOut"),
                  t("journeys.report.rejected"),
                  t("journeys.report.clicked"),
                  t("journeys.report.unsubscribed"),
                  t("journeys.report.converted"),
                  t("journeys.report.revenue"),
                ]}
                rows={results.steps.map((step) => [
                  stepLabel(step),
                  format.number(step.reached),
                  format.number(step.sent),
                  format.number(step.heldOut),
                  format.number(step.rejected + step.bounced),
                  format.number(step.clicked),
                  format.number(step.unsubscribed),
                  format.number(step.converted),
                  money(step.revenueMinor),
                ])}
              />
            </BlockStack>
          </Card>
        </Layout.Section>
        <Layout.Section>
          <InlineGrid columns={{ xs: 1, md: results.f2 ? 2 : 1 }} gap="400">
            <Card>
              <BlockStack gap="300">
                <Text as="h2" variant="headingMd">
                  {t("journeys.report.lift")}
                </Text>
                <DataTable
                  columnContentTypes={["text", "numeric", "numeric", "numeric"]}
                  headings={[
                    t("journeys.report.group"),
                    t("journeys.report.customers"),
                    t("journeys.report.conversionRate"),
                    t("journeys.report.revenuePerCustomer"),
                  ]}
                  rows={[
                    [t("journeys.report.treated"), ...group(lift.treated)],
                    [t("journeys.report.holdout"), ...group(lift.holdout)],
                  ]}
                />
                {lift.lift ? (
                  <BlockStack gap="100">
                    <Text as="h3" variant="headingSm">
                      {t("journeys.report.incremental")}
                    </Text>
                    <Text as="p" variant="headingLg">
                      {money(lift.lift.incrementalRevenueMinor)}
                    </Text>
                    <Text as="p">
                      {t("journeys.report.interval", {
                        low: money(lift.lift.incrementalLowMinor),
                        high: money(lift.lift.incrementalHighMinor),
                      })}
                    </Text>
                    <Text as="p">
                      {t("journeys.report.perCustomer", {
                        value: t("journeys.lift.range", {
                          value: money(lift.lift.perCustomerMinor),
                          low: money(lift.lift.perCustomerLowMinor),
                          high: money(lift.lift.perCustomerHighMinor),
                        }),
                      })}
                    </Text>
                    <Text as="p" tone={lift.lift.significant ? "success" : "subdued"}>
                      {lift.lift.significant ? t("journeys.report.significant") : t("journeys.report.notSignificant")}
                    </Text>
                  </BlockStack>
                ) : (
                  <Text as="p" tone="subdued">
                    {t("journeys.report.tooSmall")}
                  </Text>
                )}
              </BlockStack>
            </Card>
            {results.f2 ? (
              <Card>
                <BlockStack gap="200">
                  <Text as="h2" variant="headingMd">
                    {t("journeys.report.f2")}
                  </Text>
                  <Text as="p">
                    {t("journeys.report.f2Text", {
                      treated: format.percent(results.f2.treated.rate),
                      holdout: format.percent(results.f2.holdout.rate),
                    })}
                  </Text>
                  {results.f2.difference ? (
                    <Text as="p">
                      {t("journeys.report.f2Difference", {
                        value: format.percent(results.f2.difference.value),
                        low: format.percent(results.f2.difference.low),
                        high: format.percent(results.f2.difference.high),
                      })}
                    </Text>
                  ) : (
                    <Text as="p" tone="subdued">
                      {t("journeys.report.tooSmall")}
                    </Text>
                  )}
                </BlockStack>
              </Card>
            ) : null}
          </InlineGrid>
        </Layout.Section>
        <Layout.Section>
          <Text as="p" tone="subdued" variant="bodySm">
            {t("journeys.report.method", { days: results.attributionDays })}
          </Text>
        </Layout.Section>
      </Layout>
    </Page>
  );
}
