import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useActionData, useLoaderData, useNavigation, useSubmit } from "@remix-run/react";
import {
  BlockStack,
  Button,
  Card,
  Checkbox,
  ChoiceList,
  InlineError,
  InlineGrid,
  InlineStack,
  Layout,
  Link,
  Page,
  Text,
  TextField,
} from "@shopify/polaris";
import { useState } from "react";
import { useToastOnResult } from "../components/hooks";
import { segmentName } from "../components/segment-name";
import { SyncProgress } from "../components/SyncProgress";
import { db } from "../db/client.server";
import { shopFormat } from "../db/customers.server";
import { getShopSettings, updateShopSettings } from "../db/settings.server";
import { latestSyncRun } from "../db/sync-health.server";
import { currencyDecimals } from "../domain/money";
import { DEFAULT_FIXED_THRESHOLDS } from "../domain/rfm/fixed-thresholds";
import { RFM_SEGMENT_KEYS } from "../domain/rfm/segments";
import { useT } from "../i18n/react";
import {
  dataRetentionSettingsSchema,
  journeyGuardRailsSchema,
  pushSettingsSchema,
  rfmScoringConfigSchema,
  settingsFormSchema,
} from "../forms/settings.server";
import { queueRecompute } from "../analytics/job.server";
import { JobNames, jobQueue } from "../jobs/index.server";
import { type FieldErrors as FormFieldErrors, type ParseFormOptions, parseForm } from "../forms/parse-form";
import { requireShop } from "../require-shop.server";
import { pageTitle } from "../components/page-title";
import { LineSettingsCard } from "../components/LineSettingsCard";
import { ShopifySegmentsCard } from "../components/ShopifySegmentsCard";
import { FlowSettingsCard } from "../components/FlowSettingsCard";
import { flowSettingsView } from "../flow/settings.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop } = await requireShop(request);
  const [settings, format, lastBackfill] = await Promise.all([
    getShopSettings(db(), shop),
    shopFormat(db(), shop),
    latestSyncRun(db(), shop, "backfill"),
  ]);
  const flow = await flowSettingsView(db(), shop, new Date());
  return {
    rfm: settings.rfm,
    push: settings.push,
    dataRetention: settings.dataRetention,
    journeys: settings.journeys,
    shop: format,
    lastBackfill,
    flow,
  };
};

const FIELDS = [
  "recencyDays",
  "frequency",
  "monetary",
  "tagPrefix",
  "taggedSegments",
  "webhookPayloadDays",
  "quietHours",
  "frequencyCapDays",
] as const;
type Field = (typeof FIELDS)[number];
type FieldErrors = FormFieldErrors<Field>;

/** Each issue under the field the merchant typed it in, with a message they can act on. */
const formOptions: ParseFormOptions<Field> = {
  fieldOf: (path) => (path.find((part): part is Field => FIELDS.includes(part as Field)) as Field | undefined) ?? "form",
  fallback: {
    recencyDays: "settings.errors.increasing",
    frequency: "settings.errors.increasing",
    monetary: "settings.errors.increasing",
    tagPrefix: "settings.errors.tagPrefix",
    taggedSegments: "settings.errors.segment",
    webhookPayloadDays: "settings.errors.retentionDays",
    quietHours: "settings.errors.timeOfDay",
    frequencyCapDays: "settings.errors.frequencyCapDays",
    form: "settings.errors.form",
  },
};

