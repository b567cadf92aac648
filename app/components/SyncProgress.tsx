import { BlockStack, Card, EmptyState, InlineStack, ProgressBar, Spinner, Text } from "@shopify/polaris";
import type { SyncRunView } from "../db/sync-health.server";
import { useT } from "../i18n/react";
import { type ShopFormatProps, useFormat } from "./format";

/** A sync run's progress: phase, rows done of total, a bar when the total is known. */
export function SyncProgress({ run, shop }: { run: SyncRunView; shop: ShopFormatProps }) {
  const t = useT();
  const format = useFormat(shop);
  const progress = run.rowsTotal ? Math.min(100, Math.round((100 * run.rowsDone) / run.rowsTotal)) : null;
  return (
    <BlockStack gap="100">
      <InlineStack gap="200" blockAlign="center">
        {run.status === "running" || run.status === "queued" ? <Spinner size="small" /> : null}
        <Text as="span">
          {t("settings.sync.runProgress", {
            phase: run.phase ? t(phaseKey(run.phase)) : "—",
            done: format.number(run.rowsDone),
            total: run.rowsTotal === null ? "?" : format.number(run.rowsTotal),
          })}
        </Text>
      </InlineStack>
      {progress !== null ? <ProgressBar progress={progress} size="small" /> : null}
    </BlockStack>
  );
}

type PhaseKey =
  | "settings.sync.phase.customers"
  | "settings.sync.phase.orders"
  | "settings.sync.phase.applying"
  | "settings.sync.phase.other";
function phaseKey(phase: string): PhaseKey {
  return phase === "customers" || phase === "orders" || phase === "applying"
    ? `settings.sync.phase.${phase}`
    : "settings.sync.phase.other";
}

/**
 * What a page shows before there is anything to analyse: the first sync copying the store (with progress),
 * or the wait for the first analysis.
 */
export function FirstRunEmptyState({ run, shop }: { run: SyncRunView | null; shop: ShopFormatProps }) {
  const t = useT();
  const syncing = run && (run.status === "running" || run.status === "queued");
  const failed = run?.status === "failed";
  return (
    <Card>
      <EmptyState
        heading={
          syncing
            ? t("dashboard.empty.syncingTitle")
            : failed
              ? t("dashboard.empty.failedTitle")
              : t("dashboard.empty.waitingTitle")
        }
        action={failed ? { content: t("dashboard.empty.openSyncHealth"), url: "/app/sync" } : undefined}
        secondaryAction={{ content: t("dashboard.empty.openSettings"), url: "/app/settings" }}
        image="https://cdn.shopify.com/s/files/1/0262/4071/2726/files/emptystate-files.png"
      >
        <BlockStack gap="300">
          <Text as="p">
            {syncing
              ? t("dashboard.empty.syncingText")
              : failed
                ? t("dashboard.empty.failedText")
                : t("dashboard.empty.waitingText")}
          </Text>
          {run && syncing ? <SyncProgress run={run} shop={shop} /> : null}
        </BlockStack>
      </EmptyState>
    </Card>
  );
}
