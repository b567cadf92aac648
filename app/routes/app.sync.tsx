import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useFetcher, useLoaderData } from "@remix-run/react";
import { Badge, BlockStack, Button, Card, DataTable, InlineGrid, InlineStack, Layout, Page, Text } from "@shopify/polaris";
import { useEffect } from "react";
import { useFormat } from "../components/format";
import { saveBlob, useRevalidateWhile, useToastOnResult } from "../components/hooks";
import { SyncProgress } from "../components/SyncProgress";
import { db } from "../db/client.server";
import { shopFormat } from "../db/customers.server";
import { getDataExport, getSyncHealth } from "../db/sync-health.server";
import { JobNames, jobQueue } from "../jobs/index.server";
import type { MessageKey } from "../i18n";
import { formatDuration } from "../i18n/format";
import { useT } from "../i18n/react";
import { parseForm } from "../forms/parse-form";
import { syncActionForm } from "../forms/sync-actions.server";
import { requireShop } from "../require-shop.server";
import { replayParkedEvent } from "../sync/webhook-intake.server";
import { pageTitle } from "../components/page-title";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop } = await requireShop(request);
  const [health, format] = await Promise.all([getSyncHealth(db(), shop), shopFormat(db(), shop)]);
  return { ...health, shop: format, now: Date.now() };
};

export const action = async ({ request }: ActionFunctionArgs) => {
  const { shop } = await requireShop(request);
  const parsed = parseForm(syncActionForm, await request.formData());
  if (!parsed.ok) return json({ ok: false, message: "settings.sync.errors.invalid" as MessageKey, file: null }, { status: 400 });
  const input = parsed.data;
  switch (input.intent) {
    case "replay": {
      // Checked again with the topic's schema first: still invalid, it stays parked with the reason.
      const replay = await replayParkedEvent(db(), shop, input.eventId);
      if (replay.replayed) return json({ ok: true, message: "settings.sync.replayed" as MessageKey, file: null });
      return replay.error
        ? json({ ok: false, message: "settings.sync.errors.stillInvalid" as MessageKey, file: null }, { status: 422 })
        : json({ ok: false, message: "settings.sync.errors.notParked" as MessageKey, file: null }, { status: 404 });
    }
    case "backfill":
      await jobQueue().enqueue(JobNames.backfill, { shopId: shop.id }, { shopId: shop.id, singletonKey: `backfill:${shop.id}` });
      return json({ ok: true, message: "settings.sync.backfillQueued" as MessageKey, file: null });
    case "download": {
      const file = await getDataExport(db(), shop, input.exportId);
      if (!file) return json({ ok: false, message: "settings.sync.errors.noExport" as MessageKey, file: null }, { status: 404 });
      return json({ ok: true, message: "settings.sync.downloaded" as MessageKey, file });
    }
  }
};

export const meta = pageTitle("settings.sync.title");

