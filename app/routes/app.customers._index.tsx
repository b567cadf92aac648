import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import {
  BlockStack,
  Card,
  ChoiceList,
  Filters,
  IndexTable,
  InlineStack,
  Layout,
  Page,
  Select,
  Text,
  TextField,
} from "@shopify/polaris";
import { useAppBridge } from "@shopify/app-bridge-react";
import { useCallback, useEffect, useState } from "react";
import { useFormat } from "../components/format";
import { downloadFile } from "../components/hooks";
import { SegmentBadge } from "../components/SegmentBadge";
import { segmentName } from "../components/segment-name";
import { FirstRunEmptyState } from "../components/SyncProgress";
import { db } from "../db/client.server";
import { customerListQuerySchema, getCustomerListPage } from "../db/customers.server";
import { CUSTOMER_SORTS, P_ALIVE_BANDS } from "../domain/settings/customer-list";
import { RFM_SEGMENT_KEYS } from "../domain/rfm/segments";
import { formatCustomerName, formatRegion } from "../i18n/format";
import { useT } from "../i18n/react";
import { requireShop } from "../require-shop.server";
import { pageTitle } from "../components/page-title";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop } = await requireShop(request);
  const params = Object.fromEntries(new URL(request.url).searchParams);
  // A hand-edited URL with a bad filter shows the unfiltered list rather than an error page.
  const parsed = customerListQuerySchema.safeParse(params);
  const query = parsed.success ? parsed.data : customerListQuerySchema.parse({});
  return { ...(await getCustomerListPage(db(), shop, query)), invalidFilter: !parsed.success };
};

/** Filters, sort and search live in the URL, so a filtered list can be bookmarked, shared and exported. */
const FILTER_PARAMS = ["query", "segment", "pAliveBand", "minOrders", "maxOrders", "minSpend", "maxSpend", "sort"] as const;

export const meta = pageTitle("customers.title");

