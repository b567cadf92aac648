import { BlockStack, Card, Text } from "@shopify/polaris";
import { formatDate } from "../i18n/format";
import { useLocale, useT } from "../i18n/react";

export interface CustomerLineStatus {
  status: "linked" | "blocked" | "unlinked";
  /** ISO instant: linked since, or blocked on */
  since: string | null;
}

/** The customer's LINE: linked since, blocked the account, or not linked (decision 025). */
export function CustomerLineCard({ line, timeZone }: { line: CustomerLineStatus; timeZone: string }) {
  const t = useT();
  const locale = useLocale();
  const date = line.since ? formatDate(Date.parse(line.since), timeZone, locale) : "";
  return (
    <Card>
      <BlockStack gap="200">
        <Text as="h2" variant="headingSm">
          {t("line.status.title")}
        </Text>
        <Text as="p" tone={line.status === "linked" ? "success" : line.status === "blocked" ? "caution" : undefined}>
          {line.status === "linked"
            ? t("line.status.linked", { date })
            : line.status === "blocked"
              ? t("line.status.blocked", { date })
              : t("line.status.unlinked")}
        </Text>
        {line.status === "unlinked" && (
          <Text as="p" tone="subdued" variant="bodySm">
            {t("line.status.help")}
          </Text>
        )}
      </BlockStack>
    </Card>
  );
}
