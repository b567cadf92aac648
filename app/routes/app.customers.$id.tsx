import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import {
  Badge,
  BlockStack,
  Box,
  Button,
  Card,
  Divider,
  InlineGrid,
  InlineStack,
  Layout,
  Page,
  Text,
  TextField,
} from "@shopify/polaris";
import { useEffect, useRef, useState } from "react";
import { useFormat } from "../components/format";
import { useToastOnResult } from "../components/hooks";
import { BirthDateCard, CustomerJourneysCard } from "../components/JourneyCustomerCards";
import { PointsLedgerCard } from "../components/PointsLedgerCard";
import { SegmentBadge } from "../components/SegmentBadge";
import { db } from "../db/client.server";
import { customerBirthDate } from "../db/customer-birth-date.server";
import { addCustomerNote, customerNoteSchema, getCustomerProfile } from "../db/customers.server";
import { customerJourneys } from "../db/journey-reports.server";
import type { MessageKey } from "../i18n";
import { formatCustomerName, formatRegion } from "../i18n/format";
import { useT } from "../i18n/react";
import { loadCustomerPoints } from "../points/customer-points.server";
import { saveBirthDate } from "../forms/birth-date.server";
import { customerIdParam } from "../forms/customer-id";
import { parseForm } from "../forms/parse-form";
import { requireShop } from "../require-shop.server";
import { pageTitle } from "../components/page-title";
import { CustomerLineCard, type CustomerLineStatus } from "../components/CustomerLineCard";
import { lineLinkOfCustomer } from "../db/line.server";

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const { shop } = await requireShop(request);
  const customerId = customerIdParam(params);
  const [profile, points, journeys, birthDate] = await Promise.all([
    getCustomerProfile(db(), shop, customerId),
    loadCustomerPoints(db(), shop, customerId),
    customerJourneys(db(), shop, customerId),
    customerBirthDate(db(), shop, customerId),
  ]);
  if (!profile) throw new Response("Not found", { status: 404 });
  const link = await lineLinkOfCustomer(db(), shop, customerId);
  const line: CustomerLineStatus = !link
    ? { status: "unlinked", since: null }
    : {
        status: link.status,
        since: (link.status === "blocked" ? (link.blockedAt ?? link.linkedAt) : link.linkedAt).toISOString(),
      };
  return { ...profile, points, journeys, birthDate, line };
};

export const action = async ({ request, params }: ActionFunctionArgs) => {
  const { session, shop } = await requireShop(request);
  const customerId = customerIdParam(params);
  const form = await request.formData();
  if (form.has("birthDate")) {
    const { status, result } = await saveBirthDate(db(), shop, customerId, form, new Date());
    return json(result, { status });
  }
  const parsed = parseForm(customerNoteSchema, form, {
    fallback: { body: "customers.notes.errors.empty", form: "customers.notes.errors.empty" },
  });
  if (!parsed.ok) {
    const error: MessageKey = parsed.errors.body ?? parsed.errors.form ?? "customers.notes.errors.empty";
    return json({ ok: false as const, error }, { status: 400 });
  }
  const user = session.onlineAccessInfo?.associated_user;
  const author = user ? [user.first_name, user.last_name].filter(Boolean).join(" ") || user.email || null : null;
  const note = await addCustomerNote(db(), shop, customerId, { body: parsed.data.body, author });
  if (!note) throw new Response("Not found", { status: 404 });
  return json({ ok: true as const, note });
};

export const meta = pageTitle("meta.customer");

