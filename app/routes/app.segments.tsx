import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData, useSearchParams } from "@remix-run/react";
import { useAppBridge } from "@shopify/app-bridge-react";
import { Badge, BlockStack, Button, ButtonGroup, Card, InlineStack, Layout, Page, Select, Text } from "@shopify/polaris";
import { useState } from "react";
import { useFormat } from "../components/format";
import { downloadFile } from "../components/hooks";
import { SegmentBadge } from "../components/SegmentBadge";
import { segmentDescription, segmentName } from "../components/segment-name";
import { FirstRunEmptyState } from "../components/SyncProgress";
import { latestAnalyticsResult, segmentChangesBetween } from "../db/analytics-results.server";
import { db } from "../db/client.server";
import { shopFormat } from "../db/customers.server";
import { getShopSettings } from "../db/settings.server";
import { analyticsSnapshots, latestSyncRun } from "../db/sync-health.server";
import { MOVEMENT_KEYS, movementMatrix, netMoves, storedMovement } from "../domain/rfm/movement";
import { useT } from "../i18n/react";
import { segmentsQuery } from "../forms/segments-query.server";
import { requireShop } from "../require-shop.server";
import { pageTitle } from "../components/page-title";
import { heatmapCell } from "../components/contrast";
import { campaignEntryLinks } from "../campaigns/audience-link";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop } = await requireShop(request);
  const query = segmentsQuery.parse(Object.fromEntries(new URL(request.url).searchParams));
  const [result, settings, format, snapshots] = await Promise.all([
    latestAnalyticsResult(db(), shop),
    getShopSettings(db(), shop),
    shopFormat(db(), shop),
    analyticsSnapshots(db(), shop),
  ]);
  const push = { tagPrefix: settings.push.tagPrefix, taggedSegments: settings.push.taggedSegments };
  if (!result)
    return { shop: format, push, selected: query.segment ?? null, analytics: null, latestRun: await latestSyncRun(db(), shop) };

  // The movement matrix: the summary's (latest vs the one before) unless two analyses were picked.
  let movement: { fromId: number; toId: number; counts: number[][]; changed: number } | null = null;
  const known = new Set(snapshots.map((snapshot) => snapshot.id));
  if (query.from && query.to && query.from < query.to && known.has(query.from) && known.has(query.to)) {
    const { counts, changed } = movementMatrix(netMoves(await segmentChangesBetween(db(), shop, query.from, query.to)));
    movement = { fromId: query.from, toId: query.to, counts, changed };
  } else if (result.summary.segments.movement) {
    const stored = result.summary.segments.movement;
    const { counts, changed } = storedMovement(stored);
    movement = { fromId: stored.previousResultId, toId: result.id, counts, changed };
  }
  return {
    shop: format,
    push,
    selected: query.segment ?? null,
    latestRun: null,
    analytics: {
      computedAt: result.computedAt.getTime(),
      sizes: result.summary.segments.sizes,
      customersWithoutOrders: result.summary.segments.customersWithoutOrders,
      snapshots,
      movement,
    },
  };
};

export const meta = pageTitle("segments.title");

export default function Segments() {
  const data = useLoaderData<typeof loader>();
  const t = useT();
  const format = useFormat(data.shop);
  const shopify = useAppBridge();
  const [searchParams, setSearchParams] = useSearchParams();
  const [exporting, setExporting] = useState<string | null>(null);

  if (!data.analytics) {
    return (
      <Page title={t("segments.title")}>
        <FirstRunEmptyState run={data.latestRun} shop={data.shop} />
      </Page>
    );
  }
  const analytics = data.analytics;
  const sizes = data.selected ? analytics.sizes.filter((size) => size.segment === data.selected) : analytics.sizes;

  const onExport = async (segment: string) => {
    setExporting(segment);
    try {
      await downloadFile(`/app/customers/export?segment=${segment}&sort=historic_ltv`, `kizuna-${segment}.csv`);
      shopify.toast.show(t("segments.exported"));
    } catch {
      shopify.toast.show(t("segments.exportFailed"), { isError: true });
    } finally {
      setExporting(null);
    }
  };

  return (
    <Page title={t("segments.title")} subtitle={t("segments.subtitle")} fullWidth>
      <Layout>
        {data.selected ? (
          <Layout.Section>
            <InlineStack gap="200" blockAlign="center">
              <Text as="span">{t("segments.selected", { segment: segmentName(t, data.selected) })}</Text>
              <Button variant="plain" onClick={() => setSearchParams(new URLSearchParams())}>
                {t("segments.showAll")}
              </Button>
            </InlineStack>
          </Layout.Section>
        ) : null}
        <Layout.Section>
          <BlockStack gap="300">
            {sizes.map((size) => {
              const tagged = (data.push.taggedSegments as string[]).includes(size.segment);
              return (
                <Card key={size.segment}>
                  <BlockStack gap="200">
                    <InlineStack align="space-between" blockAlign="center" gap="300">
                      <InlineStack gap="200" blockAlign="center">
                        <SegmentBadge segment={size.segment} />
                        <Text as="span" variant="headingLg">
                          {format.number(size.customers)}
                        </Text>
                        <Text as="span" tone="subdued">
                          {format.percent(size.share)}
                        </Text>
                        {size.change ? (
                          <Badge
                            tone={size.change > 0 ? "success" : "critical"}
                          >{`${size.change > 0 ? "+" : ""}${format.number(size.change)}`}</Badge>
                        ) : null}
                      </InlineStack>
                      <ButtonGroup>
                        <Button url={`/app/customers?segment=${size.segment}`}>{t("segments.action.customers")}</Button>
                        <Button onClick={() => onExport(size.segment)} loading={exporting === size.segment}>
                          {t("segments.action.export")}
                        </Button>
                        <Button url="/app/settings">{t("segments.action.tags")}</Button>
                        <Button variant="primary" url={campaignEntryLinks.segment(size.segment)}>
                          {t("segments.action.campaign")}
                        </Button>
                      </ButtonGroup>
                    </InlineStack>
                    <Text as="p">{segmentDescription(t, size.segment)}</Text>
                    <InlineStack gap="400">
                      <Text as="span" tone="subdued">
                        {t("segments.column.revenue")}: {format.money(size.netRevenueMinor)}
                      </Text>
                      <Text as="span" tone="subdued">
                        {t("segments.column.predicted")}: {format.money(size.predictedClv12mMinor)}
                      </Text>
                      <Text as="span" tone="subdued">
                        {tagged
                          ? t("segments.tagged", { tag: `${data.push.tagPrefix}${size.segment}` })
                          : t("segments.notTagged")}
                      </Text>
                    </InlineStack>
                  </BlockStack>
                </Card>
              );
            })}
            <Text as="p" tone="subdued">
              {t("segments.withoutOrders", { count: format.number(analytics.customersWithoutOrders) })}{" "}
              {t("segments.computedAt", { date: format.dateTime(analytics.computedAt) })}
            </Text>
          </BlockStack>
        </Layout.Section>
        <Layout.Section>
          <MovementCard
            movement={analytics.movement}
            snapshots={analytics.snapshots}
            shop={data.shop}
            onCompare={(from, to) => {
              const next = new URLSearchParams(searchParams);
              next.set("from", from);
              next.set("to", to);
              setSearchParams(next);
            }}
          />
        </Layout.Section>
      </Layout>
    </Page>
  );
}

