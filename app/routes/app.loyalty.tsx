import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useNavigation, useSubmit } from "@remix-run/react";
import {
  Badge,
  BlockStack,
  Button,
  Card,
  DataTable,
  InlineError,
  InlineStack,
  Layout,
  Page,
  Select,
  Text,
  TextField,
} from "@shopify/polaris";
import { useState } from "react";
import { useFormat } from "../components/format";
import { useToastOnResult } from "../components/hooks";
import { SegmentBadge } from "../components/SegmentBadge";
import { futureLoyalCandidatesPage, latestAnalyticsResult } from "../db/analytics-results.server";
import { db } from "../db/client.server";
import { customerNames, shopFormat } from "../db/customers.server";
import { getShopSettings, updateShopSettings } from "../db/settings.server";
import type { LoyalCondition } from "../domain/loyalty";
import { LOYAL_CONDITION_KINDS } from "../domain/loyalty/condition-kinds";
import { currencyDecimals } from "../domain/money";
import type { MessageKey, Translate } from "../i18n";
import { formatCustomerName } from "../i18n/format";
import { useT } from "../i18n/react";
import { candidatesCursor, loyalRuleForm, loyalRuleSchema } from "../forms/loyalty.server";
import { parseForm } from "../forms/parse-form";
import { requireShop } from "../require-shop.server";
import { pageTitle } from "../components/page-title";
import { campaignEntryLinks } from "../campaigns/audience-link";

const CONDITION_KINDS = LOYAL_CONDITION_KINDS;
type ConditionKind = (typeof CONDITION_KINDS)[number];

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop } = await requireShop(request);
  const after = candidatesCursor.safeParse(new URL(request.url).searchParams.get("after") ?? "");
  const [settings, format, result, candidates] = await Promise.all([
    getShopSettings(db(), shop),
    shopFormat(db(), shop),
    latestAnalyticsResult(db(), shop),
    futureLoyalCandidatesPage(db(), shop, { limit: 25, after: after.success ? after.data : undefined }),
  ]);
  const names = await customerNames(
    db(),
    shop,
    candidates.rows.map((row) => row.customerId),
  );
  const loyalty = result?.summary.loyalty ?? null;
  return {
    shop: format,
    rule: settings.loyalty.rule,
    candidateMinPAlive: settings.loyalty.candidateMinPAlive,
    analysedAt: result ? result.computedAt.getTime() : null,
    loyalty: loyalty && {
      loyalCustomers: loyalty.loyalCustomers,
      loyalShare: loyalty.loyalShare,
      candidates: loyalty.candidates,
      topTraits: loyalty.topTraits,
    },
    candidates: candidates.rows.map((row) => ({
      id: row.customerId.toString(),
      ...(names.get(row.customerId.toString()) ?? { firstName: null, lastName: null, email: null }),
      score: row.score,
      pAlive: row.pAlive,
      segment: row.segment,
      predictedClv12mMinor: row.predictedClv12mMinor,
      netSpendMinor: row.netSpendMinor,
      ordersCount: row.ordersCount,
      reasons: row.reasons as Reason[],
    })),
    next: candidates.next ? `${candidates.next.score}:${candidates.next.customerId}` : null,
    paged: after.success,
  };
};

type Reason =
  | { kind: "trait"; trait: string; value: string; lift: number }
  | { kind: "high_predicted_clv"; predictedClv: number; percentile: number };

type RuleErrors = { conditions?: Record<number, MessageKey>; form?: MessageKey };