export default function CustomerPage() {
  const profile = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = useT();
  const format = useFormat(profile.shop);
  const { customer, metrics } = profile;
  const name = formatCustomerName(customer, format.locale, { honorific: true }) ?? t("customers.noName");
  const noteResult = result && !("kind" in result) ? result : null;
  const birthDateResult = result && "kind" in result ? result : null;
  useToastOnResult(noteResult?.ok ? noteResult : null, t("customers.notes.saved"));
  useToastOnResult(birthDateResult?.ok ? birthDateResult : null, t("journeys.birthDate.saved"));

  return (
    <Page
      backAction={{ content: t("customers.title"), url: "/app/customers" }}
      title={name}
      titleMetadata={metrics ? <SegmentBadge segment={metrics.segment} /> : undefined}
      subtitle={customer.email ?? undefined}
      secondaryActions={[
        { content: t("customers.profile.openInShopify"), url: `shopify:admin/customers/${customer.id}`, target: "_top" },
      ]}
    >
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            <ValueCard profile={profile} />
            <RfmCard profile={profile} />
            <OrdersCard profile={profile} />
            <CustomerJourneysCard journeys={profile.journeys} shop={profile.shop} />
            <CustomerLineCard line={profile.line} timeZone={profile.shop.timezone} />
          </BlockStack>
        </Layout.Section>
        <Layout.Section variant="oneThird">
          <BlockStack gap="400">
            <Card>
              <BlockStack gap="200">
                <Text as="h2" variant="headingSm">
                  {t("customers.profile.title")}
                </Text>
                {customer.deleted ? <Badge tone="critical">{t("customers.profile.deleted")}</Badge> : null}
                <Detail label={t("customers.profile.email")} value={customer.email} />
                <Detail label={t("customers.profile.phone")} value={customer.phone} />
                <Detail label={t("customers.profile.location")} value={formatRegion(customer, format.locale)} />
                <Detail label={t("customers.profile.since")} value={format.date(customer.createdAt)} />
                <Detail
                  label={t("customers.profile.emailMarketing")}
                  value={customer.emailMarketing ? t(consentKey(customer.emailMarketing)) : null}
                />
                {customer.tags.length ? (
                  <InlineStack gap="100">
                    {customer.tags.map((tag) => (
                      <Badge key={tag}>{tag}</Badge>
                    ))}
                  </InlineStack>
                ) : null}
              </BlockStack>
            </Card>
            <PointsLedgerCard points={profile.points} />
            <BirthDateCard
              birthDate={profile.birthDate}
              error={birthDateResult && !birthDateResult.ok ? birthDateResult.error : null}
              disabled={customer.deleted}
            />
            <NotesCard profile={profile} error={noteResult && !noteResult.ok ? noteResult.error : null} />
          </BlockStack>
        </Layout.Section>
      </Layout>
    </Page>
  );
}

type Profile = ReturnType<typeof useLoaderData<typeof loader>>;

function consentKey(state: string): MessageKey {
  switch (state) {
    case "SUBSCRIBED":
      return "customers.consent.subscribed";
    case "PENDING":
      return "customers.consent.pending";
    case "UNSUBSCRIBED":
      return "customers.consent.unsubscribed";
    default:
      return "customers.consent.notSubscribed";
  }
}

function Detail({ label, value }: { label: string; value: string | null }) {
  return (
    <InlineStack align="space-between" gap="200" wrap={false}>
      <Text as="span" tone="subdued">
        {label}
      </Text>
      <Text as="span" alignment="end">
        {value ?? "—"}
      </Text>
    </InlineStack>
  );
}

function Figure({ label, value, help }: { label: string; value: string; help?: string }) {
  return (
    <BlockStack gap="100">
      <Text as="span" variant="bodySm" tone="subdued">
        {label}
      </Text>
      <Text as="p" variant="headingLg">
        {value}
      </Text>
      {help ? (
        <Text as="span" variant="bodySm" tone="subdued">
          {help}
        </Text>
      ) : null}
    </BlockStack>
  );
}