export const action = async ({ request }: ActionFunctionArgs) => {
  const { shop } = await requireShop(request);
  const body = await request.json().catch(() => null);
  const form = parseForm(settingsFormSchema, body, formOptions);
  if (!form.ok) return json({ ok: false as const, errors: form.errors }, { status: 400 });
  if (form.data.intent === "rfm") {
    const input = form.data.rfm;
    const scale = 10 ** currencyDecimals((await shopFormat(db(), shop)).currency);
    const candidate =
      input.method === "fixed" ? { ...input, monetary: input.monetary.map((amount) => Math.round(amount * scale)) } : input;
    const rfm = parseForm(rfmScoringConfigSchema, candidate, formOptions);
    if (!rfm.ok) return json({ ok: false as const, errors: rfm.errors }, { status: 400 });
    await updateShopSettings(db(), shop, "rfm", rfm.data);
    // New scoring, new segments: recompute now rather than at the next data change.
    await queueRecompute(jobQueue(), shop.id, 0);
    return json({ ok: true as const, saved: "rfm" as const });
  }
  if (form.data.intent === "retention") {
    const retention = parseForm(dataRetentionSettingsSchema, form.data.dataRetention, formOptions);
    if (!retention.ok) return json({ ok: false as const, errors: retention.errors }, { status: 400 });
    // The daily purge (sync.purge-payloads) applies the new period on its next run.
    await updateShopSettings(db(), shop, "dataRetention", retention.data);
    return json({ ok: true as const, saved: "retention" as const });
  }
  if (form.data.intent === "journeys") {
    const rails = parseForm(journeyGuardRailsSchema, form.data.journeys, formOptions);
    if (!rails.ok) return json({ ok: false as const, errors: rails.errors }, { status: 400 });
    // The step runner reads the guard rails at each run (decision 020).
    await updateShopSettings(db(), shop, "journeys", rails.data);
    return json({ ok: true as const, saved: "journeys" as const });
  }
  const push = parseForm(pushSettingsSchema, form.data.push, formOptions);
  if (!push.ok) return json({ ok: false as const, errors: push.errors }, { status: 400 });
  await updateShopSettings(db(), shop, "push", push.data);
  // Tags and metafields follow the new choice right away (only what changed is sent).
  await jobQueue().enqueue(JobNames.push, { shopId: shop.id }, { shopId: shop.id, singletonKey: `push:${shop.id}` });
  return json({ ok: true as const, saved: "push" as const });
};

export const meta = pageTitle("settings.title");

export default function Settings() {
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = useT();
  useToastOnResult(result?.ok ? result : null, t("settings.saved"));
  const errors: FieldErrors = result && !result.ok ? result.errors : {};
  return (
    <Page title={t("settings.title")}>
      <Layout>
        <Layout.AnnotatedSection title={t("settings.rfm.title")} description={t("settings.rfm.description")}>
          <RfmForm data={data} errors={errors} />
        </Layout.AnnotatedSection>
        <Layout.AnnotatedSection title={t("settings.push.title")} description={t("settings.push.description")}>
          <PushForm data={data} errors={errors} />
        </Layout.AnnotatedSection>
        <Layout.AnnotatedSection title={t("settings.journeys.title")} description={t("settings.journeys.description")}>
          <JourneysForm data={data} errors={errors} />
        </Layout.AnnotatedSection>
        <Layout.AnnotatedSection title={t("flow.title")} description={t("flow.description")}>
          <FlowSettingsCard flow={data.flow} />
        </Layout.AnnotatedSection>
        <Layout.AnnotatedSection title={t("shopifySegments.title")} description={t("shopifySegments.description")}>
          <ShopifySegmentsCard timeZone={data.shop.timezone} />
        </Layout.AnnotatedSection>
        <Layout.AnnotatedSection title={t("line.settings.title")} description={t("line.settings.description")}>
          <LineSettingsCard />
        </Layout.AnnotatedSection>
        <Layout.AnnotatedSection title={t("settings.retention.title")} description={t("settings.retention.description")}>
          <RetentionForm data={data} errors={errors} />
        </Layout.AnnotatedSection>
        <Layout.AnnotatedSection title={t("settings.backfill.title")} description={t("settings.backfill.description")}>
          <Card>
            <BlockStack gap="300">
              {data.lastBackfill ? (
                <SyncProgress run={data.lastBackfill} shop={data.shop} />
              ) : (
                <Text as="p">{t("settings.backfill.never")}</Text>
              )}
              <InlineStack>
                <Button url="/app/sync">{t("settings.backfill.open")}</Button>
              </InlineStack>
            </BlockStack>
          </Card>
        </Layout.AnnotatedSection>
      </Layout>
    </Page>
  );
}

type SettingsData = ReturnType<typeof useLoaderData<typeof loader>>;

