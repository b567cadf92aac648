import { useFetcher } from "@remix-run/react";
import { Badge, Banner, BlockStack, Box, Button, ButtonGroup, InlineStack, Text, TextField } from "@shopify/polaris";
import { useEffect, useRef, useState } from "react";
import type { MessageKey } from "../i18n";
import { useT } from "../i18n/react";

/**
 * The text editor of one send step: subject, preheader and body in Japanese and English (the built-in text
 * until the merchant changes it), variables to insert, "reset to the built-in text", a live preview rendered
 * by the server (debounced) and a test send of the text as edited. Its fields are part of the journey form
 * (step-<index>-text-<ja|en>-<part>); they are only posted while the editor is open, so a journey saved
 * without opening it keeps its stored text.
 */

type Locale = "ja" | "en";
type Part = "subject" | "preheader" | "body";
type MailText = Record<Part, string>;
type Issue = { part: Part; line: number | null; detail: string };
type PreviewResult =
  | { ok: true; locale: Locale; subject: string; html: string; warnings: Issue[] }
  | { ok: false; locale: Locale; errors: Issue[]; warnings: Issue[] };
type TestResult = { ok: true; intent: "test"; address: string } | { ok: false; intent: "test"; detail?: string; error?: string };

const PARTS: Part[] = ["subject", "preheader", "body"];
const LOCALES: Locale[] = ["ja", "en"];
const DEBOUNCE_MS = 400;

export interface MessageTextEditorProps {
  journeyId: number;
  index: number;
  templateKey: string;
  /** what the step stores (absent parts: the built-in text) */
  stored: Partial<Record<Locale, Partial<MailText>>> | undefined;
  builtIn: Record<Locale, MailText> | undefined;
  variables: string[];
  /** the shop's own address, for the test send */
  testAddress: string | null;
  /** field errors of the last save, by field name, already translated */
  fieldError: (name: string) => string | undefined;
}

function effectiveText(
  stored: MessageTextEditorProps["stored"],
  builtIn: MessageTextEditorProps["builtIn"],
  locale: Locale,
): MailText {
  const own = stored?.[locale] ?? {};
  const base = builtIn?.[locale];
  return {
    subject: own.subject ?? base?.subject ?? "",
    preheader: own.preheader ?? base?.preheader ?? "",
    body: own.body ?? base?.body ?? "",
  };
}

