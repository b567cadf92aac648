import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { Banner, Badge, BlockStack, Button, Card, InlineGrid, InlineStack, Layout, Page, Text } from "@shopify/polaris";
import { useRevalidateWhile } from "../components/hooks";
import { ForecastChart, LtvDistributionChart, SegmentSizesChart } from "../components/Charts";
import { CohortHeatmap } from "../components/CohortHeatmap";
import { type ShopFormatProps, useFormat } from "../components/format";
import { RfmGrid } from "../components/RfmGrid";
import { segmentName } from "../components/segment-name";
import { FirstRunEmptyState, SyncProgress } from "../components/SyncProgress";
import { latestAnalyticsResult } from "../db/analytics-results.server";
import { db } from "../db/client.server";
import { shopFormat } from "../db/customers.server";
import { shopOverview } from "../db/overview.server";
import { latestSyncRun, type SyncRunView } from "../db/sync-health.server";
import { useT } from "../i18n/react";
import { requireShop } from "../require-shop.server";
import { pageTitle } from "../components/page-title";
import { campaignEntryLinks, WIN_BACK_SEGMENTS } from "../campaigns/audience-link";
import { rfmScoringNotes } from "../components/rfm-scoring";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop } = await requireShop(request);
  const [result, format, lastSync] = await Promise.all([
    latestAnalyticsResult(db(), shop),
    shopFormat(db(), shop),
    latestSyncRun(db(), shop),
  ]);
  if (!result) {
    // Before the first analysis: how much of the store has been copied so far.
    const { customers, orders } = await shopOverview(db(), shop);
    return { shop: format, lastSync, customers, orders, analytics: null };
  }
  const { kpis, forecast, segments, rfmGrid, ltvDistribution, cohorts, loyalty, model } = result.summary;
  return {
    shop: format,
    lastSync,
    customers: kpis.customers,
    orders: kpis.orders,
    // Only what the page draws: the summary also holds associations and per-cohort revenue.
    analytics: {
      computedAt: result.computedAt.getTime(),
      kpis,
      forecast,
      segments,
      rfmGrid: {
        customers: rfmGrid.customers,
        netRevenueMinor: rfmGrid.netRevenueMinor,
        scoring: { method: rfmGrid.method, rules: rfmGrid.rules, frequencyThresholds: rfmGrid.thresholds.frequency },
      },
      ltvDistribution,
      cohorts: cohorts.cohorts.map(({ month, customers, retention, inProgressMonth }) => ({
        month,
        customers,
        retention,
        inProgressMonth,
      })),
      candidates: loyalty.candidates,
      loyalCustomers: loyalty.loyalCustomers,
      modelStatus: model.status,
    },
  };
};

type DashboardData = ReturnType<typeof useLoaderData<typeof loader>>;
type Analytics = NonNullable<DashboardData["analytics"]>;

function useFollowRun(run: SyncRunView | null) {
  const running = run !== null && (run.status === "running" || run.status === "queued");
  useRevalidateWhile(running);
  return running;
}

export const meta = pageTitle("dashboard.title");

