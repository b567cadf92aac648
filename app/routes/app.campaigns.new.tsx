import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { translator } from "../i18n";
import { json } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import {
  Banner,
  BlockStack,
  Button,
  Card,
  Checkbox,
  ChoiceList,
  FormLayout,
  Layout,
  Page,
  Select,
  Text,
  TextField,
} from "@shopify/polaris";
import { useEffect, useState } from "react";
import { CampaignInputError, CampaignShopifyError, createCampaign } from "../campaigns/campaigns.server";
import { audienceFromSearchParams, newCampaignUrl } from "../campaigns/audience-link";
import type { CampaignFormErrors } from "../campaigns/form";
import { audienceFormFields, parseCampaignForm } from "../campaigns/new-campaign-form.server";
import { type CampaignMessageKey, type LocalisedMessage, shopifyErrorMessages } from "../campaigns/messages";
import { segmentName } from "../components/segment-name";
import { audienceLabel } from "../components/campaign-audience";
import { audienceCustomerIds } from "../db/campaigns.server";
import { db } from "../db/client.server";
import { getShop } from "../db/shops.server";
import { RFM_SEGMENT_KEYS } from "../domain/rfm/segments";
import { formatNumber } from "../i18n/format";
import { useLocale } from "../i18n/react";
import { expectedHoldout } from "../campaigns/holdout";
import { requireShop } from "../require-shop.server";
import { adminClientFor, ShopNotConnectedError } from "../shopify/shop-client.server";
import { pageTitle } from "../components/page-title";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop } = await requireShop(request);
  const record = await getShop(db(), shop);
  const today = new Intl.DateTimeFormat("en-CA", { timeZone: record.timezone }).format(new Date());
  // the audience the link was opened for (a segment row, the win-back suggestion, the loyalty candidates)
  const audience = audienceFromSearchParams(new URL(request.url).searchParams);
  const audienceSize = audience ? (await audienceCustomerIds(db(), shop, audience)).length : null;
  return {
    currency: record.currency,
    today,
    segments: [...RFM_SEGMENT_KEYS],
    audience,
    audienceSize,
    initial: audienceFormFields(audience),
  };
};

type ActionResult = { errors: CampaignFormErrors; shopify: LocalisedMessage[] };

export const action = async ({ request }: ActionFunctionArgs) => {
  const { redirect, shop } = await requireShop(request);
  const record = await getShop(db(), shop);
  const parsed = parseCampaignForm(await request.formData(), { currency: record.currency, timezone: record.timezone });
  if (!parsed.ok) return json<ActionResult>({ errors: parsed.errors, shopify: [] }, { status: 400 });
  try {
    const admin = await adminClientFor(db(), shop);
    const campaign = await createCampaign(db(), shop, admin, parsed.input);
    return redirect(`/app/campaigns/${campaign.id}?created=1`);
  } catch (error) {
    if (error instanceof CampaignInputError) {
      return json<ActionResult>({ errors: { [error.field ?? "form"]: error.messageKey }, shopify: [] }, { status: 400 });
    }
    if (error instanceof CampaignShopifyError) {
      return json<ActionResult>({ errors: {}, shopify: shopifyErrorMessages(error.userErrors) }, { status: 422 });
    }
    if (error instanceof ShopNotConnectedError) {
      return json<ActionResult>({ errors: { form: "campaigns.error.notConnected" }, shopify: [] }, { status: 409 });
    }
    throw error;
  }
};

const AUDIENCE_PARAMS = [
  "audience",
  "audienceType",
  "segment",
  "filterSegments",
  "filterMinOrders",
  "filterMaxRecencyDays",
  "filterMinPAlive",
];

export const meta = pageTitle("campaigns.form.title");

