import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { BlockStack, Card, InlineGrid, Layout, Page, Text } from "@shopify/polaris";
import { db } from "../db/client.server";
import { ensureShop } from "../db/shops.server";
import { shopOverview } from "../db/overview.server";
import { useT } from "../i18n/react";
import { authenticate } from "../shopify.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const shop = await ensureShop(db(), session.shop);
  return shopOverview(db(), shop);
};

export default function Dashboard() {
  const overview = useLoaderData<typeof loader>();
  const t = useT();
  const sync = overview.lastSync;
  const syncText = !sync
    ? t("dashboard.sync.never")
    : sync.status === "completed"
      ? t("dashboard.sync.completed", { date: new Date(sync.finishedAt ?? sync.startedAt).toLocaleString() })
      : sync.status === "failed"
        ? t("dashboard.sync.failed", { error: sync.error ?? "" })
        : t("dashboard.sync.running", { phase: sync.phase ?? "", done: sync.rowsDone, total: sync.rowsTotal ?? "?" });
  return (
    <Page title={t("dashboard.title")}>
      <Layout>
        <Layout.Section>
          <InlineGrid columns={{ xs: 1, sm: 2 }} gap="400">
            <Card>
              <BlockStack gap="200">
                <Text as="h2" variant="headingSm">
                  {t("dashboard.customers")}
                </Text>
                <Text as="p" variant="heading2xl" id="kz-customer-count">
                  {overview.customers.toLocaleString()}
                </Text>
              </BlockStack>
            </Card>
            <Card>
              <BlockStack gap="200">
                <Text as="h2" variant="headingSm">
                  {t("dashboard.orders")}
                </Text>
                <Text as="p" variant="heading2xl">
                  {overview.orders.toLocaleString()}
                </Text>
              </BlockStack>
            </Card>
          </InlineGrid>
        </Layout.Section>
        <Layout.Section>
          <Card>
            <BlockStack gap="200">
              <Text as="h2" variant="headingSm">
                {t("dashboard.sync.title")}
              </Text>
              <Text as="p">{syncText}</Text>
            </BlockStack>
          </Card>
        </Layout.Section>
      </Layout>
    </Page>
  );
}