export default function Dashboard() {
  const data = useLoaderData<typeof loader>();
  const t = useT();
  const syncing = useFollowRun(data.lastSync);
  if (!data.analytics) {
    return (
      <Page title={t("dashboard.title")}>
        <BlockStack gap="400">
          <FirstRunEmptyState run={data.lastSync} shop={data.shop} />
          <CopiedSoFar customers={data.customers} orders={data.orders} shop={data.shop} />
        </BlockStack>
      </Page>
    );
  }
  const analytics = data.analytics;
  return (
    <Page title={t("dashboard.title")} fullWidth>
      <BlockStack gap="400">
        {syncing && data.lastSync ? (
          <Banner tone="info" title={t("dashboard.sync.runningTitle")}>
            <SyncProgress run={data.lastSync} shop={data.shop} />
          </Banner>
        ) : null}
        {data.lastSync?.status === "failed" ? (
          <Banner
            tone="critical"
            title={t("dashboard.sync.failedTitle")}
            action={{ content: t("dashboard.empty.openSyncHealth"), url: "/app/sync" }}
          >
            <Text as="p">{data.lastSync.error ?? ""}</Text>
          </Banner>
        ) : null}
        <Kpis analytics={analytics} shop={data.shop} />
        <Layout>
          <Layout.Section>
            <BlockStack gap="400">
              <Card>
                <BlockStack gap="300">
                  <Text as="h2" variant="headingMd">
                    {t("dashboard.rfm.title")}
                  </Text>
                  <Text as="p" tone="subdued">
                    {t("dashboard.rfm.description")}
                  </Text>
                  <RfmGrid
                    customers={analytics.rfmGrid.customers}
                    netRevenueMinor={analytics.rfmGrid.netRevenueMinor}
                    shop={data.shop}
                  />
                  {rfmScoringNotes(t, analytics.rfmGrid.scoring).map((note) => (
                    <Text as="p" tone="subdued" variant="bodySm" key={note}>
                      {note}
                    </Text>
                  ))}
                </BlockStack>
              </Card>
              <Card>
                <BlockStack gap="300">
                  <Text as="h2" variant="headingMd">
                    {t("dashboard.forecast.title")}
                  </Text>
                  <Text as="p" tone="subdued">
                    {t("dashboard.forecast.description")}
                  </Text>
                  <ForecastChart months={analytics.forecast.months} shop={data.shop} />
                </BlockStack>
              </Card>
              <Card>
                <BlockStack gap="300">
                  <Text as="h2" variant="headingMd">
                    {t("dashboard.ltv.title")}
                  </Text>
                  <LtvDistributionChart {...analytics.ltvDistribution} shop={data.shop} />
                </BlockStack>
              </Card>
              <Card>
                <BlockStack gap="300">
                  <Text as="h2" variant="headingMd">
                    {t("dashboard.cohorts.title")}
                  </Text>
                  <Text as="p" tone="subdued">
                    {t("dashboard.cohorts.description")}
                  </Text>
                  {analytics.cohorts.length ? (
                    <CohortHeatmap cohorts={analytics.cohorts} />
                  ) : (
                    <Text as="p">{t("dashboard.cohorts.none")}</Text>
                  )}
                </BlockStack>
              </Card>
            </BlockStack>
          </Layout.Section>
          <Layout.Section variant="oneThird">
            <BlockStack gap="400">
              <NextSteps analytics={analytics} shop={data.shop} />
              <SegmentsCard analytics={analytics} shop={data.shop} />
              <SyncCard run={data.lastSync} computedAt={analytics.computedAt} shop={data.shop} />
            </BlockStack>
          </Layout.Section>
        </Layout>
      </BlockStack>
    </Page>
  );
}

function CopiedSoFar({ customers, orders, shop }: { customers: number; orders: number; shop: ShopFormatProps }) {
  const t = useT();
  const format = useFormat(shop);
  return (
    <InlineGrid columns={{ xs: 1, sm: 2 }} gap="400">
      <Kpi id="kz-customer-count" label={t("dashboard.kpi.customersCopied")} value={format.number(customers)} />
      <Kpi label={t("dashboard.kpi.ordersCopied")} value={format.number(orders)} />
    </InlineGrid>
  );
}

function Kpi({ label, value, help, id }: { label: string; value: string; help?: string; id?: string }) {
  return (
    <Card>
      <BlockStack gap="100">
        <Text as="h2" variant="headingSm" tone="subdued">
          {label}
        </Text>
        <Text as="p" variant="headingXl" id={id}>
          {value}
        </Text>
        {help ? (
          <Text as="p" variant="bodySm" tone="subdued">
            {help}
          </Text>
        ) : null}
      </BlockStack>
    </Card>
  );
}

function Kpis({ analytics, shop }: { analytics: Analytics; shop: ShopFormatProps }) {
  const t = useT();
  const format = useFormat(shop);
  const { kpis, forecast } = analytics;
  return (
    <InlineGrid columns={{ xs: 1, sm: 2, md: 3, lg: 5 }} gap="400">
      <Kpi
        id="kz-customer-count"
        label={t("dashboard.kpi.customers")}
        value={format.number(kpis.customers)}
        help={t("dashboard.kpi.buyers", { buyers: format.number(kpis.buyers) })}
      />
      <Kpi
        label={t("dashboard.kpi.repeatRate")}
        value={format.percent(kpis.repeatPurchaseRate)}
        help={t("dashboard.kpi.ordersPerCustomer", { orders: format.number(kpis.ordersPerCustomer, 2) })}
      />
      <Kpi
        label={t("dashboard.kpi.averageLtv")}
        value={format.money(kpis.averageHistoricLtvMinor)}
        help={t("dashboard.kpi.aov", { aov: format.money(kpis.averageOrderValueMinor) })}
      />
      <Kpi
        label={t("dashboard.kpi.predictedLtv")}
        value={format.money(kpis.averagePredictedClv12mMinor)}
        help={t("dashboard.kpi.expectedActive", { customers: format.number(kpis.expectedActiveCustomers) })}
      />
      <Kpi
        label={t("dashboard.kpi.forecast", { months: analytics.forecast.months.length })}
        value={format.money(forecast.expectedRevenueMinor)}
        help={t("dashboard.kpi.forecastHelp", { purchases: format.number(forecast.expectedPurchases) })}
      />
    </InlineGrid>
  );
}

