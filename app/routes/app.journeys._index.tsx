import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import {
  Badge,
  Banner,
  BlockStack,
  Button,
  Card,
  DataTable,
  InlineGrid,
  InlineStack,
  Layout,
  Link,
  List,
  Page,
  Text,
} from "@shopify/polaris";
import { useToastOnResult } from "../components/hooks";
import { JourneyStatusBadge, journeyName, triggerSummary } from "../components/JourneyLabels";
import { pageTitle } from "../components/page-title";
import { db } from "../db/client.server";
import { getShopSettings } from "../db/settings.server";
import { getShop } from "../db/shops.server";
import { journeyListPage, switchOnTemplate } from "../forms/journeys-list.server";
import { isMessageKey, type MessageKey, type Translate } from "../i18n";
import { formatMoney, formatNumber } from "../i18n/format";
import { useLocale } from "../i18n/react";
import { translator } from "../i18n";
import { requireShop } from "../require-shop.server";
import { kizunaNow } from "../lib/clock.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop } = await requireShop(request);
  const [record, settings, page] = await Promise.all([
    getShop(db(), shop),
    getShopSettings(db(), shop),
    journeyListPage(db(), shop, kizunaNow()),
  ]);
  return {
    shop: { currency: record.currency, timezone: record.timezone },
    guardRails: settings.journeys,
    ...page,
  };
};

export const action = async ({ request }: ActionFunctionArgs) => {
  const { shop } = await requireShop(request);
  const result = await switchOnTemplate(db(), shop, await request.formData(), kizunaNow());
  return json(result, { status: result.ok ? 200 : result.status });
};

export const meta = pageTitle("journeys.title");

const text = (t: Translate, key: string) => (isMessageKey(key) ? t(key) : key);