export default function SyncHealthPage() {
  const data = useLoaderData<typeof loader>();
  const t = useT();
  const format = useFormat(data.shop);
  const fetcher = useFetcher<typeof action>();
  const result = fetcher.state === "idle" ? fetcher.data : undefined;
  useToastOnResult(result, result ? t(result.message) : null, { isError: result ? !result.ok : false });

  useEffect(() => {
    if (result?.ok && result.file) {
      saveBlob(new Blob([result.file.content], { type: "application/json" }), result.file.fileName);
    }
  }, [result]);

  // While a sync runs, follow its progress.
  const running = data.runs.some((run) => run.status === "running" || run.status === "queued");
  useRevalidateWhile(running);

  const submit = (fields: Record<string, string>) => fetcher.submit(fields, { method: "post" });
  const busy = (intent: string, id?: number) =>
    fetcher.state !== "idle" &&
    fetcher.formData?.get("intent") === intent &&
    (id === undefined || fetcher.formData?.get("eventId") === String(id) || fetcher.formData?.get("exportId") === String(id));

  return (
    <Page
      title={t("settings.sync.title")}
      backAction={{ content: t("settings.title"), url: "/app/settings" }}
      primaryAction={{
        content: t("settings.sync.runBackfill"),
        onAction: () => submit({ intent: "backfill" }),
        loading: busy("backfill"),
      }}
    >
      <Layout>
        <Layout.Section>
          <Card>
            <BlockStack gap="300">
              <Text as="h2" variant="headingSm">
                {t("settings.sync.inbox")}
              </Text>
              <InlineGrid columns={{ xs: 2, md: 4 }} gap="400">
                {(["pending", "processing", "applied", "parked"] as const).map((status) => (
                  <BlockStack key={status} gap="100">
                    <Text as="span" variant="bodySm" tone="subdued">
                      {t(`settings.sync.status.${status}`)}
                    </Text>
                    <Text as="p" variant="headingLg" tone={status === "parked" && data.inbox.parked > 0 ? "critical" : undefined}>
                      {format.number(data.inbox[status])}
                    </Text>
                  </BlockStack>
                ))}
              </InlineGrid>
              <Text as="p">
                {data.oldestPendingAt === null
                  ? t("settings.sync.noLag")
                  : t("settings.sync.lag", {
                      duration: formatDuration(Math.max(0, data.now - data.oldestPendingAt), format.locale),
                    })}
              </Text>
              {data.lastError ? (
                <Text as="p" tone="critical">
                  {t("settings.sync.lastError", {
                    topic: data.lastError.topic,
                    date: format.dateTime(data.lastError.at),
                    error: data.lastError.error,
                  })}
                </Text>
              ) : null}
            </BlockStack>
          </Card>
        </Layout.Section>

        <Layout.Section>
          <Card>
            <BlockStack gap="300">
              <Text as="h2" variant="headingSm">
                {t("settings.sync.runs")}
              </Text>
              {data.runs.length === 0 ? (
                <Text as="p" tone="subdued">
                  {t("settings.sync.noRuns")}
                </Text>
              ) : (
                data.runs.map((run) => (
                  <BlockStack key={run.id} gap="100">
                    <InlineStack gap="200" blockAlign="center">
                      <Text as="span" fontWeight="semibold">
                        {t(runKindKey(run.kind))}
                      </Text>
                      <Badge tone={run.status === "completed" ? "success" : run.status === "failed" ? "critical" : "info"}>
                        {t(runStatusKey(run.status))}
                      </Badge>
                      <Text as="span" tone="subdued" variant="bodySm">
                        {format.dateTime(run.startedAt)}
                        {run.finishedAt ? ` – ${format.dateTime(run.finishedAt)}` : ""}
                      </Text>
                    </InlineStack>
                    {run.status === "running" || run.status === "queued" ? <SyncProgress run={run} shop={data.shop} /> : null}
                    {run.status === "completed" ? (
                      <Text as="span" variant="bodySm" tone="subdued">
                        {t("settings.sync.rows", { rows: format.number(run.rowsDone) })}
                      </Text>
                    ) : null}
                    {run.error ? (
                      <Text as="span" tone="critical" variant="bodySm">
                        {run.error}
                      </Text>
                    ) : null}
                  </BlockStack>
                ))
              )}
            </BlockStack>
          </Card>
        </Layout.Section>

        <Layout.Section>
          <Card>
            <BlockStack gap="300">
              <Text as="h2" variant="headingSm">
                {t("settings.sync.parked")}
              </Text>
              <Text as="p" variant="bodySm" tone="subdued">
                {t("settings.sync.parkedHelp")}
              </Text>
              {data.parked.length === 0 ? (
                <Text as="p" tone="subdued">
                  {t("settings.sync.noParked")}
                </Text>
              ) : (
                <DataTable
                  columnContentTypes={["text", "text", "numeric", "text", "text"]}
                  headings={[
                    t("settings.sync.column.topic"),
                    t("settings.sync.column.received"),
                    t("settings.sync.column.attempts"),
                    t("settings.sync.column.error"),
                    "",
                  ]}
                  rows={data.parked.map((event) => [
                    event.topic,
                    format.dateTime(event.receivedAt),
                    event.attempts,
                    event.lastError ?? "—",
                    <Button
                      key={event.id}
                      size="slim"
                      loading={busy("replay", event.id)}
                      onClick={() => submit({ intent: "replay", eventId: String(event.id) })}
                    >
                      {t("settings.sync.replay")}
                    </Button>,
                  ])}
                />
              )}
            </BlockStack>
          </Card>
        </Layout.Section>

        <Layout.Section>
          <Card>
            <BlockStack gap="300">
              <Text as="h2" variant="headingSm">
                {t("settings.sync.exports")}
              </Text>
              <Text as="p" variant="bodySm" tone="subdued">
                {t("settings.sync.exportsHelp")}
              </Text>
              {data.dataExports.length === 0 ? (
                <Text as="p" tone="subdued">
                  {t("settings.sync.noExports")}
                </Text>
              ) : (
                <DataTable
                  columnContentTypes={["text", "text", "text", "text"]}
                  headings={[
                    t("settings.sync.column.customer"),
                    t("settings.sync.column.request"),
                    t("settings.sync.column.created"),
                    "",
                  ]}
                  rows={data.dataExports.map((row) => [
                    row.customerId,
                    row.requestId ?? "—",
                    format.dateTime(row.createdAt),
                    <Button
                      key={row.id}
                      size="slim"
                      loading={busy("download", row.id)}
                      onClick={() => submit({ intent: "download", exportId: String(row.id) })}
                    >
                      {t("settings.sync.download")}
                    </Button>,
                  ])}
                />
              )}
            </BlockStack>
          </Card>
        </Layout.Section>
      </Layout>
    </Page>
  );
}

function runKindKey(kind: string): MessageKey {
  switch (kind) {
    case "backfill":
      return "settings.sync.kind.backfill";
    case "reconcile":
      return "settings.sync.kind.reconcile";
    case "recompute":
      return "settings.sync.kind.recompute";
    case "push":
      return "settings.sync.kind.push";
    default:
      return "settings.sync.kind.other";
  }
}

function runStatusKey(status: string): MessageKey {
  switch (status) {
    case "queued":
      return "settings.sync.run.queued";
    case "running":
      return "settings.sync.run.running";
    case "completed":
      return "settings.sync.run.completed";
    default:
      return "settings.sync.run.failed";
  }
}