function NextSteps({ analytics, shop }: { analytics: Analytics; shop: ShopFormatProps }) {
  const t = useT();
  const format = useFormat(shop);
  const size = (key: string) => analytics.segments.sizes.find((s) => s.segment === key)?.customers ?? 0;
  const slipping = WIN_BACK_SEGMENTS.reduce((sum, segment) => sum + size(segment), 0);
  const steps = [
    slipping > 0 && {
      key: "winback",
      text: t("dashboard.next.winback", { customers: format.number(slipping) }),
      action: t("dashboard.next.winbackAction"),
      url: campaignEntryLinks.winBack,
    },
    analytics.candidates > 0 && {
      key: "candidates",
      text: t("dashboard.next.candidates", { customers: format.number(analytics.candidates) }),
      action: t("dashboard.next.candidatesAction"),
      url: "/app/loyalty",
    },
    size("champions") > 0 && {
      key: "champions",
      text: t("dashboard.next.champions", { customers: format.number(size("champions")) }),
      action: t("dashboard.next.championsAction"),
      url: "/app/segments?segment=champions",
    },
    analytics.kpis.likelyChurnedCustomers > 0 && {
      key: "churn",
      text: t("dashboard.next.churned", { customers: format.number(analytics.kpis.likelyChurnedCustomers) }),
      action: t("dashboard.next.churnedAction"),
      url: "/app/customers?pAliveBand=low&sort=historic_ltv",
    },
  ].filter((step): step is { key: string; text: string; action: string; url: string } => Boolean(step));
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          {t("dashboard.next.title")}
        </Text>
        {steps.length === 0 ? <Text as="p">{t("dashboard.next.none")}</Text> : null}
        {steps.map((step) => (
          <BlockStack key={step.key} gap="100">
            <Text as="p">{step.text}</Text>
            <InlineStack>
              <Button url={step.url} variant="plain">
                {step.action}
              </Button>
            </InlineStack>
          </BlockStack>
        ))}
        {analytics.modelStatus === "insufficient_data" ? (
          <Text as="p" variant="bodySm" tone="subdued">
            {t("dashboard.next.modelFallback")}
          </Text>
        ) : null}
      </BlockStack>
    </Card>
  );
}

function SegmentsCard({ analytics, shop }: { analytics: Analytics; shop: ShopFormatProps }) {
  const t = useT();
  const format = useFormat(shop);
  const sizes = [...analytics.segments.sizes].sort((a, b) => b.customers - a.customers);
  return (
    <Card>
      <BlockStack gap="300">
        <InlineStack align="space-between">
          <Text as="h2" variant="headingMd">
            {t("dashboard.segments.title")}
          </Text>
          <Link to="/app/segments">{t("dashboard.segments.open")}</Link>
        </InlineStack>
        <SegmentSizesChart sizes={sizes} />
        <BlockStack gap="100">
          {sizes.map((size) => (
            <InlineStack key={size.segment} align="space-between" blockAlign="center">
              <Link to={`/app/segments?segment=${size.segment}`}>{segmentName(t, size.segment)}</Link>
              <InlineStack gap="200" blockAlign="center">
                <Text as="span" numeric>
                  {format.number(size.customers)}
                </Text>
                {size.change === null || size.change === 0 ? null : (
                  <Badge
                    tone={size.change > 0 ? "success" : "critical"}
                  >{`${size.change > 0 ? "+" : ""}${format.number(size.change)}`}</Badge>
                )}
              </InlineStack>
            </InlineStack>
          ))}
        </BlockStack>
        <Text as="p" variant="bodySm" tone="subdued">
          {analytics.segments.movement
            ? t("dashboard.segments.moved", {
                customers: format.number(analytics.segments.movement.changed),
                date: format.date(Date.parse(analytics.segments.movement.previousComputedAt)),
              })
            : t("dashboard.segments.firstSnapshot")}
        </Text>
      </BlockStack>
    </Card>
  );
}

function SyncCard({ run, computedAt, shop }: { run: SyncRunView | null; computedAt: number; shop: ShopFormatProps }) {
  const t = useT();
  const format = useFormat(shop);
  const text = !run
    ? t("dashboard.sync.never")
    : run.status === "completed"
      ? t("dashboard.sync.completed", { date: format.dateTime(run.finishedAt ?? run.updatedAt) })
      : run.status === "failed"
        ? t("dashboard.sync.failed", { error: run.error ?? "" })
        : null;
  return (
    <Card>
      <BlockStack gap="200">
        <InlineStack align="space-between">
          <Text as="h2" variant="headingMd">
            {t("dashboard.sync.title")}
          </Text>
          <Link to="/app/sync">{t("dashboard.sync.details")}</Link>
        </InlineStack>
        {text ? <Text as="p">{text}</Text> : run ? <SyncProgress run={run} shop={shop} /> : null}
        <Text as="p" variant="bodySm" tone="subdued">
          {t("dashboard.sync.analysedAt", { date: format.dateTime(computedAt) })}
        </Text>
      </BlockStack>
    </Card>
  );
}