type Analytics = NonNullable<ReturnType<typeof useLoaderData<typeof loader>>["analytics"]>;

function MovementCard({
  movement,
  snapshots,
  shop,
  onCompare,
}: {
  movement: Analytics["movement"];
  snapshots: Analytics["snapshots"];
  shop: { currency: string; timezone: string };
  onCompare: (from: string, to: string) => void;
}) {
  const t = useT();
  const format = useFormat(shop);
  const [from, setFrom] = useState(String(movement?.fromId ?? snapshots[1]?.id ?? ""));
  const [to, setTo] = useState(String(movement?.toId ?? snapshots[0]?.id ?? ""));
  const options = snapshots.map((snapshot) => ({ label: format.dateTime(snapshot.computedAt), value: String(snapshot.id) }));
  // Only segments anyone moved from or to, so the matrix stays readable.
  const active = movement
    ? MOVEMENT_KEYS.map((_, i) => i).filter(
        (i) => movement.counts[i].some((n) => n > 0) || movement.counts.some((row) => row[i] > 0),
      )
    : [];
  const max = movement ? Math.max(1, ...movement.counts.flat()) : 1;
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          {t("segments.movement.title")}
        </Text>
        <Text as="p" tone="subdued">
          {t("segments.movement.description")}
        </Text>
        {snapshots.length >= 2 ? (
          <InlineStack gap="300" blockAlign="end">
            <Select label={t("segments.movement.from")} options={options} value={from} onChange={setFrom} />
            <Select label={t("segments.movement.to")} options={options} value={to} onChange={setTo} />
            <Button onClick={() => onCompare(from, to)} disabled={Number(from) >= Number(to)}>
              {t("segments.movement.title")}
            </Button>
          </InlineStack>
        ) : null}
        {!movement ? (
          <Text as="p">{t("segments.movement.needTwo")}</Text>
        ) : active.length === 0 ? (
          <Text as="p">{t("segments.movement.none")}</Text>
        ) : (
          <div style={{ overflowX: "auto" }}>
            <div
              style={{
                display: "grid",
                gridTemplateColumns: `minmax(8rem, auto) repeat(${active.length}, minmax(4rem, 1fr))`,
                gap: "2px",
              }}
            >
              <div style={{ padding: "4px" }}>
                <Text as="span" variant="bodySm" tone="subdued">
                  {t("segments.movement.fromTo")}
                </Text>
              </div>
              {active.map((j) => (
                <div key={j} style={{ padding: "4px", textAlign: "center" }}>
                  <Text as="span" variant="bodySm" fontWeight="semibold">
                    {segmentName(t, MOVEMENT_KEYS[j])}
                  </Text>
                </div>
              ))}
              {active.map((i) => (
                <div key={i} style={{ display: "contents" }}>
                  <div style={{ padding: "4px" }}>
                    <Text as="span" variant="bodySm" fontWeight="semibold">
                      {segmentName(t, MOVEMENT_KEYS[i])}
                    </Text>
                  </div>
                  {active.map((j) => {
                    const count = movement.counts[i][j];
                    const intensity = count / max;
                    return (
                      <div
                        key={j}
                        style={{
                          padding: "6px 2px",
                          textAlign: "center",
                          borderRadius: "3px",
                          // Text colour by measured contrast (4.5:1 at every shade), as on the dashboard heatmaps.
                          ...(i === j
                            ? { background: "#f1f1f1", color: "#303030" }
                            : heatmapCell("#005bd3", intensity, count ? { floor: 0.08, span: 0.8 } : { floor: 0.02, span: 0 })),
                          fontSize: "12px",
                        }}
                      >
                        {i === j ? "—" : count ? format.number(count) : ""}
                      </div>
                    );
                  })}
                </div>
              ))}
            </div>
          </div>
        )}
        {movement ? (
          <Text as="p" variant="bodySm" tone="subdued">
            {t("segments.movement.total", { count: format.number(movement.changed) })}
          </Text>
        ) : null}
      </BlockStack>
    </Card>
  );
}
