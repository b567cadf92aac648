import { BlockStack, Card, EmptyState, InlineStack, ProgressBar, Spinner, Text } from "@shopify/polaris";
import type { SyncRunView } from "../db/sync-health.server";
import { useT } from "../i18n/react";
import { type ShopFormatProps, useFormat } from "./format";

/** A sync run's progress: phase, rows done of total, a bar when the total is known. */
export function SyncProgress({ run, shop }: { run: SyncRunView; shop: ShopFormatProps }) {
  const t = useT();
  const format = useFormat(shop);
  // A finished run says it finished (and when), not its last phase with n / n.
  if (run.status === "completed" || run.status === "failed") {
    const when = format.dateTime(run.finishedAt ?? run.updatedAt);
    return (
      <Text as="span" tone={run.status === "failed" ? "critical" : undefined}>
        {run.status === "completed"
          ? t("settings.sync.runCompleted", { rows: format.number(run.rowsDone), date: when })
          : t("settings.sync.runFailed", {
              done: format.number(run.rowsDone),
              total: run.rowsTotal === null ? "?" : format.number(run.rowsTotal),
              date: when,
            })}
      </Text>
    );
  }
  const progress = run.rowsTotal ? Math.min(100, Math.round((100 * run.rowsDone) / run.rowsTotal)) : null;
  const minutesLeft = run.status === "running" ? etaMinutes(run) : null;
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
      {minutesLeft !== null ? (
        <Text as="span" tone="subdued" variant="bodySm">
          {t("settings.sync.eta", { minutes: format.number(minutesLeft) })}
        </Text>
      ) : null}
    </BlockStack>
  );
}

/** Minutes left at the rate so far (from the run's start to its last progress update). */
function etaMinutes(run: SyncRunView): number | null {
  if (!run.rowsTotal || run.rowsDone <= 0 || run.rowsDone >= run.rowsTotal) return null;
  const elapsedMs = run.updatedAt - run.startedAt;
  if (elapsedMs <= 0) return null;
  const remainingMs = ((run.rowsTotal - run.rowsDone) * elapsedMs) / run.rowsDone;
  return Math.max(1, Math.ceil(remainingMs / 60_000));
}

type PhaseKey =
  | "settings.sync.phase.exporting"
  | "settings.sync.phase.customers"
  | "settings.sync.phase.orders"
  | "settings.sync.phase.applying"
  | "settings.sync.phase.other";
/** Backfill phases are "customers: exporting", "orders: importing", …; reconciliation's are "customers", "orders". */
function phaseKey(phase: string): PhaseKey {
  if (phase.endsWith("exporting")) return "settings.sync.phase.exporting";
  if (phase.startsWith("customers")) return "settings.sync.phase.customers";
  if (phase.startsWith("orders")) return "settings.sync.phase.orders";
  if (phase === "applying" || phase === "writing") return "settings.sync.phase.applying";
  return "settings.sync.phase.other";
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