function RfmForm({ data, errors }: { data: SettingsData; errors: FieldErrors }) {
  const t = useT();
  const submit = useSubmit();
  const navigation = useNavigation();
  const scale = 10 ** currencyDecimals(data.shop.currency);
  const initial = data.rfm.method === "fixed" ? data.rfm : DEFAULT_FIXED_THRESHOLDS;
  const [method, setMethod] = useState(data.rfm.method);
  const [rows, setRows] = useState({
    recencyDays: initial.recencyDays.map(String),
    frequency: initial.frequency.map(String),
    monetary: initial.monetary.map((minor) => String(minor / scale)),
  });
  const saving = navigation.state === "submitting" && (navigation.json as { intent?: string } | undefined)?.intent === "rfm";
  const save = () => {
    const numbers = (values: string[]) => values.map((value) => (value.trim() === "" ? Number.NaN : Number(value)));
    const options = { method: "post", encType: "application/json" } as const;
    if (method === "quintiles") submit({ intent: "rfm", rfm: { method } }, options);
    else {
      const rfm = {
        method,
        recencyDays: numbers(rows.recencyDays),
        frequency: numbers(rows.frequency),
        monetary: numbers(rows.monetary),
      };
      submit({ intent: "rfm", rfm }, options);
    }
  };
  const row = (key: keyof typeof rows, labels: string[], suffix?: string) => (
    <BlockStack gap="100">
      <Text as="h3" variant="headingXs">
        {t(`settings.rfm.${key}`)}
      </Text>
      <InlineGrid columns={4} gap="200">
        {labels.map((label, i) => (
          <TextField
            key={label}
            label={label}
            type="number"
            min={0}
            autoComplete="off"
            suffix={suffix}
            value={rows[key][i]}
            onChange={(value) => setRows((current) => ({ ...current, [key]: current[key].map((v, j) => (j === i ? value : v)) }))}
          />
        ))}
      </InlineGrid>
      {errors[key] ? <InlineError message={t(errors[key])} fieldID={`rfm-${key}`} /> : null}
    </BlockStack>
  );
  return (
    <Card>
      <BlockStack gap="400">
        <ChoiceList
          title={t("settings.rfm.method")}
          choices={[
            { label: t("settings.rfm.quintiles"), value: "quintiles", helpText: t("settings.rfm.quintilesHelp") },
            { label: t("settings.rfm.fixed"), value: "fixed", helpText: t("settings.rfm.fixedHelp") },
          ]}
          selected={[method]}
          onChange={([value]) => setMethod(value === "fixed" ? "fixed" : "quintiles")}
        />
        {method === "fixed" ? (
          <BlockStack gap="300">
            {row("recencyDays", ["R5 ≤", "R4 ≤", "R3 ≤", "R2 ≤"], t("settings.rfm.days"))}
            {row("frequency", ["F2 ≥", "F3 ≥", "F4 ≥", "F5 ≥"], t("settings.rfm.orders"))}
            {row("monetary", ["M2 ≥", "M3 ≥", "M4 ≥", "M5 ≥"], data.shop.currency)}
          </BlockStack>
        ) : null}
        {errors.form ? <InlineError message={t(errors.form)} fieldID="rfm-form" /> : null}
        <InlineStack align="end">
          <Button variant="primary" onClick={save} loading={saving}>
            {t("settings.save")}
          </Button>
        </InlineStack>
      </BlockStack>
    </Card>
  );
}

function PushForm({ data, errors }: { data: SettingsData; errors: FieldErrors }) {
  const t = useT();
  const submit = useSubmit();
  const navigation = useNavigation();
  const [tagPrefix, setTagPrefix] = useState(data.push.tagPrefix);
  const [taggedSegments, setTaggedSegments] = useState<string[]>(data.push.taggedSegments);
  const [writeMetafields, setWriteMetafields] = useState(data.push.writeMetafields);
  const saving = navigation.state === "submitting" && (navigation.json as { intent?: string } | undefined)?.intent === "push";
  const save = () =>
    submit(
      { intent: "push", push: { tagPrefix, taggedSegments, writeMetafields } },
      { method: "post", encType: "application/json" },
    );
  return (
    <Card>
      <BlockStack gap="400">
        <TextField
          label={t("settings.push.tagPrefix")}
          helpText={t("settings.push.tagPrefixHelp", { example: `${tagPrefix}champions` })}
          autoComplete="off"
          value={tagPrefix}
          onChange={setTagPrefix}
          error={errors.tagPrefix ? t(errors.tagPrefix) : undefined}
        />
        <ChoiceList
          allowMultiple
          title={t("settings.push.segments")}
          choices={RFM_SEGMENT_KEYS.map((key) => ({ label: segmentName(t, key), value: key }))}
          selected={taggedSegments}
          onChange={setTaggedSegments}
          error={errors.taggedSegments ? t(errors.taggedSegments) : undefined}
        />
        <Checkbox
          label={t("settings.push.metafields")}
          helpText={t("settings.push.metafieldsHelp")}
          checked={writeMetafields}
          onChange={setWriteMetafields}
        />
        <Text as="p" variant="bodySm" tone="subdued">
          {t("settings.push.when")} <Link url="/app/segments">{t("settings.push.segmentsLink")}</Link>
        </Text>
        <InlineStack align="end">
          <Button variant="primary" onClick={save} loading={saving}>
            {t("settings.save")}
          </Button>
        </InlineStack>
      </BlockStack>
    </Card>
  );
}

