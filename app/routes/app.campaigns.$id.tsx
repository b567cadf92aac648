import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { translator } from "../i18n";
import { json } from "@remix-run/node";
import { useActionData, useLoaderData, useNavigation, useSearchParams, useSubmit } from "@remix-run/react";
import { Badge, Banner, BlockStack, Card, DataTable, InlineStack, Layout, Page, Text } from "@shopify/polaris";
import { useAppBridge } from "@shopify/app-bridge-react";
import { useState } from "react";
import { CampaignInputError, campaignResults, changeCampaignStatus } from "../campaigns/campaigns.server";
import { type CampaignMessageKey, isCampaignMessageKey } from "../campaigns/messages";
import { downloadFile, useToastOnResult } from "../components/hooks";
import { audienceLabel } from "../components/campaign-audience";
import { campaignGroupSizes, storedAudience } from "../db/campaigns.server";
import { db } from "../db/client.server";
import { campaignGroupTag } from "../domain/pushback/plan";
import { getShop } from "../db/shops.server";
import { DiscountUpdateError } from "../shopify/discounts.server";
import { formatDateTime, formatMoney, formatNumber, formatPercent } from "../i18n/format";
import { useLocale } from "../i18n/react";
import { campaignIdParam, campaignStatusForm } from "../forms/campaign-page.server";
import { parseForm } from "../forms/parse-form";
import { requireShop } from "../require-shop.server";
import { adminClientFor } from "../shopify/shop-client.server";
import { pageTitle } from "../components/page-title";

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const { shop } = await requireShop(request);
  const id = campaignIdParam.safeParse(params.id);
  const results = id.success ? await campaignResults(db(), shop, id.data, new Date()) : null;
  if (!results) throw new Response("Campaign not found", { status: 404 });
  const { campaign } = results;
  const [record, groups] = await Promise.all([getShop(db(), shop), campaignGroupSizes(db(), shop, campaign.id)]);
  return {
    shop: { currency: record.currency, timezone: record.timezone },
    campaign: {
      id: campaign.id,
      name: campaign.name,
      status: campaign.status,
      valueType: campaign.valueType,
      value: campaign.value,
      minimumSubtotalMinor: campaign.minimumSubtotalMinor,
      codeMode: campaign.codeMode,
      sharedCode: campaign.sharedCode,
      error: campaign.error,
      audience: storedAudience(campaign.audienceType, campaign.audienceRef),
      treated: groups.treated,
      heldOut: groups.heldOut,
      tagMembers: campaign.tagMembers,
      liveAt: campaign.liveAt?.getTime() ?? null,
    },
    from: results.from.getTime(),
    to: results.to.getTime(),
    lift: results.lift,
    codesPending: results.codesPending,
  };
};

export const action = async ({ request, params }: ActionFunctionArgs) => {
  const { shop } = await requireShop(request);
  const id = campaignIdParam.safeParse(params.id);
  const form = parseForm(campaignStatusForm, await request.formData());
  if (!id.success || !form.ok)
    return json({ ok: false as const, error: "campaigns.error.notFound" as CampaignMessageKey }, { status: 400 });
  try {
    const admin = await adminClientFor(db(), shop);
    const campaign = await changeCampaignStatus(db(), shop, admin, id.data, form.data.intent);
    return json({ ok: true as const, intent: form.data.intent, status: campaign.status });
  } catch (error) {
    if (error instanceof CampaignInputError) return json({ ok: false as const, error: error.messageKey }, { status: 404 });
    if (error instanceof DiscountUpdateError) {
      return json(
        {
          ok: false as const,
          error: "campaigns.error.action" as CampaignMessageKey,
          message: error.userErrors.map((e) => e.message).join("; "),
        },
        { status: 422 },
      );
    }
    throw error;
  }
};

const toastKey: Record<string, CampaignMessageKey> = {
  pause: "campaigns.toast.paused",
  resume: "campaigns.toast.resumed",
  end: "campaigns.toast.ended",
};

export const meta = pageTitle("meta.campaign");