export const action = async ({ request }: ActionFunctionArgs) => {
  const { shop } = await requireShop(request);
  const form = parseForm(loyalRuleForm, await request.json().catch(() => null), {
    fieldOf: () => "form",
    fallback: { form: "loyalty.errors.form" },
  });
  if (!form.ok) return json({ ok: false as const, errors: { form: "loyalty.errors.form" } as RuleErrors }, { status: 400 });
  const [format, settings] = await Promise.all([shopFormat(db(), shop), getShopSettings(db(), shop)]);
  const scale = 10 ** currencyDecimals(format.currency);
  // Each condition's value under the field its kind names; net spend from the typed amount to minor units.
  const field = { min_orders: "orders", min_net_spend: "amount", min_customer_years: "years", max_recency_days: "days" } as const;
  const conditions = form.data.conditions.map(({ kind, value }) => ({
    kind,
    [field[kind]]: kind === "min_net_spend" && value !== null ? Math.round(value * scale) : value,
  }));
  // Each condition's error under its row, in the words of its kind; anything else is about the whole rule.
  const rule = parseForm(
    loyalRuleSchema,
    { match: form.data.match, conditions },
    {
      fieldOf: (path) => (path[0] === "conditions" && typeof path[1] === "number" ? `${path[1]}` : "form"),
      fallback: Object.fromEntries([
        ["form", "loyalty.errors.count"],
        ...form.data.conditions.map(({ kind }, index) => [`${index}`, `loyalty.errors.${kind}`] as const),
      ]),
    },
  );
  if (!rule.ok) {
    const { form: ruleError, ...rows } = rule.errors;
    const errors: RuleErrors = {
      ...(Object.keys(rows).length
        ? {
            conditions: Object.fromEntries(
              Object.entries(rows).flatMap(([index, key]) => (key ? [[Number(index), key] as const] : [])),
            ),
          }
        : {}),
      ...(ruleError ? { form: ruleError } : {}),
    };
    return json({ ok: false as const, errors }, { status: 400 });
  }
  await updateShopSettings(db(), shop, "loyalty", { ...settings.loyalty, rule: rule.data });
  return json({ ok: true as const, errors: {} as RuleErrors });
};

interface DraftCondition {
  kind: ConditionKind;
  value: string;
}

function toDraft(condition: LoyalCondition, scale: number): DraftCondition {
  switch (condition.kind) {
    case "min_orders":
      return { kind: condition.kind, value: String(condition.orders) };
    case "min_net_spend":
      return { kind: condition.kind, value: String(condition.amount / scale) };
    case "min_customer_years":
      return { kind: condition.kind, value: String(condition.years) };
    case "max_recency_days":
      return { kind: condition.kind, value: String(condition.days) };
  }
}

export const meta = pageTitle("loyalty.title");

export default function Loyalty() {
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = useT();
  const format = useFormat(data.shop);
  useToastOnResult(result?.ok ? result : null, t("loyalty.rule.saved"));
  return (
    <Page
      title={t("loyalty.title")}
      subtitle={t("loyalty.subtitle")}
      primaryAction={{ content: t("loyalty.candidates.campaign"), url: campaignEntryLinks.loyaltyCandidates }}
    >
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            <RuleBuilder rule={data.rule} currency={data.shop.currency} errors={result && !result.ok ? result.errors : {}} />
          </BlockStack>
        </Layout.Section>
        <Layout.Section variant="oneThird">
          <BlockStack gap="400">
            <Card>
              <BlockStack gap="200">
                <Text as="h2" variant="headingSm">
                  {t("loyalty.summary.title")}
                </Text>
                {data.loyalty ? (
                  <>
                    <Text as="p" variant="headingXl">
                      {format.number(data.loyalty.loyalCustomers)}
                    </Text>
                    <Text as="p" tone="subdued">
                      {t("loyalty.summary.share", { share: format.percent(data.loyalty.loyalShare) })}
                    </Text>
                    <Text as="p" tone="subdued">
                      {t("loyalty.summary.candidates", { count: format.number(data.loyalty.candidates) })}
                    </Text>
                  </>
                ) : (
                  <Text as="p" tone="subdued">
                    {t("loyalty.summary.notYet")}
                  </Text>
                )}
              </BlockStack>
            </Card>
            <TraitsCard data={data} />
          </BlockStack>
        </Layout.Section>
        {/* the page's full width: five columns, names on one line and reasons that wrap instead of running off */}
        <Layout.Section>
          <CandidatesCard data={data} />
        </Layout.Section>
      </Layout>
    </Page>
  );
}

type LoyaltyData = ReturnType<typeof useLoaderData<typeof loader>>;

function conditionLabel(t: Translate, kind: ConditionKind): string {
  return t(`loyalty.condition.${kind}`);
}