export default function Journeys() {
  const { shop, guardRails, mail, journeys, templates } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const locale = useLocale();
  const t = translator(locale);
  const money = (minor: number) => formatMoney(Math.round(minor), shop.currency, locale);
  const count = (value: number) => formatNumber(value, locale);
  useToastOnResult(
    result?.ok ? result : null,
    result?.ok ? t("journeys.toast.switchedOn", { name: text(t, result.name) }) : null,
  );
  const switching = navigation.state !== "idle" ? navigation.formData?.get("templateKey") : null;
  const envNames = { smtpUrl: "SMTP_URL", mailFrom: "MAIL_FROM" };

  const rows = journeys.map((journey) => [
    <Link key="name" url={`/app/journeys/${journey.id}`} removeUnderline>
      {journeyName(t, journey)}
    </Link>,
    <JourneyStatusBadge key="status" status={journey.status} />,
    count(journey.inProgress),
    count(journey.entered),
    count(journey.sent),
    count(journey.converted),
    journey.lift
      ? t("journeys.lift.range", {
          value: money(journey.lift.perCustomerMinor),
          low: money(journey.lift.lowMinor),
          high: money(journey.lift.highMinor),
        })
      : t("journeys.lift.notYet"),
  ]);

  return (
    <Page title={t("journeys.title")}>
      <Layout>
        {!mail.configured ? (
          <Layout.Section>
            <Banner tone="warning" title={t("journeys.mail.notConfigured.title")}>
              <p>{t("journeys.mail.notConfigured.text", envNames)}</p>
            </Banner>
          </Layout.Section>
        ) : null}
        {result && !result.ok ? (
          <Layout.Section>
            <Banner tone="critical">
              <p>{t(result.error as MessageKey, envNames)}</p>
            </Banner>
          </Layout.Section>
        ) : null}
        <Layout.Section>
          <BlockStack gap="400">
            <Text as="p" tone="subdued">
              {t("journeys.intro")}
            </Text>
            <Card padding={journeys.length ? "0" : undefined}>
              <BlockStack gap="200">
                <div style={journeys.length ? { padding: "var(--p-space-400) var(--p-space-400) 0" } : undefined}>
                  <Text as="h2" variant="headingMd">
                    {t("journeys.list.heading")}
                  </Text>
                </div>
                {journeys.length === 0 ? (
                  <Text as="p" tone="subdued">
                    {t("journeys.list.empty")}
                  </Text>
                ) : (
                  <DataTable
                    columnContentTypes={["text", "text", "numeric", "numeric", "numeric", "numeric", "numeric"]}
                    headings={[
                      t("journeys.column.name"),
                      t("journeys.column.status"),
                      t("journeys.column.inProgress"),
                      t("journeys.column.entered"),
                      t("journeys.column.sent"),
                      t("journeys.column.converted"),
                      t("journeys.column.lift"),
                    ]}
                    rows={rows}
                  />
                )}
              </BlockStack>
            </Card>
          </BlockStack>
        </Layout.Section>
        <Layout.Section>
          <BlockStack gap="300">
            <Text as="h2" variant="headingMd">
              {t("journeys.templates.heading")}
            </Text>
            <Text as="p" tone="subdued">
              {t("journeys.templates.text")}
            </Text>
            <InlineGrid columns={{ xs: 1, md: 2, lg: 3 }} gap="400">
              {templates.map((template) => {
                const name = text(t, template.nameKey);
                return (
                  <Card key={template.key}>
                    <BlockStack gap="300">
                      <InlineStack align="space-between" blockAlign="center" gap="200">
                        <Text as="h3" variant="headingSm">
                          {name}
                        </Text>
                        {template.journeyId !== null ? <Badge tone="success">{t("journeys.templates.inUse")}</Badge> : null}
                      </InlineStack>
                      <Text as="p">{text(t, template.descriptionKey)}</Text>
                      <Text as="p" tone="subdued" variant="bodySm">
                        {t("journeys.trigger.title")}: {triggerSummary(t, template.trigger)}
                      </Text>
                      {template.journeyId !== null ? (
                        <InlineStack>
                          <Button
                            url={`/app/journeys/${template.journeyId}`}
                            accessibilityLabel={t("journeys.templates.openNamed", { name })}
                          >
                            {t("journeys.templates.open")}
                          </Button>
                        </InlineStack>
                      ) : (
                        <Form method="post">
                          <input type="hidden" name="templateKey" value={template.key} />
                          <BlockStack gap="100">
                            <InlineStack>
                              <Button
                                submit
                                variant="primary"
                                disabled={!mail.configured}
                                loading={switching === template.key}
                                accessibilityLabel={t("journeys.templates.switchOnNamed", { name })}
                              >
                                {t("journeys.templates.switchOn")}
                              </Button>
                            </InlineStack>
                            {!mail.configured ? (
                              <Text as="p" tone="subdued" variant="bodySm">
                                {t("journeys.mail.notConfigured.short", envNames)}
                              </Text>
                            ) : null}
                          </BlockStack>
                        </Form>
                      )}
                    </BlockStack>
                  </Card>
                );
              })}
            </InlineGrid>
          </BlockStack>
        </Layout.Section>
        <Layout.Section>
          <Card>
            <BlockStack gap="200">
              <Text as="h2" variant="headingMd">
                {t("journeys.guardRails.title")}
              </Text>
              <List>
                <List.Item>{t("journeys.guardRails.consent")}</List.Item>
                {guardRails.quietHours ? (
                  <List.Item>
                    {t("journeys.guardRails.quietHours", { start: guardRails.quietHours.start, end: guardRails.quietHours.end })}
                  </List.Item>
                ) : null}
                {guardRails.frequencyCapDays > 0 ? (
                  <List.Item>{t("journeys.guardRails.frequencyCap", { days: guardRails.frequencyCapDays })}</List.Item>
                ) : null}
                <List.Item>{t("journeys.guardRails.holdout")}</List.Item>
              </List>
            </BlockStack>
          </Card>
        </Layout.Section>
      </Layout>
    </Page>
  );
}