function RetentionForm({ data, errors }: { data: SettingsData; errors: FieldErrors }) {
  const t = useT();
  const submit = useSubmit();
  const navigation = useNavigation();
  const [days, setDays] = useState(String(data.dataRetention.webhookPayloadDays));
  const saving =
    navigation.state === "submitting" && (navigation.json as { intent?: string } | undefined)?.intent === "retention";
  const save = () =>
    submit(
      { intent: "retention", dataRetention: { webhookPayloadDays: days.trim() === "" ? Number.NaN : Number(days) } },
      { method: "post", encType: "application/json" },
    );
  return (
    <Card>
      <BlockStack gap="400">
        <TextField
          label={t("settings.retention.days")}
          helpText={t("settings.retention.daysHelp")}
          type="number"
          min={3}
          max={90}
          autoComplete="off"
          value={days}
          onChange={setDays}
          suffix={t("settings.retention.daysSuffix")}
          error={errors.webhookPayloadDays ? t(errors.webhookPayloadDays) : undefined}
        />
        <InlineStack align="end">
          <Button variant="primary" onClick={save} loading={saving}>
            {t("settings.save")}
          </Button>
        </InlineStack>
      </BlockStack>
    </Card>
  );
}

function JourneysForm({ data, errors }: { data: SettingsData; errors: FieldErrors }) {
  const t = useT();
  const submit = useSubmit();
  const navigation = useNavigation();
  const [quiet, setQuiet] = useState(data.journeys.quietHours !== null);
  const [start, setStart] = useState(data.journeys.quietHours?.start ?? "21:00");
  const [end, setEnd] = useState(data.journeys.quietHours?.end ?? "09:00");
  const [capDays, setCapDays] = useState(String(data.journeys.frequencyCapDays));
  const saving = navigation.state === "submitting" && (navigation.json as { intent?: string } | undefined)?.intent === "journeys";
  const save = () =>
    submit(
      {
        intent: "journeys",
        journeys: {
          quietHours: quiet ? { start: start.trim(), end: end.trim() } : null,
          frequencyCapDays: capDays.trim() === "" ? Number.NaN : Number(capDays),
        },
      },
      { method: "post", encType: "application/json" },
    );
  return (
    <Card>
      <BlockStack gap="400">
        <Checkbox label={t("settings.journeys.quietHours")} checked={quiet} onChange={setQuiet} />
        {quiet ? (
          <BlockStack gap="100">
            <InlineGrid columns={2} gap="200">
              <TextField
                label={t("settings.journeys.quietStart")}
                type="time"
                autoComplete="off"
                value={start}
                onChange={setStart}
              />
              <TextField label={t("settings.journeys.quietEnd")} type="time" autoComplete="off" value={end} onChange={setEnd} />
            </InlineGrid>
            <Text as="p" variant="bodySm" tone="subdued">
              {t("settings.journeys.quietHelp")}
            </Text>
            {errors.quietHours ? <InlineError message={t(errors.quietHours)} fieldID="journeys-quiet-hours" /> : null}
          </BlockStack>
        ) : null}
        <TextField
          label={t("settings.journeys.frequencyCap")}
          helpText={t("settings.journeys.frequencyCapHelp")}
          type="number"
          min={0}
          max={60}
          autoComplete="off"
          value={capDays}
          onChange={setCapDays}
          suffix={t("settings.journeys.frequencyCapSuffix")}
          error={errors.frequencyCapDays ? t(errors.frequencyCapDays) : undefined}
        />
        <InlineStack align="end">
          <Button variant="primary" onClick={save} loading={saving}>
            {t("settings.save")}
          </Button>
        </InlineStack>
      </BlockStack>
    </Card>
  );
}