function RuleBuilder({ rule, currency, errors }: { rule: LoyaltyData["rule"]; currency: string; errors: RuleErrors }) {
  const t = useT();
  const submit = useSubmit();
  const navigation = useNavigation();
  const scale = 10 ** currencyDecimals(currency);
  const [match, setMatch] = useState<"all" | "any">(rule.match);
  const [conditions, setConditions] = useState<DraftCondition[]>(rule.conditions.map((condition) => toDraft(condition, scale)));
  const saving = navigation.state === "submitting";
  const suffix: Record<ConditionKind, string> = {
    min_orders: t("loyalty.unit.orders"),
    min_net_spend: currency,
    min_customer_years: t("loyalty.unit.years"),
    max_recency_days: t("loyalty.unit.days"),
  };
  const save = () =>
    submit(
      {
        match,
        conditions: conditions.map((condition) => ({
          kind: condition.kind,
          value: condition.value.trim() === "" || Number.isNaN(Number(condition.value)) ? null : Number(condition.value),
        })),
      },
      { method: "post", encType: "application/json" },
    );
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          {t("loyalty.rule.title")}
        </Text>
        <Text as="p" tone="subdued">
          {t("loyalty.rule.description")}
        </Text>
        <Select
          label={t("loyalty.rule.match")}
          options={[
            { label: t("loyalty.rule.all"), value: "all" },
            { label: t("loyalty.rule.any"), value: "any" },
          ]}
          value={match}
          onChange={(value) => setMatch(value === "all" ? "all" : "any")}
        />
        {conditions.map((condition, index) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: conditions have no identity but their position
          <BlockStack key={index} gap="100">
            <InlineStack gap="200" blockAlign="end" wrap={false}>
              <Select
                label={t("loyalty.rule.condition")}
                labelHidden={index > 0}
                options={CONDITION_KINDS.map((kind) => ({ label: conditionLabel(t, kind), value: kind }))}
                value={condition.kind}
                onChange={(kind) =>
                  setConditions((current) => current.map((c, i) => (i === index ? { ...c, kind: kind as ConditionKind } : c)))
                }
              />
              <TextField
                label={t("loyalty.rule.value")}
                labelHidden={index > 0}
                type="number"
                min={0}
                autoComplete="off"
                suffix={suffix[condition.kind]}
                value={condition.value}
                onChange={(value) => setConditions((current) => current.map((c, i) => (i === index ? { ...c, value } : c)))}
              />
              <Button
                onClick={() => setConditions((current) => current.filter((_, i) => i !== index))}
                disabled={conditions.length <= 1}
                accessibilityLabel={t("loyalty.rule.remove")}
              >
                {t("loyalty.rule.remove")}
              </Button>
            </InlineStack>
            {errors.conditions?.[index] ? (
              <InlineError message={t(errors.conditions[index])} fieldID={`condition-${index}`} />
            ) : null}
          </BlockStack>
        ))}
        {errors.form ? <InlineError message={t(errors.form)} fieldID="loyal-rule" /> : null}
        <InlineStack align="space-between">
          <Button
            onClick={() => setConditions((current) => [...current, { kind: "min_orders", value: "3" }])}
            disabled={conditions.length >= 8}
          >
            {t("loyalty.rule.add")}
          </Button>
          <Button variant="primary" onClick={save} loading={saving}>
            {t("loyalty.rule.save")}
          </Button>
        </InlineStack>
        <Text as="p" variant="bodySm" tone="subdued">
          {t("loyalty.rule.applies")}
        </Text>
      </BlockStack>
    </Card>
  );
}

function traitName(t: Translate, trait: string): string {
  switch (trait) {
    case "first_product":
    case "first_collection":
    case "first_order_discount":
    case "days_to_second_order":
    case "first_order_channel":
    case "region":
    case "marketing_consent":
    case "first_order_value_band":
      return t(`loyalty.trait.${trait}`);
    default:
      return trait;
  }
}

function traitValue(t: Translate, trait: string, value: string, label: string | null): string {
  if (label) return label;
  if (value === "true") return t("loyalty.value.yes");
  if (value === "false") return t("loyalty.value.no");
  if (trait === "days_to_second_order" && value === "none") return t("loyalty.value.noSecondOrder");
  return value;
}

