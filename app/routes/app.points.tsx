import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useActionData, useLoaderData, useNavigation, useSubmit } from "@remix-run/react";
import {
  Banner,
  BlockStack,
  Button,
  Card,
  Checkbox,
  FormLayout,
  InlineGrid,
  InlineStack,
  Layout,
  Page,
  Text,
  TextField,
} from "@shopify/polaris";
import { useState } from "react";
import { useToastOnResult } from "../components/hooks";
import { db } from "../db/client.server";
import { pointsProgramTotals } from "../db/points.server";
import { getShopSettings, updateShopSettings } from "../db/settings.server";
import { getShop } from "../db/shops.server";
import { translateMessage } from "../i18n";
import { formatMoney, formatTierName, tierNameToStore } from "../i18n/format";
import { useLocale, useT } from "../i18n/react";
import { scheduleDailyPoints } from "../points/program.server";
import type { PointsFormErrors, PointsFormValues } from "../domain/points/settings-form";
import { formValuesFromSettings, pointsLiabilityMinor, settingsFromFormValues } from "../forms/points-settings.server";
import { requireShop } from "../require-shop.server";
import { pageTitle } from "../components/page-title";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop } = await requireShop(request);
  const [settings, shopRow, totals] = await Promise.all([
    getShopSettings(db(), shop),
    getShop(db(), shop),
    pointsProgramTotals(db(), shop),
  ]);
  const points = settings.points;
  const currency = shopRow.currency;
  const tierNames = new Map(points.tiers.map((tier) => [tier.id, tier.name]));
  return {
    currency,
    enabled: points.enabled,
    values: formValuesFromSettings(points, currency),
    members: totals.members,
    outstandingPoints: totals.outstandingPoints,
    liabilityMinor: pointsLiabilityMinor(points, totals.outstandingPoints),
    tiers: [
      ...points.tiers.map((tier) => ({
        id: tier.id,
        name: tier.name,
        members: totals.tiers.find((row) => row.tier === tier.id)?.members ?? 0,
      })),
      // Members whose tier is gone from the settings or not computed yet.
      {
        id: null,
        name: null,
        members: totals.tiers
          .filter((row) => row.tier === null || !tierNames.has(row.tier))
          .reduce((sum, row) => sum + row.members, 0),
      },
    ],
  };
};

export const action = async ({ request }: ActionFunctionArgs) => {
  const { shop } = await requireShop(request);
  const form = await request.formData();
  let values: unknown = null;
  try {
    values = JSON.parse(String(form.get("values") ?? ""));
  } catch {
    values = null;
  }
  const [settings, shopRow] = await Promise.all([getShopSettings(db(), shop), getShop(db(), shop)]);
  const result = settingsFromFormValues(values, settings.points, shopRow.currency);
  if (!result.ok) return json({ ok: false as const, errors: result.errors }, { status: 422 });
  // A default rank's name as the form showed it (ブロンズ) stays the default, not a name of the merchant's.
  const tiers = result.settings.tiers.map((tier) => ({ ...tier, name: tierNameToStore(tier) }));
  await updateShopSettings(db(), shop, "points", { ...result.settings, tiers });
  // Turning the program on starts the daily run (birthdays, expiry, ranks) now; the scheduler queues the next ones.
  if (result.settings.enabled) await scheduleDailyPoints(shop, new Date());
  return json({ ok: true as const, errors: {} as PointsFormErrors });
};

export const meta = pageTitle("points.title");