export default function NewCampaign() {
  const { currency, today, segments, audience, audienceSize, initial } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const locale = useLocale();
  const t = translator(locale);
  const errors = (result?.errors ?? {}) as CampaignFormErrors;
  const error = (field: string) => {
    const key = errors[field];
    return key ? t(key as CampaignMessageKey) : undefined;
  };
  const [name, setName] = useState("");
  // the form starts with the audience it was opened for; nothing is preselected otherwise
  const [audienceType, setAudienceType] = useState(initial.audienceType);
  const [segment, setSegment] = useState(initial.segment);
  const [filterSegments, setFilterSegments] = useState<string[]>(initial.filterSegments);
  const [filterMinOrders, setFilterMinOrders] = useState(initial.filterMinOrders);
  const [filterMinNetSpend, setFilterMinNetSpend] = useState("");
  const [filterMaxRecencyDays, setFilterMaxRecencyDays] = useState(initial.filterMaxRecencyDays);
  const [filterMinPAlive, setFilterMinPAlive] = useState(initial.filterMinPAlive);
  const [tagMembers, setTagMembers] = useState(false);
  const [searchParams, setSearchParams] = useSearchParams();
  // the audience in the address follows the form, so the loader counts what the merchant chose
  useEffect(() => {
    const chosen =
      audienceType === "segment"
        ? segment
          ? ({ type: "segment", segment } as const)
          : null
        : audienceType === "candidates"
          ? ({ type: "candidates" } as const)
          : audienceType !== "filter"
            ? null
            : ({
                type: "filter",
                filter: {
                  ...(filterSegments.length ? { segments: filterSegments } : {}),
                  ...(filterMinOrders !== "" && Number(filterMinOrders) >= 0
                    ? { minOrders: Math.floor(Number(filterMinOrders)) }
                    : {}),
                  ...(filterMaxRecencyDays !== "" && Number(filterMaxRecencyDays) >= 0
                    ? { maxRecencyDays: Math.floor(Number(filterMaxRecencyDays)) }
                    : {}),
                  ...(filterMinPAlive !== "" && Number(filterMinPAlive) >= 0 ? { minPAlive: Number(filterMinPAlive) / 100 } : {}),
                },
              } as const);
    const next = chosen ? new URL(newCampaignUrl(chosen), "http://x").searchParams : new URLSearchParams();
    // keep the embedded-app parameters (host, shop, …), replace only the audience ones
    const merged = new URLSearchParams(searchParams);
    for (const key of AUDIENCE_PARAMS) merged.delete(key);
    for (const [key, value] of next) merged.append(key, value);
    if (merged.toString() === searchParams.toString()) return;
    const timer = setTimeout(() => setSearchParams(merged, { replace: true, preventScrollReset: true }), 400);
    return () => clearTimeout(timer);
  }, [
    audienceType,
    segment,
    filterSegments,
    filterMinOrders,
    filterMaxRecencyDays,
    filterMinPAlive,
    searchParams,
    setSearchParams,
  ]);
  // the count leaves out a minimum spend (typed in the shop currency): no count rather than a wrong one
  const showSize = audience !== null && audienceSize !== null && !(audienceType === "filter" && filterMinNetSpend !== "");
  const [valueType, setValueType] = useState("percentage");
  const [value, setValue] = useState("10");
  const [minimumSubtotal, setMinimumSubtotal] = useState("");
  const [startsAt, setStartsAt] = useState(today);
  const [endsAt, setEndsAt] = useState("");
  const [codeMode, setCodeMode] = useState("shared");
  const [code, setCode] = useState("");
  const [holdoutPercent, setHoldoutPercent] = useState("10");
  const segmentOptions = segments.map((key) => ({ value: key, label: segmentName(t, key) }));
  const heldOut = audienceSize === null ? 0 : expectedHoldout(audienceSize, Number(holdoutPercent) / 100);

  return (
    <Page title={t("campaigns.form.title")} backAction={{ content: t("campaigns.title"), url: "/app/campaigns" }}>
      <Form method="post">
        <Layout>
          {result?.shopify.length || errors.form ? (
            <Layout.Section>
              <Banner tone="critical" title={t("campaigns.error.title")}>
                <BlockStack gap="100">
                  {errors.form ? <Text as="p">{error("form")}</Text> : null}
                  {(result?.shopify ?? []).map((message, index) => (
                    // biome-ignore lint/suspicious/noArrayIndexKey: messages have no identity
                    <Text as="p" key={index}>
                      {t(message.key as CampaignMessageKey, message.values as Record<string, string> | undefined)}
                    </Text>
                  ))}
                </BlockStack>
              </Banner>
            </Layout.Section>
          ) : null}
          <Layout.Section>
            <BlockStack gap="400">
              <Card>
                <FormLayout>
                  <TextField
                    label={t("campaigns.form.name")}
                    name="name"
                    value={name}
                    onChange={setName}
                    autoComplete="off"
                    error={error("name")}
                  />
                </FormLayout>
              </Card>
              <Card>
                <FormLayout>
                  <Text as="h2" variant="headingSm">
                    {t("campaigns.form.audience")}
                  </Text>
                  <input type="hidden" name="audienceType" value={audienceType} />
                  <ChoiceList
                    title={t("campaigns.form.audienceType")}
                    choices={[
                      { value: "segment", label: t("campaigns.form.audience.segment") },
                      { value: "candidates", label: t("campaigns.form.audience.candidates") },
                      { value: "filter", label: t("campaigns.form.audience.filter") },
                    ]}
                    selected={[audienceType]}
                    onChange={(selected) => setAudienceType(selected[0] ?? "")}
                    error={error("audienceType")}
                  />
                  {audienceType === "segment" ? (
                    <Select
                      label={t("campaigns.form.segment")}
                      name="segment"
                      placeholder={t("campaigns.form.segmentPlaceholder")}
                      options={segmentOptions}
                      value={segment}
                      onChange={setSegment}
                      error={error("segment")}
                    />
                  ) : null}
                  {audienceType === "filter" ? (
                    <>
                      {filterSegments.map((key) => (
                        <input key={key} type="hidden" name="filterSegments" value={key} />
                      ))}
                      <ChoiceList
                        allowMultiple
                        title={t("campaigns.form.filter.segments")}
                        choices={segmentOptions}
                        selected={filterSegments}
                        onChange={setFilterSegments}
                      />
                      <FormLayout.Group>
                        <TextField
                          label={t("campaigns.form.filter.minOrders")}
                          name="filterMinOrders"
                          type="number"
                          value={filterMinOrders}
                          onChange={setFilterMinOrders}
                          autoComplete="off"
                          error={error("filterMinOrders")}
                        />
                        <TextField
                          label={t("campaigns.form.filter.minNetSpend")}
                          name="filterMinNetSpend"
                          suffix={currency}
                          value={filterMinNetSpend}
                          onChange={setFilterMinNetSpend}
                          autoComplete="off"
                          error={error("filterMinNetSpend")}
                        />
                      </FormLayout.Group>
                      <FormLayout.Group>
                        <TextField
                          label={t("campaigns.form.filter.maxRecencyDays")}
                          name="filterMaxRecencyDays"
                          type="number"
                          value={filterMaxRecencyDays}
                          onChange={setFilterMaxRecencyDays}
                          autoComplete="off"
                          error={error("filterMaxRecencyDays")}
                        />
                        <TextField
                          label={t("campaigns.form.filter.minPAlive")}
                          name="filterMinPAlive"
                          type="number"
                          value={filterMinPAlive}
                          onChange={setFilterMinPAlive}
                          autoComplete="off"
                          error={error("filterMinPAlive")}
                        />
                      </FormLayout.Group>
                    </>
                  ) : null}
                  <TextField
                    label={t("campaigns.form.holdout")}
                    name="holdoutPercent"
                    type="number"
                    min={0}
                    max={50}
                    suffix="%"
                    value={holdoutPercent}
                    onChange={setHoldoutPercent}
                    helpText={t("campaigns.form.holdoutHelp")}
                    autoComplete="off"
                    error={error("holdoutPercent")}
                  />
                  {showSize && audience && audienceSize !== null ? (
                    <Banner tone={audienceSize > 0 ? "info" : "warning"}>
                      {audienceSize > 0
                        ? t("campaigns.form.audienceSummary", {
                            audience: audienceLabel(t, audience),
                            customers: formatNumber(audienceSize, locale),
                            treated: formatNumber(audienceSize - heldOut, locale),
                            heldOut: formatNumber(heldOut, locale),
                          })
                        : t("campaigns.form.audienceEmpty", { audience: audienceLabel(t, audience) })}
                    </Banner>
                  ) : null}
                </FormLayout>
              </Card>
              <Card>
                <FormLayout>
                  <Text as="h2" variant="headingSm">
                    {t("campaigns.form.discount")}
                  </Text>
                  <FormLayout.Group>
                    <Select
                      label={t("campaigns.form.valueType")}
                      name="valueType"
                      options={[
                        { value: "percentage", label: t("campaigns.form.valueType.percentage") },
                        { value: "fixed", label: t("campaigns.form.valueType.fixed") },
                      ]}
                      value={valueType}
                      onChange={setValueType}
                    />
                    <TextField
                      label={t("campaigns.form.value")}
                      name="value"
                      suffix={valueType === "percentage" ? "%" : currency}
                      value={value}
                      onChange={setValue}
                      autoComplete="off"
                      error={error("value")}
                    />
                  </FormLayout.Group>
                  <TextField
                    label={t("campaigns.form.minimumSubtotal")}
                    name="minimumSubtotal"
                    suffix={currency}
                    value={minimumSubtotal}
                    onChange={setMinimumSubtotal}
                    autoComplete="off"
                    error={error("minimumSubtotal")}
                  />
                  <FormLayout.Group>
                    <TextField
                      label={t("campaigns.form.startsAt")}
                      name="startsAt"
                      type="date"
                      value={startsAt}
                      onChange={setStartsAt}
                      autoComplete="off"
                      error={error("startsAt")}
                    />
                    <TextField
                      label={t("campaigns.form.endsAt")}
                      name="endsAt"
                      type="date"
                      value={endsAt}
                      onChange={setEndsAt}
                      autoComplete="off"
                      error={error("endsAt")}
                    />
                  </FormLayout.Group>
                </FormLayout>
              </Card>
              <Card>
                <FormLayout>
                  <Text as="h2" variant="headingSm">
                    {t("campaigns.form.codes")}
                  </Text>
                  <input type="hidden" name="codeMode" value={codeMode} />
                  <ChoiceList
                    title={t("campaigns.form.codeMode")}
                    choices={[
                      { value: "shared", label: t("campaigns.form.codeMode.shared") },
                      { value: "unique", label: t("campaigns.form.codeMode.unique") },
                    ]}
                    selected={[codeMode]}
                    onChange={(selected) => setCodeMode(selected[0] ?? "shared")}
                  />
                  <input type="hidden" name="tagMembers" value={tagMembers ? "on" : ""} />
                  <Checkbox
                    label={t("campaigns.form.tagMembers")}
                    helpText={t("campaigns.form.tagMembersHelp")}
                    checked={tagMembers}
                    onChange={setTagMembers}
                  />
                  {codeMode === "shared" ? (
                    <TextField
                      label={t("campaigns.form.code")}
                      name="code"
                      value={code}
                      onChange={setCode}
                      helpText={t("campaigns.form.codeHelp")}
                      autoComplete="off"
                      error={error("code")}
                    />
                  ) : null}
                </FormLayout>
              </Card>
              <Button submit variant="primary" loading={navigation.state === "submitting"}>
                {t("campaigns.form.submit")}
              </Button>
            </BlockStack>
          </Layout.Section>
        </Layout>
      </Form>
    </Page>
  );
}
