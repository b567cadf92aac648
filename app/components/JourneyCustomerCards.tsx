/**
 * The customer page's journey cards: the journeys the customer is (or was) in with every message written for
 * them (sent, clicked, suppressed, held out, …), and the birth date Kizuna keeps for birthday journeys.
 */
import { Form, useNavigation } from "@remix-run/react";
import { BlockStack, Button, Card, DataTable, InlineStack, Text, TextField } from "@shopify/polaris";
import { useState } from "react";
import type { CustomerJourneys } from "../db/journey-reports.server";
import type { MessageKey } from "../i18n";
import { useT } from "../i18n/react";
import type { ShopFormatProps } from "./format";
import { useFormat } from "./format";
import { entryStateLabel, journeyName, MessageStatusBadge, messageTemplateName, suppressionReason } from "./JourneyLabels";

export function CustomerJourneysCard({ journeys, shop }: { journeys: CustomerJourneys; shop: ShopFormatProps }) {
  const t = useT();
  const format = useFormat(shop);
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingSm">
          {t("journeys.customer.title")}
        </Text>
        {journeys.entries.length === 0 ? (
          <Text as="p" tone="subdued">
            {t("journeys.customer.none")}
          </Text>
        ) : (
          <BlockStack gap="100">
            {journeys.entries.map((entry) => (
              <InlineStack key={entry.id} gap="200" blockAlign="center" wrap>
                <Button variant="plain" url={`/app/journeys/${entry.journeyId}`}>
                  {journeyName(t, { name: entry.journeyName, templateKey: entry.templateKey })}
                </Button>
                <Text as="span" tone="subdued" variant="bodySm">
                  {entryStateLabel(t, entry.state)}
                  {entry.group === "holdout" ? ` · ${t("journeys.entry.holdout")}` : ""} · {format.date(entry.enteredAt)}
                </Text>
              </InlineStack>
            ))}
          </BlockStack>
        )}
        <Text as="h3" variant="headingXs">
          {t("journeys.customer.messages")}
        </Text>
        {journeys.messages.length === 0 ? (
          <Text as="p" tone="subdued">
            {t("journeys.customer.noMessages")}
          </Text>
        ) : (
          <DataTable
            columnContentTypes={["text", "text", "text", "text"]}
            headings={[
              t("journeys.customer.journey"),
              t("journeys.customer.step"),
              t("journeys.customer.status"),
              t("journeys.customer.time"),
            ]}
            rows={journeys.messages.map((message) => {
              const reason =
                message.status === "suppressed" || message.status === "failed" ? suppressionReason(t, message.detail) : null;
              return [
                journeyName(t, { name: message.journeyName, templateKey: null }),
                `${t("journeys.customer.stepOf", { n: message.stepIndex + 1 })} · ${messageTemplateName(t, message.templateKey)}`,
                <InlineStack key="status" gap="100" blockAlign="center" wrap={false}>
                  <MessageStatusBadge status={message.status} />
                  {reason ? (
                    <Text as="span" variant="bodySm" tone="subdued">
                      {reason}
                    </Text>
                  ) : null}
                  {message.clicks > 1 ? (
                    <Text as="span" variant="bodySm" tone="subdued">
                      {t("journeys.customer.clicks", { count: message.clicks })}
                    </Text>
                  ) : null}
                </InlineStack>,
                format.dateTime(message.at),
              ];
            })}
          />
        )}
      </BlockStack>
    </Card>
  );
}

export function BirthDateCard({
  birthDate,
  error,
  disabled,
}: {
  birthDate: string | null;
  error: MessageKey | null;
  disabled?: boolean;
}) {
  const t = useT();
  const navigation = useNavigation();
  const [value, setValue] = useState(birthDate ?? "");
  const saving = navigation.state === "submitting" && navigation.formData?.has("birthDate");
  return (
    <Card>
      <Form method="post">
        <BlockStack gap="200">
          <Text as="h2" variant="headingSm">
            {t("journeys.birthDate.title")}
          </Text>
          <TextField
            label={t("journeys.birthDate.label")}
            labelHidden
            name="birthDate"
            type="date"
            value={value}
            onChange={setValue}
            autoComplete="bday"
            helpText={t("journeys.birthDate.help")}
            error={error ? t(error) : undefined}
            disabled={disabled}
          />
          <InlineStack align="end">
            <Button submit loading={saving} disabled={disabled}>
              {t("journeys.birthDate.save")}
            </Button>
          </InlineStack>
        </BlockStack>
      </Form>
    </Card>
  );
}