export default function CampaignDetail() {
  const { shop, campaign, from, to, lift, codesPending } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const navigation = useNavigation();
  const submit = useSubmit();
  const shopify = useAppBridge();
  const [exporting, setExporting] = useState(false);
  const locale = useLocale();
  const t = translator(locale);
  const money = (minor: number) => formatMoney(Math.round(minor), shop.currency, locale);
  useToastOnResult(searchParams.get("created") ? "created" : null, t("campaigns.toast.created"));
  const actionMessage = !result
    ? null
    : result.ok
      ? t(toastKey[result.intent])
      : t(result.error as CampaignMessageKey, { message: "message" in result ? String(result.message ?? "") : "" });
  useToastOnResult(result, actionMessage, { isError: result ? !result.ok : false });
  const statusKey = `campaigns.status.${campaign.status}`;
  const busy = navigation.state !== "idle";
  const act = (intent: "pause" | "resume" | "end") => submit({ intent }, { method: "post" });
  const onExport = async () => {
    setExporting(true);
    try {
      await downloadFile(`/app/campaigns/${campaign.id}/export`, `kizuna-campaign-${campaign.id}-members.csv`);
      shopify.toast.show(t("campaigns.toast.exported"));
    } catch {
      shopify.toast.show(t("campaigns.toast.exportFailed"), { isError: true });
    } finally {
      setExporting(false);
    }
  };
  const secondaryActions = [
    { content: t("campaigns.action.export"), onAction: onExport, loading: exporting, disabled: exporting },
    ...(campaign.status === "active"
      ? [{ content: t("campaigns.action.pause"), onAction: () => act("pause"), disabled: busy }]
      : []),
    ...(campaign.status === "paused"
      ? [{ content: t("campaigns.action.resume"), onAction: () => act("resume"), disabled: busy }]
      : []),
    ...(["active", "paused", "creating"].includes(campaign.status)
      ? [{ content: t("campaigns.action.end"), destructive: true, onAction: () => act("end"), disabled: busy }]
      : []),
  ];
  const group = (summary: typeof lift.treated) => [
    summary.customers,
    formatPercent(summary.orderRate, locale),
    money(summary.revenuePerCustomerMinor),
    summary.redemptions,
  ];
  const discount =
    campaign.valueType === "percentage"
      ? t("campaigns.value.percentage", { value: campaign.value })
      : t("campaigns.value.fixed", { amount: money(campaign.value) });

  return (
    <Page
      title={campaign.name}
      backAction={{ content: t("campaigns.title"), url: "/app/campaigns" }}
      titleMetadata={<Badge>{isCampaignMessageKey(statusKey) ? t(statusKey) : campaign.status}</Badge>}
      secondaryActions={secondaryActions}
    >
      <Layout>
        {searchParams.get("created") && campaign.status !== "failed" ? (
          <Layout.Section>
            <Banner tone="success" title={t("campaigns.detail.createdTitle")}>
              {t("campaigns.detail.created", {
                audience: audienceLabel(t, campaign.audience, money),
                customers: formatNumber(campaign.treated + campaign.heldOut, locale),
                treated: formatNumber(campaign.treated, locale),
                heldOut: formatNumber(campaign.heldOut, locale),
              })}
            </Banner>
          </Layout.Section>
        ) : null}
        {campaign.status === "failed" ? (
          <Layout.Section>
            <Banner tone="critical">{t("campaigns.detail.failed", { error: campaign.error ?? "" })}</Banner>
          </Layout.Section>
        ) : campaign.error ? (
          <Layout.Section>
            <Banner tone="warning">{campaign.error}</Banner>
          </Layout.Section>
        ) : null}
        {codesPending ? (
          <Layout.Section>
            <Banner tone="info">{t("campaigns.detail.codesPending")}</Banner>
          </Layout.Section>
        ) : null}
        <Layout.Section>
          <Card>
            <InlineStack gap="400">
              <Text as="p">{discount}</Text>
              {campaign.minimumSubtotalMinor != null ? (
                <Text as="p">{t("campaigns.value.minimum", { amount: money(campaign.minimumSubtotalMinor) })}</Text>
              ) : null}
              {campaign.sharedCode ? <Text as="p">{t("campaigns.detail.sharedCode", { code: campaign.sharedCode })}</Text> : null}
            </InlineStack>
            <BlockStack gap="100">
              <Text as="p">
                {t("campaigns.detail.audience", {
                  audience: audienceLabel(t, campaign.audience, money),
                  treated: formatNumber(campaign.treated, locale),
                  heldOut: formatNumber(campaign.heldOut, locale),
                })}
              </Text>
              <Text as="p" tone="subdued">
                {campaign.tagMembers
                  ? t("campaigns.detail.tagged", {
                      treatmentTag: campaignGroupTag(campaign.id, "treatment"),
                      holdoutTag: campaignGroupTag(campaign.id, "holdout"),
                    })
                  : t("campaigns.detail.notTagged")}
              </Text>
            </BlockStack>
          </Card>
        </Layout.Section>
        <Layout.Section>
          <Card>
            <BlockStack gap="300">
              <Text as="h2" variant="headingMd">
                {t("campaigns.results.title")}
              </Text>
              <Text as="p" tone="subdued">
                {campaign.liveAt === null
                  ? t("campaigns.results.notLive")
                  : t("campaigns.results.window", {
                      start: formatDateTime(from, shop.timezone, locale),
                      end: formatDateTime(to, shop.timezone, locale),
                    })}
              </Text>
              <DataTable
                columnContentTypes={["text", "numeric", "numeric", "numeric", "numeric"]}
                headings={[
                  t("campaigns.results.group"),
                  t("campaigns.results.customers"),
                  t("campaigns.results.orderRate"),
                  t("campaigns.results.revenuePerCustomer"),
                  t("campaigns.results.redemptions"),
                ]}
                rows={[
                  [t("campaigns.results.treated"), ...group(lift.treated)],
                  [t("campaigns.results.holdout"), ...group(lift.holdout)],
                ]}
              />
              {lift.lift ? (
                <BlockStack gap="100">
                  <Text as="h3" variant="headingSm">
                    {t("campaigns.results.incremental")}
                  </Text>
                  <Text as="p" variant="headingLg">
                    {money(lift.lift.incrementalRevenueMinor)}
                  </Text>
                  <Text as="p">
                    {t("campaigns.results.interval", {
                      low: money(lift.lift.incrementalLowMinor),
                      high: money(lift.lift.incrementalHighMinor),
                    })}
                  </Text>
                  <Text as="p" tone={lift.lift.significant ? "success" : "subdued"}>
                    {lift.lift.significant ? t("campaigns.results.significant") : t("campaigns.results.notSignificant")}
                  </Text>
                </BlockStack>
              ) : (
                <Text as="p" tone="subdued">
                  {t("campaigns.results.tooSmall")}
                </Text>
              )}
              <Text as="p" tone="subdued" variant="bodySm">
                {t("campaigns.results.method")}
              </Text>
            </BlockStack>
          </Card>
        </Layout.Section>
      </Layout>
    </Page>
  );
}