export default function Customers() {
  const data = useLoaderData<typeof loader>();
  const t = useT();
  const format = useFormat(data.shop);
  const navigation = useNavigation();
  const shopify = useAppBridge();
  const [searchParams, setSearchParams] = useSearchParams();
  const [query, setQuery] = useState(searchParams.get("query") ?? "");
  const [exporting, setExporting] = useState(false);

  const update = useCallback(
    (changes: Record<string, string | null>) => {
      const next = new URLSearchParams(searchParams);
      for (const [key, value] of Object.entries(changes)) {
        if (value === null || value === "") next.delete(key);
        else next.set(key, value);
      }
      // Any change of filter or sort starts again at the first page.
      next.delete("after");
      next.delete("before");
      setSearchParams(next);
    },
    [searchParams, setSearchParams],
  );

  // Search as the merchant types, a moment after they stop.
  useEffect(() => {
    if (query === (searchParams.get("query") ?? "")) return;
    const timer = setTimeout(() => update({ query }), 350);
    return () => clearTimeout(timer);
  }, [query, searchParams, update]);

  const filterValues = Object.fromEntries(FILTER_PARAMS.map((key) => [key, searchParams.get(key) ?? ""]));
  const exportQuery = new URLSearchParams(FILTER_PARAMS.flatMap((key) => (filterValues[key] ? [[key, filterValues[key]]] : [])));
  // names and regions in the export are written in the admin's language
  exportQuery.set("locale", format.locale);

  const onExport = async () => {
    setExporting(true);
    try {
      await downloadFile(`/app/customers/export?${exportQuery}`, "kizuna-customers.csv");
      shopify.toast.show(t("customers.export.done"));
    } catch {
      shopify.toast.show(t("customers.export.failed"), { isError: true });
    } finally {
      setExporting(false);
    }
  };

  const numberField = (key: "minOrders" | "maxOrders" | "minSpend" | "maxSpend", label: string) => (
    <TextField
      label={label}
      type="number"
      min={0}
      autoComplete="off"
      value={filterValues[key]}
      onChange={(value) => update({ [key]: value })}
    />
  );

  const filters = [
    {
      key: "segment",
      label: t("customers.filter.segment"),
      filter: (
        <ChoiceList
          title={t("customers.filter.segment")}
          titleHidden
          choices={RFM_SEGMENT_KEYS.map((key) => ({ label: segmentName(t, key), value: key }))}
          selected={filterValues.segment ? [filterValues.segment] : []}
          onChange={([value]) => update({ segment: value ?? null })}
        />
      ),
      shortcut: true,
    },
    {
      key: "pAliveBand",
      label: t("customers.filter.pAlive"),
      filter: (
        <ChoiceList
          title={t("customers.filter.pAlive")}
          titleHidden
          choices={P_ALIVE_BANDS.map((band) => ({ label: t(`customers.pAlive.${band}`), value: band }))}
          selected={filterValues.pAliveBand ? [filterValues.pAliveBand] : []}
          onChange={([value]) => update({ pAliveBand: value ?? null })}
        />
      ),
      shortcut: true,
    },
    {
      key: "orders",
      label: t("customers.filter.orders"),
      filter: (
        <InlineStack gap="200" wrap={false}>
          {numberField("minOrders", t("customers.filter.min"))}
          {numberField("maxOrders", t("customers.filter.max"))}
        </InlineStack>
      ),
    },
    {
      key: "spend",
      label: t("customers.filter.spend", { currency: data.shop.currency }),
      filter: (
        <InlineStack gap="200" wrap={false}>
          {numberField("minSpend", t("customers.filter.min"))}
          {numberField("maxSpend", t("customers.filter.max"))}
        </InlineStack>
      ),
    },
  ];

  const range = (min: string, max: string) => (min && max ? `${min}–${max}` : min ? `≥ ${min}` : `≤ ${max}`);
  const appliedFilters = [
    filterValues.segment && {
      key: "segment",
      label: `${t("customers.filter.segment")}: ${segmentName(t, filterValues.segment)}`,
      onRemove: () => update({ segment: null }),
    },
    filterValues.pAliveBand && {
      key: "pAliveBand",
      label: `${t("customers.filter.pAlive")}: ${t(`customers.pAlive.${filterValues.pAliveBand as (typeof P_ALIVE_BANDS)[number]}`)}`,
      onRemove: () => update({ pAliveBand: null }),
    },
    (filterValues.minOrders || filterValues.maxOrders) && {
      key: "orders",
      label: `${t("customers.filter.orders")}: ${range(filterValues.minOrders, filterValues.maxOrders)}`,
      onRemove: () => update({ minOrders: null, maxOrders: null }),
    },
    (filterValues.minSpend || filterValues.maxSpend) && {
      key: "spend",
      label: `${t("customers.filter.spend", { currency: data.shop.currency })}: ${range(filterValues.minSpend, filterValues.maxSpend)}`,
      onRemove: () => update({ minSpend: null, maxSpend: null }),
    },
  ].filter((filter): filter is { key: string; label: string; onRemove: () => void } => Boolean(filter));

  if (!data.analysed) {
    return (
      <Page title={t("customers.title")}>
        <FirstRunEmptyState run={data.latestRun} shop={data.shop} />
      </Page>
    );
  }

  const rows = data.rows.map((row, index) => {
    const name = formatCustomerName(row, format.locale, { honorific: true }) ?? t("customers.noName");
    const region = formatRegion(row, format.locale);
    return (
      <IndexTable.Row id={row.id} key={row.id} position={index}>
        <IndexTable.Cell>
          <Link to={`/app/customers/${row.id}`}>
            <Text as="span" fontWeight="semibold">
              {name}
            </Text>
          </Link>
          <br />
          <Text as="span" variant="bodySm" tone="subdued">
            {[row.email, region].filter(Boolean).join(" · ")}
          </Text>
        </IndexTable.Cell>
        <IndexTable.Cell>
          <SegmentBadge segment={row.segment} />
        </IndexTable.Cell>
        <IndexTable.Cell>
          <Text as="span" alignment="end" numeric>
            {format.number(row.ordersCount)}
          </Text>
        </IndexTable.Cell>
        <IndexTable.Cell>
          <Text as="span" alignment="end" numeric>
            {format.money(row.netSpendMinor)}
          </Text>
        </IndexTable.Cell>
        <IndexTable.Cell>
          <Text as="span" alignment="end" numeric>
            {row.predictedClv12mMinor === null ? "—" : format.money(row.predictedClv12mMinor)}
          </Text>
        </IndexTable.Cell>
        <IndexTable.Cell>
          <Text as="span" alignment="end" numeric>
            {row.pAlive === null ? "—" : format.percent(row.pAlive, 0)}
          </Text>
        </IndexTable.Cell>
        <IndexTable.Cell>{row.lastOrderAt === null ? "—" : format.date(row.lastOrderAt)}</IndexTable.Cell>
      </IndexTable.Row>
    );
  });

  const page = (cursor: "after" | "before", value: string | null) => {
    if (!value) return;
    const next = new URLSearchParams(searchParams);
    next.delete("after");
    next.delete("before");
    next.set(cursor, value);
    setSearchParams(next);
  };

  return (
    <Page
      title={t("customers.title")}
      fullWidth
      primaryAction={{ content: t("customers.export.action"), onAction: onExport, loading: exporting }}
    >
      <Layout>
        <Layout.Section>
          <Card padding="0">
            <BlockStack>
              <div style={{ padding: "var(--p-space-200) var(--p-space-300)" }}>
                <InlineStack gap="300" align="space-between" blockAlign="end" wrap={false}>
                  <div style={{ flex: 1 }}>
                    <Filters
                      queryValue={query}
                      queryPlaceholder={t("customers.search.placeholder")}
                      onQueryChange={setQuery}
                      onQueryClear={() => {
                        setQuery("");
                        update({ query: null });
                      }}
                      filters={filters}
                      appliedFilters={appliedFilters}
                      onClearAll={() => {
                        setQuery("");
                        update(Object.fromEntries(FILTER_PARAMS.filter((key) => key !== "sort").map((key) => [key, null])));
                      }}
                    />
                  </div>
                  <Select
                    label={t("customers.sort.label")}
                    labelInline
                    options={CUSTOMER_SORTS.map((sort) => ({ label: t(`customers.sort.${sort}`), value: sort }))}
                    value={filterValues.sort || "last_order"}
                    onChange={(value) => update({ sort: value })}
                  />
                </InlineStack>
              </div>
              <IndexTable
                resourceName={{ singular: t("customers.resource.singular"), plural: t("customers.resource.plural") }}
                itemCount={data.rows.length}
                selectable={false}
                loading={navigation.state === "loading"}
                emptyState={
                  <div style={{ padding: "var(--p-space-800)", textAlign: "center" }}>
                    <Text as="p" tone="subdued">
                      {t("customers.emptyFiltered")}
                    </Text>
                  </div>
                }
                headings={[
                  { title: t("customers.column.customer") },
                  { title: t("customers.column.segment") },
                  { title: t("customers.column.orders"), alignment: "end" },
                  { title: t("customers.column.historicLtv"), alignment: "end" },
                  { title: t("customers.column.predictedClv"), alignment: "end" },
                  { title: t("customers.column.pAlive"), alignment: "end" },
                  { title: t("customers.column.lastOrder") },
                ]}
                pagination={{
                  hasNext: data.next !== null,
                  hasPrevious: data.previous !== null,
                  onNext: () => page("after", data.next),
                  onPrevious: () => page("before", data.previous),
                }}
              >
                {rows}
              </IndexTable>
            </BlockStack>
          </Card>
        </Layout.Section>
        <Layout.Section>
          <Text as="p" variant="bodySm" tone="subdued">
            {data.invalidFilter ? t("customers.invalidFilter") : t("customers.footnote")}
          </Text>
        </Layout.Section>
      </Layout>
    </Page>
  );
}
