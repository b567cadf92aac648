import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation, useSearchParams, useSubmit } from "@remix-run/react";
import {
  Banner,
  BlockStack,
  Box,
  Button,
  ButtonGroup,
  Card,
  Checkbox,
  ChoiceList,
  Divider,
  FormLayout,
  InlineStack,
  Layout,
  Page,
  Select,
  Text,
  TextField,
} from "@shopify/polaris";
import { useState } from "react";
import { useToastOnResult } from "../components/hooks";
import {
  JourneyStatusBadge,
  journeyName,
  messageTemplateName,
  stepKindLabel,
  stepSummary,
  triggerSummary,
} from "../components/JourneyLabels";
import { MailFrame, MessageTextEditor } from "../components/JourneyMessageText";
import { pageTitle } from "../components/page-title";
import { db } from "../db/client.server";
import { SEND_CHANNELS } from "../domain/journeys/channels";
import type { JourneyStep } from "../domain/journeys/definition";
import { currencyDecimals } from "../domain/money";
import { journeyEditorAction, journeyEditorPage } from "../forms/journey-detail.server";
import { type MessageKey, resolveLocale } from "../i18n";
import { formatMoney } from "../i18n/format";
import { useLocale, useT } from "../i18n/react";
import { requireShop } from "../require-shop.server";
import { kizunaNow } from "../lib/clock.server";

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const { shop } = await requireShop(request);
  const url = new URL(request.url);
  const adminLocale = resolveLocale(url.searchParams.get("locale"), request.headers.get("accept-language"));
  return journeyEditorPage(db(), shop, params, url, adminLocale);
};

export const action = async ({ request, params }: ActionFunctionArgs) => {
  const { shop } = await requireShop(request);
  const { status, result } = await journeyEditorAction(db(), shop, params, await request.formData(), kizunaNow());
  return json(result, { status });
};

export const meta = pageTitle("journeys.meta.detail");

type Field = (name: string) => string | undefined;

export default function JourneyEditor() {
  const { shop, journey, mail, messageTemplateKeys, preview, previewError } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const submit = useSubmit();
  const locale = useLocale();
  const t = useT();
  const money = (minor: number) => formatMoney(minor, shop.currency, locale);
  const busy = navigation.state !== "idle";
  const envNames = { smtpUrl: "SMTP_URL", mailFrom: "MAIL_FROM" };

  const toast = !result
    ? null
    : result.ok
      ? result.intent === "test"
        ? t("journeys.test.sent", { address: result.address })
        : t(
            result.intent === "save"
              ? "journeys.toast.saved"
              : result.intent === "activate"
                ? "journeys.toast.activated"
                : "journeys.toast.paused",
          )
      : null;
  useToastOnResult(result?.ok ? result : null, toast);

  const errors = result && !result.ok && "errors" in result ? (result.errors ?? {}) : {};
  // placeholders of an error (a Liquid error's line and words), by field
  const details = result && !result.ok && "details" in result ? (result.details ?? {}) : {};
  const fieldError: Field = (name) => {
    const key = (errors as Record<string, string | undefined>)[name];
    return key ? t(key as MessageKey, (details as Record<string, Record<string, string | number>>)[name]) : undefined;
  };
  const statusError =
    result && !result.ok && (result.intent === "activate" || result.intent === "pause" || result.intent === "form");

  const act = (intent: "activate" | "pause") => submit({ intent }, { method: "post" });
  const secondaryActions = [
    { content: t("journeys.editor.report"), url: `/app/journeys/${journey.id}/report` },
    ...(journey.status === "active"
      ? [{ content: t("journeys.editor.pause"), onAction: () => act("pause"), disabled: busy }]
      : []),
  ];
  const primaryAction =
    journey.status === "active"
      ? undefined
      : {
          content: t("journeys.editor.activate"),
          onAction: () => act("activate"),
          disabled: busy || !mail.configured,
          helpText: mail.configured ? undefined : t("journeys.editor.cannotActivate"),
        };

  return (
    <Page
      title={journeyName(t, journey)}
      backAction={{ content: t("journeys.title"), url: "/app/journeys" }}
      titleMetadata={<JourneyStatusBadge status={journey.status} />}
      subtitle={`${t("journeys.trigger.title")}: ${triggerSummary(t, journey.definition.trigger)}`}
      primaryAction={primaryAction}
      secondaryActions={secondaryActions}
    >
      <Layout>
        {!mail.configured ? (
          <Layout.Section>
            <Banner tone="warning" title={t("journeys.mail.notConfigured.title")}>
              <p>{t("journeys.mail.notConfigured.text", envNames)}</p>
            </Banner>
          </Layout.Section>
        ) : null}
        {statusError ? (
          <Layout.Section>
            <Banner tone="critical">
              <p>{t(result.error, envNames)}</p>
            </Banner>
          </Layout.Section>
        ) : null}
        {result && !result.ok && result.intent === "save" ? (
          <Layout.Section>
            <Banner tone="critical" title={t("journeys.errors.title")}>
              {fieldError("form") ? <p>{fieldError("form")}</p> : null}
            </Banner>
          </Layout.Section>
        ) : null}
        <Layout.Section>
          <EditorForm key={journey.updatedAt} fieldError={fieldError} money={money} messageTemplateKeys={messageTemplateKeys} />
        </Layout.Section>
        <Layout.Section variant="oneThird">
          <BlockStack gap="400">
            <PreviewCard preview={preview} previewError={previewError} journeyTemplates={messageTemplateKeys} />
            <TestCard defaultAddress={shop.email ?? ""} preview={preview} />
          </BlockStack>
        </Layout.Section>
      </Layout>
    </Page>
  );
}

