import { useFetcher } from "@remix-run/react";
import { Banner, BlockStack, Button, Card, InlineStack, SkeletonBodyText, Text, TextField } from "@shopify/polaris";
import { useEffect, useState } from "react";
import type { FieldErrors } from "../forms/parse-form";
import { formatNumber } from "../i18n/format";
import { useLocale, useT } from "../i18n/react";
import type { LineConnectionResult, LineSettingsView } from "../line/settings.server";
import { useToastOnResult } from "./hooks";

const ROUTE = "/app/settings/line";

type ActionResult =
  | { ok: true; intent: "save" | "test" | "remove"; connection: LineConnectionResult | null }
  | { ok: false; intent: "save"; errors: FieldErrors<"channelId" | "channelSecret" | "accessToken"> };

/**
 * Settings → LINE official account (decision 025): channel id, secret and access token (stored sealed; the
 * page shows only their last four characters and never receives them), the webhook URL to paste into the
 * LINE Developers console, this month's messages against the quota, and "Test connection" (LINE's bot info).
 */
export function LineSettingsCard() {
  const t = useT();
  const locale = useLocale();
  const status = useFetcher<LineSettingsView>();
  const action = useFetcher<ActionResult>();
  const [channelId, setChannelId] = useState("");
  const [secret, setSecret] = useState("");
  const [token, setToken] = useState("");
  // biome-ignore lint/correctness/useExhaustiveDependencies: loaded once, and again after each action
  useEffect(() => {
    if (action.state === "idle") status.load(ROUTE);
  }, [action.state]);
  useEffect(() => {
    if (status.data?.channelId) setChannelId((current) => current || (status.data?.channelId ?? ""));
  }, [status.data?.channelId]);
  const result = action.data?.ok ? action.data : null;
  useToastOnResult(
    result?.intent === "remove" ? result : result?.intent === "save" ? result : null,
    result?.intent === "remove" ? t("line.settings.removed") : t("line.settings.saved"),
  );
  useEffect(() => {
    if (result?.intent === "save") {
      setSecret("");
      setToken("");
    }
  }, [result]);
  const errors = action.data && !action.data.ok ? action.data.errors : {};
  const post = (body: Record<string, string>) =>
    action.submit(body, { method: "post", action: ROUTE, encType: "application/json" });
  const busy = (intent: string) => action.state !== "idle" && (action.json as { intent?: string } | undefined)?.intent === intent;
  const data = status.data;
  const connection = result?.connection ?? null;
  return (
    <Card>
      <BlockStack gap="400">
        {!data ? (
          <SkeletonBodyText lines={3} />
        ) : (
          <>
            {!data.configured && <Text as="p">{t("line.settings.notConfigured")}</Text>}
            {connection &&
              (connection.ok ? (
                <Banner tone="success">
                  {t("line.settings.testOk", { name: connection.name, basicId: connection.basicId })}
                </Banner>
              ) : (
                <Banner tone="critical">{t("line.settings.testFailed", { detail: connection.detail })}</Banner>
              ))}
            {errors.form && <Banner tone="critical">{t(errors.form)}</Banner>}
            <TextField
              label={t("line.settings.channelId")}
              value={channelId}
              onChange={setChannelId}
              autoComplete="off"
              inputMode="numeric"
              error={errors.channelId ? t(errors.channelId) : undefined}
            />
            <TextField
              label={t("line.settings.channelSecret")}
              type="password"
              value={secret}
              onChange={setSecret}
              autoComplete="off"
              helpText={data.secretEnding ? t("line.settings.savedSecret", { ending: `••••${data.secretEnding}` }) : undefined}
              error={errors.channelSecret ? t(errors.channelSecret) : undefined}
            />
            <TextField
              label={t("line.settings.accessToken")}
              type="password"
              value={token}
              onChange={setToken}
              autoComplete="off"
              helpText={data.tokenEnding ? t("line.settings.savedSecret", { ending: `••••${data.tokenEnding}` }) : undefined}
              error={errors.accessToken ? t(errors.accessToken) : undefined}
            />
            <TextField
              label={t("line.settings.webhookUrl")}
              value={data.webhookUrl}
              readOnly
              autoComplete="off"
              helpText={t("line.settings.webhookHelp")}
            />
            {data.quota &&
              ("error" in data.quota ? (
                <Text as="p" tone="caution">
                  {t("line.settings.quotaUnavailable", { detail: data.quota.error })}
                </Text>
              ) : (
                <Text as="p">
                  {data.quota.limit === null
                    ? t("line.settings.quotaUnlimited", { used: formatNumber(data.quota.used, locale) })
                    : t("line.settings.quota", {
                        used: formatNumber(data.quota.used, locale),
                        limit: formatNumber(data.quota.limit, locale),
                      })}
                </Text>
              ))}
            <InlineStack gap="200">
              <Button
                variant="primary"
                loading={busy("save")}
                onClick={() => post({ intent: "save", channelId, channelSecret: secret, accessToken: token })}
              >
                {t("line.settings.save")}
              </Button>
              {data.configured && (
                <Button loading={busy("test")} onClick={() => post({ intent: "test" })}>
                  {t("line.settings.test")}
                </Button>
              )}
              {data.configured && (
                <Button tone="critical" variant="plain" loading={busy("remove")} onClick={() => post({ intent: "remove" })}>
                  {t("line.settings.remove")}
                </Button>
              )}
            </InlineStack>
          </>
        )}
      </BlockStack>
    </Card>
  );
}