export function MessageTextEditor(props: MessageTextEditorProps) {
  const { journeyId, index, templateKey, stored, builtIn, variables, testAddress, fieldError } = props;
  const t = useT();
  const name = (locale: Locale, part: Part) => `step-${index}-text-${locale}-${part}`;
  const hasErrors = LOCALES.some((locale) => PARTS.some((part) => fieldError(name(locale, part))));
  const [open, setOpen] = useState(hasErrors);
  const [locale, setLocale] = useState<Locale>("ja");
  const [texts, setTexts] = useState<Record<Locale, MailText>>(() => ({
    ja: effectiveText(stored, builtIn, "ja"),
    en: effectiveText(stored, builtIn, "en"),
  }));
  // another message chosen for the step: its texts start from that message's built-in text
  const shownKey = useRef(templateKey);
  useEffect(() => {
    if (shownKey.current === templateKey) return;
    shownKey.current = templateKey;
    setTexts({ ja: effectiveText(undefined, builtIn, "ja"), en: effectiveText(undefined, builtIn, "en") });
  }, [templateKey, builtIn]);

  const edited = LOCALES.some((l) => PARTS.some((part) => stored?.[l]?.[part] !== undefined));
  const setPart = (part: Part, value: string) => setTexts((all) => ({ ...all, [locale]: { ...all[locale], [part]: value } }));
  const bodyId = `step-${index}-text-body`;
  const insert = (variable: string) => {
    const snippet = `{{ ${variable} }}`;
    const area = document.getElementById(bodyId) as HTMLTextAreaElement | null;
    const body = texts[locale].body;
    const at = area ? area.selectionStart : body.length;
    const end = area ? area.selectionEnd : body.length;
    setPart("body", body.slice(0, at) + snippet + body.slice(end));
  };

  return (
    <BlockStack gap="200">
      <InlineStack gap="200" blockAlign="center">
        <Button onClick={() => setOpen(!open)} disclosure={open ? "up" : "down"} ariaExpanded={open}>
          {open ? t("journeyText.close") : t("journeyText.edit")}
        </Button>
        <Badge tone={edited ? "info" : undefined}>{edited ? t("journeyText.edited") : t("journeyText.builtIn")}</Badge>
      </InlineStack>
      {open ? (
        <Box padding="300" background="bg-surface-secondary" borderRadius="200">
          <BlockStack gap="300">
            <fieldset style={{ border: 0, margin: 0, padding: 0, minWidth: 0 }}>
              <legend style={{ padding: 0, marginBottom: "var(--p-space-100)" }}>
                <Text as="span" variant="bodySm" tone="subdued">
                  {t("journeyText.language")}
                </Text>
              </legend>
              <ButtonGroup variant="segmented">
                {LOCALES.map((l) => (
                  <Button key={l} pressed={locale === l} onClick={() => setLocale(l)}>
                    {t(l === "ja" ? "journeyText.ja" : "journeyText.en")}
                  </Button>
                ))}
              </ButtonGroup>
            </fieldset>
            {/* both languages are posted; the one not shown stays in hidden inputs */}
            {LOCALES.filter((l) => l !== locale).map((l) =>
              PARTS.map((part) => <input key={`${l}-${part}`} type="hidden" name={name(l, part)} value={texts[l][part]} />),
            )}
            <TextField
              label={t("journeyText.subject")}
              name={name(locale, "subject")}
              value={texts[locale].subject}
              onChange={(value) => setPart("subject", value)}
              autoComplete="off"
              error={fieldError(name(locale, "subject"))}
            />
            <TextField
              label={t("journeyText.preheader")}
              name={name(locale, "preheader")}
              value={texts[locale].preheader}
              onChange={(value) => setPart("preheader", value)}
              helpText={t("journeyText.preheaderHelp")}
              autoComplete="off"
              error={fieldError(name(locale, "preheader"))}
            />
            <TextField
              id={bodyId}
              label={t("journeyText.body")}
              name={name(locale, "body")}
              value={texts[locale].body}
              onChange={(value) => setPart("body", value)}
              multiline={12}
              monospaced
              helpText={t("journeyText.bodyHelp", { example: '<a href="{{ shop.url | track }}">' })}
              autoComplete="off"
              error={fieldError(name(locale, "body"))}
            />
            <BlockStack gap="100">
              <Text as="p" variant="bodySm" tone="subdued">
                {t("journeyText.variables")} · {t("journeyText.variablesHelp")}
              </Text>
              <InlineStack gap="100" wrap>
                {variables.map((variable) => (
                  <Button key={variable} size="micro" onClick={() => insert(variable)}>
                    {variable}
                  </Button>
                ))}
              </InlineStack>
            </BlockStack>
            <InlineStack gap="200">
              <Button
                onClick={() => builtIn && setTexts((all) => ({ ...all, [locale]: { ...builtIn[locale] } }))}
                disabled={!builtIn}
              >
                {t("journeyText.reset")}
              </Button>
            </InlineStack>
            <Text as="p" variant="bodySm" tone="subdued">
              {t("journeyText.saveHint")}
            </Text>
            <TextPreview journeyId={journeyId} templateKey={templateKey} locale={locale} text={texts[locale]} />
            <TextTest templateKey={templateKey} locale={locale} text={texts[locale]} address={testAddress} />
          </BlockStack>
        </Box>
      ) : null}
    </BlockStack>
  );
}