function EditorForm({
  fieldError,
  money,
  messageTemplateKeys,
}: {
  fieldError: Field;
  money: (minor: number) => string;
  messageTemplateKeys: string[];
}) {
  const { shop, journey } = useLoaderData<typeof loader>();
  const navigation = useNavigation();
  const t = useT();
  const steps = journey.definition.steps as JourneyStep[];
  const saving = navigation.state === "submitting" && navigation.formData?.get("intent") === "save";
  const [holdoutPercent, setHoldoutPercent] = useState(String(Math.round(journey.holdoutShare * 10_000) / 100));
  const reentry = journey.definition.reentry;
  const [reentryMode, setReentryMode] = useState<string>(reentry.mode);
  const [reentryDays, setReentryDays] = useState(reentry.mode === "after_days" ? String(reentry.days) : "30");
  const [handToFlow, setHandToFlow] = useState(steps.some((step) => step.kind === "flow"));

  return (
    <Form method="post">
      <input type="hidden" name="intent" value="save" />
      <BlockStack gap="400">
        <Card>
          <BlockStack gap="300">
            <Text as="h2" variant="headingMd">
              {t("journeys.editor.steps")}
            </Text>
            <Text as="p" tone="subdued">
              {t("journeys.editor.stepsHelp")}
              {journey.status === "active" ? ` ${t("journeys.editor.activeNote")}` : ""}
            </Text>
            <ol style={{ listStyle: "none", margin: 0, padding: 0 }}>
              {steps.map((step, index) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: steps are identified by their position
                <li key={index}>
                  {index > 0 ? <Divider /> : null}
                  <Box paddingBlock="300">
                    <StepEditor
                      step={step}
                      index={index}
                      fieldError={fieldError}
                      money={money}
                      currency={shop.currency}
                      messageTemplateKeys={messageTemplateKeys}
                    />
                  </Box>
                </li>
              ))}
            </ol>
            <input type="hidden" name="handToFlow" value={handToFlow ? "on" : "off"} />
            <Checkbox
              label={t("flow.step.editor")}
              helpText={t("flow.step.editor.help")}
              checked={handToFlow}
              onChange={setHandToFlow}
            />
          </BlockStack>
        </Card>
        <Card>
          <FormLayout>
            <Text as="h2" variant="headingMd">
              {t("journeys.editor.settings")}
            </Text>
            <TextField
              label={t("journeys.editor.holdout")}
              name="holdoutPercent"
              type="number"
              min={0}
              max={50}
              suffix="%"
              value={holdoutPercent}
              onChange={setHoldoutPercent}
              helpText={t("journeys.editor.holdoutHelp")}
              autoComplete="off"
              error={fieldError("holdoutPercent")}
            />
            <input type="hidden" name="reentryMode" value={reentryMode} />
            <ChoiceList
              title={t("journeys.editor.reentry")}
              choices={[
                { value: "never", label: t("journeys.editor.reentry.never") },
                { value: "after_days", label: t("journeys.editor.reentry.afterDays") },
              ]}
              selected={[reentryMode]}
              onChange={(selected) => setReentryMode(selected[0] ?? "never")}
              error={fieldError("reentryMode")}
            />
            {reentryMode === "after_days" ? (
              <TextField
                label={t("journeys.editor.reentryDays")}
                name="reentryDays"
                type="number"
                min={1}
                value={reentryDays}
                onChange={setReentryDays}
                autoComplete="off"
                error={fieldError("reentryDays")}
              />
            ) : null}
          </FormLayout>
        </Card>
        <InlineStack align="end">
          <Button submit variant="primary" loading={saving}>
            {t("journeys.editor.save")}
          </Button>
        </InlineStack>
      </BlockStack>
    </Form>
  );
}

