import type { LoaderFunctionArgs } from "@remix-run/node";
import { translator } from "../i18n";
import { useLoaderData, useNavigate } from "@remix-run/react";
import { Badge, Card, DataTable, EmptyState, Layout, Link, Page } from "@shopify/polaris";
import { isCampaignMessageKey } from "../campaigns/messages";
import { audienceLabel } from "../components/campaign-audience";
import { listCampaigns, storedAudience } from "../db/campaigns.server";
import { db } from "../db/client.server";
import { getShop } from "../db/shops.server";
import { formatDate, formatMoney } from "../i18n/format";
import { useLocale } from "../i18n/react";
import { requireShop } from "../require-shop.server";
import { pageTitle } from "../components/page-title";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop } = await requireShop(request);
  const [record, campaigns] = await Promise.all([getShop(db(), shop), listCampaigns(db(), shop)]);
  return {
    shop: { currency: record.currency, timezone: record.timezone },
    campaigns: campaigns.map((campaign) => ({
      id: campaign.id,
      name: campaign.name,
      audience: storedAudience(campaign.audienceType, campaign.audienceRef),
      valueType: campaign.valueType,
      value: campaign.value,
      status: campaign.status,
      startsAt: campaign.startsAt.getTime(),
      endsAt: campaign.endsAt?.getTime() ?? null,
      treated: campaign.treated,
      heldOut: campaign.heldOut,
    })),
  };
};

const statusTone = { active: "success", creating: "info", paused: "attention", failed: "critical" } as const;

export const meta = pageTitle("campaigns.title");

export default function Campaigns() {
  const { shop, campaigns } = useLoaderData<typeof loader>();
  const locale = useLocale();
  const t = translator(locale);
  const navigate = useNavigate();
  const money = (minor: number) => formatMoney(minor, shop.currency, locale);
  const rows = campaigns.map((campaign) => {
    const statusKey = `campaigns.status.${campaign.status}`;
    return [
      <Link key="name" url={`/app/campaigns/${campaign.id}`} removeUnderline>
        {campaign.name}
      </Link>,
      audienceLabel(t, campaign.audience, money),
      campaign.valueType === "percentage"
        ? t("campaigns.value.percentage", { value: campaign.value })
        : t("campaigns.value.fixed", { amount: formatMoney(campaign.value, shop.currency, locale) }),
      <Badge key="status" tone={statusTone[campaign.status as keyof typeof statusTone]}>
        {isCampaignMessageKey(statusKey) ? t(statusKey) : campaign.status}
      </Badge>,
      campaign.treated,
      campaign.heldOut,
      campaign.endsAt
        ? t("campaigns.window.range", {
            start: formatDate(campaign.startsAt, shop.timezone, locale),
            end: formatDate(campaign.endsAt - 1, shop.timezone, locale),
          })
        : t("campaigns.window.open", { start: formatDate(campaign.startsAt, shop.timezone, locale) }),
    ];
  });
  return (
    <Page title={t("campaigns.title")} primaryAction={{ content: t("campaigns.new"), url: "/app/campaigns/new" }}>
      <Layout>
        <Layout.Section>
          <Card padding={campaigns.length ? "0" : undefined}>
            {campaigns.length === 0 ? (
              <EmptyState
                heading={t("campaigns.empty.heading")}
                action={{ content: t("campaigns.new"), onAction: () => navigate("/app/campaigns/new") }}
                image="https://cdn.shopify.com/s/files/1/0262/4071/2726/files/emptystate-files.png"
              >
                <p>{t("campaigns.empty.text")}</p>
              </EmptyState>
            ) : (
              <DataTable
                columnContentTypes={["text", "text", "text", "text", "numeric", "numeric", "text"]}
                headings={[
                  t("campaigns.column.name"),
                  t("campaigns.column.audience"),
                  t("campaigns.column.discount"),
                  t("campaigns.column.status"),
                  t("campaigns.column.treated"),
                  t("campaigns.column.heldOut"),
                  t("campaigns.column.window"),
                ]}
                rows={rows}
              />
            )}
          </Card>
        </Layout.Section>
      </Layout>
    </Page>
  );
}