function ValueCard({ profile }: { profile: Profile }) {
  const t = useT();
  const format = useFormat(profile.shop);
  const metrics = profile.metrics;
  if (!metrics) {
    return (
      <Card>
        <Text as="p" tone="subdued">
          {t("customers.profile.notAnalysed")}
        </Text>
      </Card>
    );
  }
  const churnRisk = metrics.pAlive === null ? null : 1 - metrics.pAlive;
  const riskTone = churnRisk === null ? undefined : churnRisk >= 0.7 ? "critical" : churnRisk >= 0.3 ? "warning" : "success";
  return (
    <Card>
      <BlockStack gap="300">
        <InlineStack gap="200" align="space-between">
          <Text as="h2" variant="headingSm">
            {t("customers.value.title")}
          </Text>
          {metrics.isLoyal ? <Badge tone="success">{t("customers.value.loyal")}</Badge> : null}
          {!metrics.isLoyal && metrics.futureLoyalScore !== null ? (
            <Badge tone="info">{t("customers.value.candidate")}</Badge>
          ) : null}
        </InlineStack>
        <InlineGrid columns={{ xs: 2, md: 4 }} gap="400">
          <Figure label={t("customers.value.historicLtv")} value={format.money(metrics.netSpendMinor)} />
          <Figure
            label={t("customers.value.predictedClv")}
            value={metrics.predictedClv12mMinor === null ? "—" : format.money(metrics.predictedClv12mMinor)}
            help={
              metrics.expectedPurchases365 === null
                ? undefined
                : t("customers.value.expectedPurchases", { count: format.number(metrics.expectedPurchases365, 1) })
            }
          />
          <Figure
            label={t("customers.value.pAlive")}
            value={metrics.pAlive === null ? "—" : format.percent(metrics.pAlive, 0)}
            help={
              metrics.pAlive === null || metrics.pAliveLow === null || metrics.pAliveHigh === null
                ? undefined
                : t("predictions.interval", {
                    value: format.percent(metrics.pAlive, 0),
                    low: format.percent(metrics.pAliveLow, 0),
                    high: format.percent(metrics.pAliveHigh, 0),
                  })
            }
          />
          <Figure
            label={t("predictions.nextOrder")}
            value={metrics.expectedNextOrderAt === null ? "—" : format.date(metrics.expectedNextOrderAt)}
            help={metrics.expectedNextOrderAt === null && metrics.pAlive !== null ? t("predictions.nextOrder.none") : undefined}
          />
          {metrics.predictedClv12mLowMinor !== null && metrics.predictedClv12mHighMinor !== null ? (
            <Figure
              label={t("customers.value.predictedClv")}
              value={`${format.money(metrics.predictedClv12mLowMinor)} – ${format.money(metrics.predictedClv12mHighMinor)}`}
              help={t("predictions.interval", {
                value: format.money(metrics.predictedClv12mMinor ?? 0),
                low: format.money(metrics.predictedClv12mLowMinor),
                high: format.money(metrics.predictedClv12mHighMinor),
              })}
            />
          ) : null}
          <BlockStack gap="100">
            <Text as="span" variant="bodySm" tone="subdued">
              {t("customers.value.churnRisk")}
            </Text>
            <InlineStack>
              <Badge tone={riskTone} size="large">
                {churnRisk === null ? "—" : format.percent(churnRisk, 0)}
              </Badge>
            </InlineStack>
          </BlockStack>
          <Figure label={t("customers.value.orders")} value={format.number(metrics.ordersCount)} />
          <Figure label={t("customers.value.aov")} value={format.money(metrics.aovMinor)} />
          <Figure
            label={t("customers.value.firstOrder")}
            value={metrics.firstOrderAt === null ? "—" : format.date(metrics.firstOrderAt)}
          />
          <Figure
            label={t("customers.value.lastOrder")}
            value={metrics.lastOrderAt === null ? "—" : format.date(metrics.lastOrderAt)}
            help={
              metrics.recencyDays === null
                ? undefined
                : t("customers.value.daysAgo", { days: format.number(metrics.recencyDays) })
            }
          />
        </InlineGrid>
        <Text as="p" variant="bodySm" tone="subdued">
          {t("customers.value.computedAt", { date: format.dateTime(metrics.computedAt) })}
        </Text>
      </BlockStack>
    </Card>
  );
}

function RfmCard({ profile }: { profile: Profile }) {
  const t = useT();
  const format = useFormat(profile.shop);
  const metrics = profile.metrics;
  if (!metrics) return null;
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingSm">
          {t("customers.rfm.title")}
        </Text>
        <InlineGrid columns={3} gap="400">
          <Figure label={t("customers.rfm.recency")} value={`${metrics.rScore} / 5`} />
          <Figure label={t("customers.rfm.frequency")} value={`${metrics.fScore} / 5`} />
          <Figure label={t("customers.rfm.monetary")} value={`${metrics.mScore} / 5`} />
        </InlineGrid>
        <Divider />
        <Text as="h3" variant="headingXs">
          {t("customers.rfm.history")}
        </Text>
        {profile.segmentHistory.length === 0 ? (
          <Text as="p" tone="subdued">
            {t("customers.rfm.noHistory")}
          </Text>
        ) : (
          <BlockStack gap="150">
            {profile.segmentHistory.map((change) => (
              <InlineStack key={`${change.at}-${change.to}`} gap="200" blockAlign="center">
                <Text as="span" tone="subdued" variant="bodySm">
                  {format.date(change.at)}
                </Text>
                <SegmentBadge segment={change.from} />
                <Text as="span">→</Text>
                <SegmentBadge segment={change.to} />
              </InlineStack>
            ))}
          </BlockStack>
        )}
      </BlockStack>
    </Card>
  );
}