function TraitsCard({ data }: { data: LoyaltyData }) {
  const t = useT();
  const format = useFormat(data.shop);
  const traits = data.loyalty?.topTraits ?? [];
  return (
    <Card>
      <BlockStack gap="200">
        <Text as="h2" variant="headingSm">
          {t("loyalty.traits.title")}
        </Text>
        <Text as="p" variant="bodySm" tone="subdued">
          {t("loyalty.traits.description")}
        </Text>
        {traits.length === 0 ? (
          <Text as="p" tone="subdued">
            {t("loyalty.traits.none")}
          </Text>
        ) : (
          traits.slice(0, 10).map((trait) => (
            <BlockStack key={`${trait.trait}:${trait.value}`} gap="050">
              <InlineStack align="space-between" wrap={false} gap="200">
                <Text as="span" fontWeight="semibold">
                  {traitName(t, trait.trait)}: {traitValue(t, trait.trait, trait.value, trait.label)}
                </Text>
                <Badge tone="success">{t("loyalty.traits.lift", { lift: format.number(trait.lift, 1) })}</Badge>
              </InlineStack>
              <Text as="span" variant="bodySm" tone="subdued">
                {t("loyalty.traits.shares", {
                  loyal: format.percent(trait.shareOfLoyal, 0),
                  all: format.percent(trait.shareOfAll, 0),
                })}
              </Text>
            </BlockStack>
          ))
        )}
      </BlockStack>
    </Card>
  );
}

function CandidatesCard({ data }: { data: LoyaltyData }) {
  const t = useT();
  const format = useFormat(data.shop);
  const labels = new Map((data.loyalty?.topTraits ?? []).map((trait) => [`${trait.trait}:${trait.value}`, trait.label]));
  const reasonText = (reason: Reason) =>
    reason.kind === "trait"
      ? t("loyalty.reason.trait", {
          trait: traitName(t, reason.trait),
          value: traitValue(t, reason.trait, reason.value, labels.get(`${reason.trait}:${reason.value}`) ?? null),
          lift: format.number(reason.lift, 1),
        })
      : t("loyalty.reason.clv", { top: format.percent(1 - reason.percentile, 0) });
  return (
    <Card>
      <BlockStack gap="300">
        <InlineStack align="space-between" blockAlign="center">
          <Text as="h2" variant="headingMd">
            {t("loyalty.candidates.title")}
          </Text>
          <Button url={campaignEntryLinks.loyaltyCandidates}>{t("loyalty.candidates.campaign")}</Button>
        </InlineStack>
        <Text as="p" tone="subdued">
          {t("loyalty.candidates.description", { pAlive: format.percent(data.candidateMinPAlive, 0) })}
        </Text>
        {data.candidates.length === 0 ? (
          <Text as="p">{data.analysedAt === null ? t("loyalty.summary.notYet") : t("loyalty.candidates.none")}</Text>
        ) : (
          <DataTable
            columnContentTypes={["text", "text", "numeric", "numeric", "text"]}
            headings={[
              t("loyalty.candidates.customer"),
              t("loyalty.candidates.segment"),
              t("loyalty.candidates.pAlive"),
              t("loyalty.candidates.predictedClv"),
              t("loyalty.candidates.reasons"),
            ]}
            rows={data.candidates.map((candidate) => [
              // a name stays on one line; the reasons column takes the rest of the width and wraps
              <span key={candidate.id} style={{ whiteSpace: "nowrap" }}>
                <Link to={`/app/customers/${candidate.id}`}>
                  {formatCustomerName(candidate, format.locale, { honorific: true }) ?? candidate.email ?? t("customers.noName")}
                </Link>
              </span>,
              <SegmentBadge key={`s${candidate.id}`} segment={candidate.segment} />,
              candidate.pAlive === null ? "—" : format.percent(candidate.pAlive, 0),
              candidate.predictedClv12mMinor === null ? "—" : format.money(candidate.predictedClv12mMinor),
              // DataTable cells do not wrap: without this a long reason runs off the card's edge
              <div key={`r${candidate.id}`} style={{ whiteSpace: "normal", minWidth: "14rem" }}>
                <BlockStack gap="050">
                  {candidate.reasons.slice(0, 3).map((reason) => (
                    <Text key={JSON.stringify(reason)} as="span" variant="bodySm">
                      {reasonText(reason)}
                    </Text>
                  ))}
                </BlockStack>
              </div>,
            ])}
          />
        )}
        <InlineStack gap="200">
          {data.paged ? <Button url="/app/loyalty">{t("loyalty.candidates.first")}</Button> : null}
          {data.next ? (
            <Button url={`/app/loyalty?after=${encodeURIComponent(data.next)}`}>{t("loyalty.candidates.more")}</Button>
          ) : null}
        </InlineStack>
      </BlockStack>
    </Card>
  );
}
