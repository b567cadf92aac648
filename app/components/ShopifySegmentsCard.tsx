import { useFetcher } from "@remix-run/react";
import { Banner, BlockStack, Button, Card, Checkbox, InlineStack, SkeletonBodyText, Text } from "@shopify/polaris";
import { useEffect } from "react";
import { formatDateTime } from "../i18n/format";
import { useLocale, useT } from "../i18n/react";
import type { ShopifySegmentsOverview } from "../segments-sync/settings.server";
import { useToastOnResult } from "./hooks";

const ROUTE = "/app/settings/shopify-segments";

type ActionResult = { ok: true; intent: "definitions" | "sync" | "syncNow"; created: number } | { ok: false; intent: null };

/**
 * Settings → Shopify segments (decision 027): whether the `$app:kizuna` metafield definitions are in place
 * (and a button that creates them), and the switch that keeps one Shopify segment per Kizuna segment. The
 * status asks Shopify, so it is loaded after the page from /app/settings/shopify-segments.
 */
export function ShopifySegmentsCard({ timeZone }: { timeZone: string }) {
  const t = useT();
  const locale = useLocale();
  const status = useFetcher<ShopifySegmentsOverview>();
  const action = useFetcher<ActionResult>();
  // biome-ignore lint/correctness/useExhaustiveDependencies: loaded once, and again after each action
  useEffect(() => {
    if (action.state === "idle") status.load(ROUTE);
  }, [action.state]);
  const result = action.data?.ok ? action.data : null;
  const message = !result
    ? null
    : result.intent === "definitions"
      ? result.created > 0
        ? t("shopifySegments.definitions.created", { count: result.created })
        : t("shopifySegments.definitions.upToDate")
      : result.intent === "syncNow"
        ? t("shopifySegments.sync.queued")
        : t("shopifySegments.saved");
  useToastOnResult(result, message);
  const post = (body: { intent: string; sync?: boolean }) =>
    action.submit(body, { method: "post", action: ROUTE, encType: "application/json" });
  const busy = (intent: string) => action.state !== "idle" && (action.json as { intent?: string } | undefined)?.intent === intent;
  const data = status.data;
  const definitions = data?.definitions;
  return (
    <Card>
      <BlockStack gap="400">
        <BlockStack gap="200">
          <Text as="h2" variant="headingSm">
            {t("shopifySegments.definitions.heading")}
          </Text>
          {!data ? (
            <SkeletonBodyText lines={2} />
          ) : !definitions ? (
            <Banner tone="warning">{t("shopifySegments.definitions.unavailable")}</Banner>
          ) : (
            <BlockStack gap="200">
              <Text as="p" tone={definitions.toCreate.length === 0 ? "success" : undefined}>
                {definitions.toCreate.length === 0
                  ? t("shopifySegments.definitions.ready", { count: definitions.total - definitions.wrongType.length })
                  : t("shopifySegments.definitions.missing", { count: definitions.toCreate.length, total: definitions.total })}
              </Text>
              {definitions.wrongType.map((problem) => (
                <Banner key={problem.key} tone="critical">
                  {t("shopifySegments.definitions.wrongType", problem)}
                </Banner>
              ))}
            </BlockStack>
          )}
          <InlineStack>
            <Button
              onClick={() => post({ intent: "definitions" })}
              loading={busy("definitions")}
              disabled={definitions?.toCreate.length === 0}
            >
              {t("shopifySegments.definitions.create")}
            </Button>
          </InlineStack>
        </BlockStack>
        <BlockStack gap="200">
          <Checkbox
            label={t("shopifySegments.sync.label")}
            helpText={t("shopifySegments.sync.help")}
            checked={data?.sync ?? false}
            disabled={!data || busy("sync")}
            onChange={(checked) => post({ intent: "sync", sync: checked })}
          />
          <Text as="p" variant="bodySm" tone="subdued">
            {t("shopifySegments.sync.offNote")}
          </Text>
          {data ? (
            <Text as="p" variant="bodySm">
              {data.lastSyncedAt
                ? t("shopifySegments.sync.last", {
                    time: formatDateTime(Date.parse(data.lastSyncedAt), timeZone, locale),
                    count: data.segments,
                  })
                : t("shopifySegments.sync.never")}
            </Text>
          ) : null}
          {data?.sync ? (
            <InlineStack>
              <Button onClick={() => post({ intent: "syncNow" })} loading={busy("syncNow")}>
                {t("shopifySegments.sync.now")}
              </Button>
            </InlineStack>
          ) : null}
        </BlockStack>
      </BlockStack>
    </Card>
  );
}