function OrdersCard({ profile }: { profile: Profile }) {
  const t = useT();
  const format = useFormat(profile.shop);
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingSm">
          {t("customers.orders.title")}
        </Text>
        {profile.orders.length === 0 ? (
          <Text as="p" tone="subdued">
            {t("customers.orders.none")}
          </Text>
        ) : null}
        {profile.orders.map((order, index) => (
          <BlockStack key={order.id} gap="200">
            {index > 0 ? <Divider /> : null}
            <InlineStack align="space-between" blockAlign="center">
              <InlineStack gap="200" blockAlign="center">
                {order.id.startsWith("-") ? (
                  // imported from the previous shop system (decision 029): not in Shopify, so no link there
                  <InlineStack gap="100" blockAlign="center">
                    <Text as="span">{order.name}</Text>
                    <Badge>{t("import.imported")}</Badge>
                  </InlineStack>
                ) : (
                  <Button variant="plain" url={`shopify:admin/orders/${order.id}`} target="_top">
                    {order.name}
                  </Button>
                )}
                <Text as="span" tone="subdued">
                  {format.date(order.processedAt)}
                </Text>
                {order.cancelled ? <Badge tone="critical">{t("customers.orders.cancelled")}</Badge> : null}
                {order.totalRefundedMinor > 0 ? (
                  <Badge tone="warning">
                    {t("customers.orders.refunded", { amount: format.money(order.totalRefundedMinor) })}
                  </Badge>
                ) : null}
                {order.discountCodes.map((code) => (
                  <Badge key={code} tone="info">
                    {code}
                  </Badge>
                ))}
              </InlineStack>
              <Text as="span" fontWeight="semibold" numeric>
                {format.money(order.totalMinor)}
              </Text>
            </InlineStack>
            <Box paddingInlineStart="400">
              <BlockStack gap="100">
                {order.lineItems.map((item) => (
                  <InlineStack key={item.id} align="space-between" wrap={false}>
                    <Text as="span" variant="bodySm">
                      {item.quantity} × {item.title}
                      {item.variantTitle ? ` (${item.variantTitle})` : ""}
                    </Text>
                    <Text as="span" variant="bodySm" numeric>
                      {format.money(item.discountedTotalMinor)}
                    </Text>
                  </InlineStack>
                ))}
                {order.totalDiscountsMinor > 0 ? (
                  <Text as="span" variant="bodySm" tone="subdued">
                    {t("customers.orders.discount", { amount: format.money(order.totalDiscountsMinor) })}
                  </Text>
                ) : null}
              </BlockStack>
            </Box>
          </BlockStack>
        ))}
        {profile.orders.length >= 50 ? (
          <Text as="p" variant="bodySm" tone="subdued">
            {t("customers.orders.latestOnly", { count: 50 })}
          </Text>
        ) : null}
      </BlockStack>
    </Card>
  );
}

function NotesCard({ profile, error }: { profile: Profile; error: MessageKey | null }) {
  const t = useT();
  const format = useFormat(profile.shop);
  const navigation = useNavigation();
  const [body, setBody] = useState("");
  const saving = navigation.state === "submitting" && navigation.formData?.has("body");
  const wasSaving = useRef(false);
  useEffect(() => {
    // Clear the field once a note went through (the list then shows it).
    if (wasSaving.current && !saving && !error) setBody("");
    wasSaving.current = Boolean(saving);
  }, [saving, error]);
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingSm">
          {t("customers.notes.title")}
        </Text>
        <Form method="post">
          <BlockStack gap="200">
            <TextField
              label={t("customers.notes.label")}
              labelHidden
              name="body"
              value={body}
              onChange={setBody}
              multiline={3}
              autoComplete="off"
              placeholder={t("customers.notes.placeholder")}
              error={error ? t(error) : undefined}
            />
            <InlineStack align="end">
              <Button submit loading={saving}>
                {t("customers.notes.add")}
              </Button>
            </InlineStack>
          </BlockStack>
        </Form>
        {profile.notes.length === 0 ? (
          <Text as="p" tone="subdued">
            {t("customers.notes.none")}
          </Text>
        ) : (
          profile.notes.map((note) => (
            <BlockStack key={note.id} gap="100">
              <Divider />
              <Text as="p">{note.body}</Text>
              <Text as="span" variant="bodySm" tone="subdued">
                {note.author ? `${note.author} · ` : ""}
                {format.dateTime(note.createdAt)}
              </Text>
            </BlockStack>
          ))
        )}
      </BlockStack>
    </Card>
  );
}