function StepEditor({
  step,
  index,
  fieldError,
  money,
  currency,
  messageTemplateKeys,
}: {
  step: JourneyStep;
  index: number;
  fieldError: Field;
  money: (minor: number) => string;
  currency: string;
  messageTemplateKeys: string[];
}) {
  const t = useT();
  const page = useLoaderData<typeof loader>();
  const name = (field: string) => `step-${index}-${field}`;
  const decimals = currencyDecimals(currency);
  const [days, setDays] = useState(step.kind === "wait" ? String(step.days) : "");
  const [time, setTime] = useState(step.kind === "wait_until" ? step.time : "");
  const [templateKey, setTemplateKey] = useState(step.kind === "send" ? step.templateKey : "");
  const [channel, setChannel] = useState<string>(step.kind === "send" ? step.channel : "email");
  const [valueType, setValueType] = useState<string>(step.kind === "discount" ? step.valueType : "percentage");
  const [value, setValue] = useState(
    step.kind === "discount"
      ? step.valueType === "fixed"
        ? (step.value / 10 ** decimals).toFixed(decimals)
        : String(step.value)
      : "",
  );
  const [expiresInDays, setExpiresInDays] = useState(step.kind === "discount" ? String(step.expiresInDays) : "");
  const [points, setPoints] = useState(step.kind === "points" ? String(step.points) : "");
  const heading = (
    <Text as="h3" variant="headingSm">
      {t("journeys.editor.step", { n: index + 1 })} · {stepKindLabel(t, step.kind)}
    </Text>
  );

  switch (step.kind) {
    case "wait":
      return (
        <BlockStack gap="200">
          {heading}
          <TextField
            label={t("journeys.step.waitDays")}
            name={name("days")}
            type="number"
            min={1}
            max={365}
            value={days}
            onChange={setDays}
            autoComplete="off"
            error={fieldError(name("days"))}
          />
        </BlockStack>
      );
    case "wait_until":
      return (
        <BlockStack gap="200">
          {heading}
          <TextField
            label={t("journeys.step.waitUntil")}
            name={name("time")}
            type="time"
            value={time}
            onChange={setTime}
            autoComplete="off"
            error={fieldError(name("time"))}
          />
        </BlockStack>
      );
    case "send":
      return (
        <BlockStack gap="200">
          {heading}
          <Select
            label={t("journeys.step.template")}
            name={name("templateKey")}
            options={messageTemplateKeys.map((key) => ({ value: key, label: messageTemplateName(t, key) }))}
            value={templateKey}
            onChange={setTemplateKey}
            error={fieldError(name("templateKey"))}
          />
          <Select
            label={t("line.channel.label")}
            name={name("channel")}
            options={SEND_CHANNELS.map((value) => ({ value, label: t(`line.channel.${value}`) }))}
            value={channel}
            onChange={setChannel}
            helpText={t("line.channel.help")}
          />
          <Text as="p" tone="subdued" variant="bodySm">
            {step.marketing ? t("journeys.step.marketing") : t("journeys.step.transactional")}
          </Text>
          <MessageTextEditor
            journeyId={page.journey.id}
            index={index}
            templateKey={templateKey}
            stored={step.text}
            builtIn={page.builtInTexts[templateKey]}
            variables={page.textVariables}
            testAddress={page.shop.email}
            fieldError={fieldError}
          />
        </BlockStack>
      );
    case "discount":
      return (
        <BlockStack gap="200">
          {heading}
          <FormLayout>
            <FormLayout.Group>
              <Select
                label={t("journeys.step.valueType")}
                name={name("valueType")}
                options={[
                  { value: "percentage", label: t("journeys.step.valueType.percentage") },
                  { value: "fixed", label: t("journeys.step.valueType.fixed") },
                ]}
                value={valueType}
                onChange={setValueType}
                error={fieldError(name("valueType"))}
              />
              <TextField
                label={t("journeys.step.value")}
                name={name("value")}
                suffix={valueType === "percentage" ? "%" : currency}
                value={value}
                onChange={setValue}
                autoComplete="off"
                error={fieldError(name("value"))}
              />
              <TextField
                label={t("journeys.step.expiresInDays")}
                name={name("expiresInDays")}
                type="number"
                min={1}
                max={365}
                value={expiresInDays}
                onChange={setExpiresInDays}
                autoComplete="off"
                error={fieldError(name("expiresInDays"))}
              />
            </FormLayout.Group>
          </FormLayout>
        </BlockStack>
      );
    case "points":
      return (
        <BlockStack gap="200">
          {heading}
          <TextField
            label={t("journeys.step.points")}
            name={name("points")}
            type="number"
            min={1}
            value={points}
            onChange={setPoints}
            autoComplete="off"
            error={fieldError(name("points"))}
          />
        </BlockStack>
      );
    default:
      return (
        <BlockStack gap="100">
          {heading}
          <Text as="p">{stepSummary(t, step, money)}</Text>
        </BlockStack>
      );
  }
}

