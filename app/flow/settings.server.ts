/**
 * The Settings page's Shopify Flow card (decision 026): each trigger with how many events it wrote in the last 30
 * days (sent, waiting, failed), and the two settings: the churn-risk threshold and how early points expiring fires.
 */
import { z } from "zod";
import type { Db } from "../db/client.server";
import { flowEventCounts } from "../db/flow.server";
import { getShopSettings, updateShopSettings } from "../db/settings.server";
import type { ShopRef } from "../db/shops.server";
import { FLOW_TRIGGER_KINDS, FLOW_TRIGGERS, type FlowTriggerKind } from "../domain/flow/triggers";
import { MS_PER_DAY } from "../domain/time";
import type { MessageKey } from "../i18n";

export const FLOW_COUNT_DAYS = 30;

export interface FlowTriggerRow {
  kind: FlowTriggerKind;
  handle: string;
  sent: number;
  pending: number;
  failed: number;
}

export interface FlowSettingsView {
  /** the counting window */
  days: number;
  /** percent, 5–99 */
  churnRiskPercent: number;
  pointsExpiringDays: number;
  triggers: FlowTriggerRow[];
}

export async function flowSettingsView(client: Db, shop: ShopRef, now: Date): Promise<FlowSettingsView> {
  const [settings, counts] = await Promise.all([
    getShopSettings(client, shop),
    flowEventCounts(client, shop, new Date(now.getTime() - FLOW_COUNT_DAYS * MS_PER_DAY)),
  ]);
  const triggers = FLOW_TRIGGER_KINDS.map((kind) => {
    const of = (status: string) =>
      counts.filter((row) => row.trigger === kind && row.status === status).reduce((sum, row) => sum + row.count, 0);
    return { kind, handle: FLOW_TRIGGERS[kind].handle, sent: of("sent"), pending: of("pending"), failed: of("failed") };
  });
  return {
    days: FLOW_COUNT_DAYS,
    churnRiskPercent: Math.round(settings.flow.churnRiskThreshold * 100),
    pointsExpiringDays: settings.flow.pointsExpiringDays,
    triggers,
  };
}

const wholeNumber = (min: number, max: number, message: MessageKey) =>
  z.coerce.number({ error: message }).int({ error: message }).min(min, { error: message }).max(max, { error: message });

export const flowSettingsForm = z.object({
  churnRiskPercent: wholeNumber(5, 99, "flow.errors.churnRiskPercent"),
  pointsExpiringDays: wholeNumber(1, 90, "flow.errors.pointsExpiringDays"),
});

export type FlowSettingsResult =
  | { ok: true }
  | { ok: false; errors: Partial<Record<"churnRiskPercent" | "pointsExpiringDays" | "form", MessageKey>> };

/**
 * Saves the card's form. A new threshold applies at the next evaluation: customers already past it stay recorded
 * as at risk, customers below it fire when they reach it.
 */
export async function saveFlowSettings(client: Db, shop: ShopRef, values: unknown): Promise<FlowSettingsResult> {
  const parsed = flowSettingsForm.safeParse(values);
  if (!parsed.success) {
    const errors: Extract<FlowSettingsResult, { ok: false }>["errors"] = {};
    for (const issue of parsed.error.issues) {
      const field = issue.path[0] === "churnRiskPercent" || issue.path[0] === "pointsExpiringDays" ? issue.path[0] : "form";
      errors[field] ??= field === "form" ? "flow.errors.form" : (issue.message as MessageKey);
    }
    return { ok: false, errors };
  }
  await updateShopSettings(client, shop, "flow", {
    churnRiskThreshold: parsed.data.churnRiskPercent / 100,
    pointsExpiringDays: parsed.data.pointsExpiringDays,
  });
  return { ok: true };
}