export default function PointsPage() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const locale = useLocale();
  const submit = useSubmit();
  const navigation = useNavigation();
  // default ranks the merchant has not renamed are shown (and edited) in the admin's language
  const [values, setValues] = useState<PointsFormValues>(() => ({
    ...data.values,
    tiers: data.values.tiers.map((tier) => ({ ...tier, name: formatTierName(tier, locale) })),
  }));
  // The form's errors arrive as catalogue keys with values; shown in the admin's language.
  const errors: Record<string, string> = Object.fromEntries(
    Object.entries<PointsFormErrors[string]>(actionData && !actionData.ok ? actionData.errors : {}).map(([path, message]) => [
      path,
      translateMessage(t, message),
    ]),
  );
  useToastOnResult(actionData?.ok ? actionData : null, t("points.settings.saved"));

  const currency = data.currency;
  const set = <K extends keyof PointsFormValues>(key: K, value: PointsFormValues[K]) => setValues({ ...values, [key]: value });
  const setTier = (index: number, field: keyof PointsFormValues["tiers"][number], value: string) =>
    set(
      "tiers",
      values.tiers.map((tier, i) => (i === index ? { ...tier, [field]: value } : tier)),
    );
  const setStep = (index: number, field: keyof PointsFormValues["ladder"][number], value: string) =>
    set(
      "ladder",
      values.ladder.map((step, i) => (i === index ? { ...step, [field]: value } : step)),
    );
  const save = () => submit({ values: JSON.stringify(values) }, { method: "post" });
  const saving = navigation.state === "submitting";

  return (
    <Page title={t("points.title")} primaryAction={{ content: t("points.settings.save"), onAction: save, loading: saving }}>
      <Layout>
        {!data.enabled && (
          <Layout.Section>
            <Banner tone="info">{t("points.summary.off")}</Banner>
          </Layout.Section>
        )}
        <Layout.Section>
          <InlineGrid columns={{ xs: 1, sm: 3 }} gap="400">
            <Figure label={t("points.summary.members")} value={data.members.toLocaleString(locale)} />
            <Figure label={t("points.summary.outstanding")} value={data.outstandingPoints.toLocaleString(locale)} />
            <Figure
              label={t("points.summary.liability")}
              value={formatMoney(data.liabilityMinor, currency, locale)}
              help={t("points.summary.liabilityHelp")}
            />
          </InlineGrid>
        </Layout.Section>
        <Layout.Section>
          <Card>
            <BlockStack gap="200">
              <Text as="h2" variant="headingSm">
                {t("points.tiers.title")}
              </Text>
              {data.tiers
                .filter((tier) => tier.id !== null || tier.members > 0)
                .map((tier) => (
                  <InlineStack key={tier.id ?? "none"} align="space-between">
                    <Text as="span">
                      {tier.id === null
                        ? t("points.tiers.unplaced")
                        : formatTierName({ id: tier.id, name: tier.name ?? "" }, locale)}
                    </Text>
                    <Text as="span" numeric>
                      {tier.members.toLocaleString(locale)}
                    </Text>
                  </InlineStack>
                ))}
            </BlockStack>
          </Card>
        </Layout.Section>
        <Layout.Section>
          <BlockStack gap="400">
            {errors.form || Object.keys(errors).length > 0 ? (
              <Banner tone="critical">{errors.form ?? t("points.settings.invalid")}</Banner>
            ) : null}
            <Card>
              <BlockStack gap="300">
                <Text as="h2" variant="headingSm">
                  {t("points.settings.title")}
                </Text>
                <Checkbox
                  label={t("points.settings.enabled")}
                  helpText={t("points.settings.enabledHelp")}
                  checked={values.enabled}
                  onChange={(checked) => set("enabled", checked)}
                />
              </BlockStack>
            </Card>
            <Card>
              <FormLayout>
                <Text as="h3" variant="headingSm">
                  {t("points.settings.earn")}
                </Text>
                <FormLayout.Group>
                  <TextField
                    label={t("points.settings.earnPoints")}
                    value={values.earnPoints}
                    onChange={(value) => set("earnPoints", value)}
                    error={errors["earn.points"]}
                    inputMode="numeric"
                    autoComplete="off"
                  />
                  <TextField
                    label={t("points.settings.earnPerAmount", { currency })}
                    value={values.earnPerAmount}
                    onChange={(value) => set("earnPerAmount", value)}
                    error={errors["earn.perAmountMinor"]}
                    helpText={t("points.settings.earnHelp")}
                    inputMode="decimal"
                    autoComplete="off"
                  />
                </FormLayout.Group>
                <FormLayout.Group>
                  <TextField
                    label={t("points.settings.minOrder", { currency })}
                    value={values.minOrder}
                    onChange={(value) => set("minOrder", value)}
                    error={errors["earn.minOrderMinor"]}
                    inputMode="decimal"
                    autoComplete="off"
                  />
                  <TextField
                    label={t("points.settings.maxPerOrder")}
                    value={values.maxPointsPerOrder}
                    onChange={(value) => set("maxPointsPerOrder", value)}
                    error={errors["earn.maxPointsPerOrder"]}
                    inputMode="numeric"
                    autoComplete="off"
                  />
                </FormLayout.Group>
              </FormLayout>
            </Card>
            <Card>
              <BlockStack gap="300">
                <Text as="h3" variant="headingSm">
                  {t("points.settings.tiers")}
                </Text>
                <Text as="p" tone="subdued">
                  {t("points.settings.tiersHelp")}
                </Text>
                {errors.tiers ? <Banner tone="critical">{errors.tiers}</Banner> : null}
                {values.tiers.map((tier, index) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: rows are edited in place and have no other identity
                  <InlineGrid key={index} columns={{ xs: 1, md: 4 }} gap="200" alignItems="end">
                    <TextField
                      label={t("points.settings.tierName")}
                      value={tier.name}
                      onChange={(value) => setTier(index, "name", value)}
                      error={errors[`tiers.${index}.name`] ?? errors[`tiers.${index}.id`]}
                      autoComplete="off"
                    />
                    <TextField
                      label={t("points.settings.tierThreshold", { currency })}
                      value={tier.threshold}
                      onChange={(value) => setTier(index, "threshold", value)}
                      error={errors[`tiers.${index}.thresholdMinor`]}
                      inputMode="decimal"
                      autoComplete="off"
                    />
                    <TextField
                      label={t("points.settings.tierMultiplier")}
                      value={tier.multiplier}
                      onChange={(value) => setTier(index, "multiplier", value)}
                      error={errors[`tiers.${index}.multiplier`]}
                      inputMode="decimal"
                      autoComplete="off"
                    />
                    <Button
                      disabled={values.tiers.length <= 1}
                      onClick={() =>
                        set(
                          "tiers",
                          values.tiers.filter((_, i) => i !== index),
                        )
                      }
                    >
                      {t("points.settings.remove")}
                    </Button>
                  </InlineGrid>
                ))}
                <InlineStack>
                  <Button
                    onClick={() =>
                      set("tiers", [
                        ...values.tiers,
                        // the id is given when the form is saved (settings-form withTierIds)
                        { id: "", name: "", threshold: "", multiplier: "1" },
                      ])
                    }
                  >
                    {t("points.settings.addTier")}
                  </Button>
                </InlineStack>
                <TextField
                  label={t("points.settings.tierWindow")}
                  value={values.tierWindowMonths}
                  onChange={(value) => set("tierWindowMonths", value)}
                  error={errors.tierWindowMonths}
                  inputMode="numeric"
                  autoComplete="off"
                />
              </BlockStack>
            </Card>
            <Card>
              <FormLayout>
                <Text as="h3" variant="headingSm">
                  {t("points.settings.bonuses")}
                </Text>
                <FormLayout.Group>
                  <TextField
                    label={t("points.settings.welcomeBonus")}
                    value={values.welcomeBonus}
                    onChange={(value) => set("welcomeBonus", value)}
                    error={errors.welcomeBonus}
                    inputMode="numeric"
                    autoComplete="off"
                  />
                  <TextField
                    label={t("points.settings.birthdayBonus")}
                    value={values.birthdayBonus}
                    onChange={(value) => set("birthdayBonus", value)}
                    error={errors.birthdayBonus}
                    helpText={t("points.settings.birthdayHelp")}
                    inputMode="numeric"
                    autoComplete="off"
                  />
                </FormLayout.Group>
                <Text as="h3" variant="headingSm">
                  {t("points.settings.expiry")}
                </Text>
                <Checkbox
                  label={t("points.settings.expiryEnabled")}
                  checked={values.expiryEnabled}
                  onChange={(checked) => set("expiryEnabled", checked)}
                />
                <TextField
                  label={t("points.settings.expiryMonths")}
                  value={values.expiryMonths}
                  onChange={(value) => set("expiryMonths", value)}
                  error={errors["expiry.monthsWithoutPurchase"]}
                  disabled={!values.expiryEnabled}
                  inputMode="numeric"
                  autoComplete="off"
                />
                <TextField
                  label={t("points.settings.maxAdjustment")}
                  value={values.maxAdjustmentPoints}
                  onChange={(value) => set("maxAdjustmentPoints", value)}
                  error={errors.maxAdjustmentPoints}
                  inputMode="numeric"
                  autoComplete="off"
                />
              </FormLayout>
            </Card>
            <Card>
              <BlockStack gap="300">
                <Text as="h3" variant="headingSm">
                  {t("points.settings.ladder")}
                </Text>
                <Text as="p" tone="subdued">
                  {t("points.settings.ladderHelp")}
                </Text>
                {errors.redemptionLadder ? <Banner tone="critical">{errors.redemptionLadder}</Banner> : null}
                {values.ladder.map((step, index) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: rows are edited in place and have no other identity
                  <InlineGrid key={index} columns={{ xs: 1, md: 3 }} gap="200" alignItems="end">
                    <TextField
                      label={t("points.settings.ladderPoints")}
                      value={step.points}
                      onChange={(value) => setStep(index, "points", value)}
                      error={errors[`redemptionLadder.${index}.points`]}
                      inputMode="numeric"
                      autoComplete="off"
                    />
                    <TextField
                      label={t("points.settings.ladderDiscount", { currency })}
                      value={step.discount}
                      onChange={(value) => setStep(index, "discount", value)}
                      error={errors[`redemptionLadder.${index}.discountMinor`]}
                      inputMode="decimal"
                      autoComplete="off"
                    />
                    <Button
                      disabled={values.ladder.length <= 1}
                      onClick={() =>
                        set(
                          "ladder",
                          values.ladder.filter((_, i) => i !== index),
                        )
                      }
                    >
                      {t("points.settings.remove")}
                    </Button>
                  </InlineGrid>
                ))}
                <InlineStack>
                  <Button onClick={() => set("ladder", [...values.ladder, { points: "", discount: "" }])}>
                    {t("points.settings.addStep")}
                  </Button>
                </InlineStack>
              </BlockStack>
            </Card>
            <InlineStack align="end">
              <Button variant="primary" onClick={save} loading={saving}>
                {t("points.settings.save")}
              </Button>
            </InlineStack>
          </BlockStack>
        </Layout.Section>
      </Layout>
    </Page>
  );
}

function Figure({ label, value, help }: { label: string; value: string; help?: string }) {
  return (
    <Card>
      <BlockStack gap="200">
        <Text as="h2" variant="headingSm">
          {label}
        </Text>
        <Text as="p" variant="heading2xl">
          {value}
        </Text>
        {help ? (
          <Text as="p" tone="subdued" variant="bodySm">
            {help}
          </Text>
        ) : null}
      </BlockStack>
    </Card>
  );
}