function TextPreview({
  journeyId,
  templateKey,
  locale,
  text,
}: {
  journeyId: number;
  templateKey: string;
  locale: Locale;
  text: MailText;
}) {
  const t = useT();
  const fetcher = useFetcher<PreviewResult>();
  const submit = fetcher.submit;
  const { subject, preheader, body } = text;
  useEffect(() => {
    const timer = setTimeout(() => {
      submit({ templateKey, locale, subject, preheader, body }, { method: "post", action: `/app/journeys/${journeyId}/preview` });
    }, DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [submit, journeyId, templateKey, locale, subject, preheader, body]);
  const result = fetcher.data;
  const partLabel = (part: Part) => t(`journeyText.${part}` as MessageKey);
  return (
    <BlockStack gap="200">
      <Text as="h4" variant="headingSm">
        {t("journeyText.preview.title")}
      </Text>
      {fetcher.state !== "idle" ? (
        <Text as="p" variant="bodySm" tone="subdued">
          {t("journeyText.preview.updating")}
        </Text>
      ) : null}
      {result && !result.ok ? (
        <Banner tone="critical">
          <BlockStack gap="100">
            {result.errors.map((issue) => (
              <p key={`${issue.part}-${issue.line}-${issue.detail}`}>
                {t("journeyText.issue", {
                  part: partLabel(issue.part),
                  message:
                    issue.line === null
                      ? t("journeyText.errors.liquid", { detail: issue.detail })
                      : t("journeyText.errors.liquidLine", { line: issue.line, detail: issue.detail }),
                })}
              </p>
            ))}
          </BlockStack>
        </Banner>
      ) : null}
      {result && result.warnings.length > 0 ? (
        <Banner tone="warning">
          <BlockStack gap="100">
            {result.warnings.map((issue) => (
              <p key={`${issue.part}-${issue.detail}`}>
                {t("journeyText.issue", {
                  part: partLabel(issue.part),
                  message:
                    issue.line === null
                      ? t("journeyText.warning", { variable: issue.detail })
                      : t("journeyText.warningLine", { line: issue.line, variable: issue.detail }),
                })}
              </p>
            ))}
          </BlockStack>
        </Banner>
      ) : null}
      {result?.ok ? (
        <BlockStack gap="200">
          <Text as="p" fontWeight="semibold">
            {t("journeyText.preview.subject", { subject: result.subject })}
          </Text>
          <MailFrame title={t("journeyText.preview.frame")} html={result.html} lang={result.locale} />
          <Text as="p" tone="subdued" variant="bodySm">
            {t("journeyText.preview.sample")}
          </Text>
        </BlockStack>
      ) : null}
    </BlockStack>
  );
}

function TextTest({
  templateKey,
  locale,
  text,
  address,
}: {
  templateKey: string;
  locale: Locale;
  text: MailText;
  address: string | null;
}) {
  const t = useT();
  const fetcher = useFetcher<TestResult>();
  if (!address) {
    return (
      <Text as="p" variant="bodySm" tone="subdued">
        {t("journeyText.test.noAddress")}
      </Text>
    );
  }
  const result = fetcher.data?.intent === "test" ? fetcher.data : null;
  return (
    <BlockStack gap="200">
      <InlineStack>
        <Button
          loading={fetcher.state !== "idle"}
          onClick={() => fetcher.submit({ intent: "test", templateKey, locale, address, ...text }, { method: "post" })}
        >
          {t("journeyText.test.send", { address })}
        </Button>
      </InlineStack>
      {result?.ok ? (
        <Banner tone="success">
          <p>{t("journeyText.test.sent", { address: result.address })}</p>
        </Banner>
      ) : null}
      {result && !result.ok ? (
        <Banner tone="critical">
          <p>{t("journeyText.test.failed", { detail: result.detail ?? result.error ?? "" })}</p>
        </Banner>
      ) : null}
    </BlockStack>
  );
}

/** Mail is laid out 600 px wide: the frame renders it at that width and scales it down to its box. */
const MAIL_WIDTH = 600;
const MAIL_HEIGHT = 900;

/** A rendered mail in a sandboxed frame (no scripts, no same-origin). */
export function MailFrame({ title, html, lang }: { title: string; html: string; lang: string }) {
  const box = useRef<HTMLDivElement>(null);
  const [scale, setScale] = useState(0.5);
  useEffect(() => {
    const element = box.current;
    if (!element) return;
    const fitToBox = () => setScale(Math.min(1, element.clientWidth / MAIL_WIDTH));
    fitToBox();
    const observer = new ResizeObserver(fitToBox);
    observer.observe(element);
    return () => observer.disconnect();
  }, []);
  return (
    <div
      ref={box}
      style={{ width: "100%", height: MAIL_HEIGHT * scale, overflow: "hidden", border: "1px solid #e3e3e3", borderRadius: 8 }}
    >
      <iframe
        title={title}
        sandbox=""
        srcDoc={html}
        lang={lang}
        style={{
          width: MAIL_WIDTH,
          height: MAIL_HEIGHT,
          border: 0,
          background: "#fff",
          transform: `scale(${scale})`,
          transformOrigin: "top left",
        }}
      />
    </div>
  );
}