/** The rendered message in a sandboxed frame (no scripts, no same-origin), with a ja/en switch. */
function PreviewCard({
  preview,
  previewError,
  journeyTemplates,
}: {
  preview: { templateKey: string; locale: "ja" | "en"; subject: string; html: string } | null;
  previewError: string | null;
  journeyTemplates: string[];
}) {
  const { journey } = useLoaderData<typeof loader>();
  const t = useT();
  const [searchParams, setSearchParams] = useSearchParams();
  const sends = (journey.definition.steps as JourneyStep[]).flatMap((step) => (step.kind === "send" ? [step.templateKey] : []));
  const choices = [...new Set(sends)].filter((key) => journeyTemplates.includes(key));
  const show = (changes: Record<string, string>) => {
    const next = new URLSearchParams(searchParams);
    for (const [key, value] of Object.entries(changes)) next.set(key, value);
    setSearchParams(next, { replace: true, preventScrollReset: true });
  };
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          {t("journeys.preview.title")}
        </Text>
        {choices.length === 0 ? (
          <Text as="p" tone="subdued">
            {t("journeys.preview.none")}
          </Text>
        ) : (
          <>
            <Select
              label={t("journeys.preview.template")}
              options={choices.map((key) => ({ value: key, label: messageTemplateName(t, key) }))}
              value={preview?.templateKey ?? choices[0]}
              onChange={(value) => show({ preview: value })}
            />
            <fieldset style={{ border: 0, margin: 0, padding: 0, minWidth: 0 }}>
              <legend style={{ padding: 0, marginBottom: "var(--p-space-100)" }}>
                <Text as="span" variant="bodySm" tone="subdued">
                  {t("journeys.preview.language")}
                </Text>
              </legend>
              <ButtonGroup variant="segmented">
                <Button pressed={preview?.locale === "ja"} onClick={() => show({ previewLocale: "ja" })}>
                  {t("journeys.preview.ja")}
                </Button>
                <Button pressed={preview?.locale === "en"} onClick={() => show({ previewLocale: "en" })}>
                  {t("journeys.preview.en")}
                </Button>
              </ButtonGroup>
            </fieldset>
          </>
        )}
        {previewError ? (
          <Banner tone="critical">
            <p>{previewError}</p>
          </Banner>
        ) : null}
        {preview ? (
          <BlockStack gap="200">
            <Text as="p" fontWeight="semibold">
              {t("journeys.preview.subject", { subject: preview.subject })}
            </Text>
            <MailFrame title={t("journeys.preview.frame")} html={preview.html} lang={preview.locale} />
            <Text as="p" tone="subdued" variant="bodySm">
              {t("journeys.preview.sample")}
            </Text>
          </BlockStack>
        ) : null}
      </BlockStack>
    </Card>
  );
}

function TestCard({
  defaultAddress,
  preview,
}: {
  defaultAddress: string;
  preview: { templateKey: string; locale: "ja" | "en" } | null;
}) {
  const t = useT();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const [address, setAddress] = useState(defaultAddress);
  const sending = navigation.state === "submitting" && navigation.formData?.get("intent") === "test";
  const testResult = result?.intent === "test" ? result : null;
  if (!preview) return null;
  return (
    <Card>
      <Form method="post">
        <input type="hidden" name="intent" value="test" />
        <input type="hidden" name="templateKey" value={preview.templateKey} />
        <input type="hidden" name="locale" value={preview.locale} />
        <BlockStack gap="300">
          <Text as="h2" variant="headingMd">
            {t("journeys.test.title")}
          </Text>
          <TextField
            label={t("journeys.test.address")}
            name="address"
            type="email"
            value={address}
            onChange={setAddress}
            autoComplete="email"
            error={
              testResult && !testResult.ok && testResult.errors?.address ? t(testResult.errors.address as MessageKey) : undefined
            }
          />
          <InlineStack>
            <Button submit loading={sending}>
              {t("journeys.test.send")}
            </Button>
          </InlineStack>
          {testResult?.ok ? (
            <Banner tone="success">
              <p>{t("journeys.test.sent", { address: testResult.address })}</p>
            </Banner>
          ) : null}
          {testResult && !testResult.ok && !testResult.errors?.address ? (
            <Banner tone="critical">
              <p>
                {testResult.detail !== undefined ? t("journeys.test.failed", { detail: testResult.detail }) : t(testResult.error)}
              </p>
            </Banner>
          ) : null}
        </BlockStack>
      </Form>
    </Card>
  );
}
