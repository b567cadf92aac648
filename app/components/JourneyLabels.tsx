/**
 * Journeys in the merchant's words: status badges, step and trigger descriptions, message names. Browser-safe:
 * only types come from app/domain/journeys (its schemas stay on the server).
 */
import { Badge } from "@shopify/polaris";
import type { ComponentProps } from "react";
import type { JourneyStep, JourneyTrigger } from "../domain/journeys/definition";
import { isMessageKey, type Translate } from "../i18n";
import { useT } from "../i18n/react";
import { segmentName } from "./segment-name";

type Tone = ComponentProps<typeof Badge>["tone"];

const STATUS_TONES: Record<string, Tone> = { active: "success", paused: "attention", draft: "info", archived: undefined };

export function journeyStatusLabel(t: Translate, status: string): string {
  const key = `journeys.status.${status}`;
  return isMessageKey(key) ? t(key) : status;
}

export function JourneyStatusBadge({ status }: { status: string }) {
  const t = useT();
  return <Badge tone={STATUS_TONES[status]}>{journeyStatusLabel(t, status)}</Badge>;
}

const MESSAGE_TONES: Record<string, Tone> = {
  sent: "success",
  clicked: "success",
  pending: "info",
  sending: "info",
  "held-out": undefined,
  suppressed: "attention",
  unsubscribed: "warning",
  rejected: "critical",
  bounced: "critical",
  failed: "critical",
};

export function messageStatusLabel(t: Translate, status: string): string {
  const key = `journeys.message.${status}`;
  return isMessageKey(key) ? t(key) : status;
}

export function MessageStatusBadge({ status }: { status: string }) {
  const t = useT();
  return <Badge tone={MESSAGE_TONES[status]}>{messageStatusLabel(t, status)}</Badge>;
}

/** "no email marketing consent" for a suppression's detail; SMTP replies and unknown details as they came. */
export function suppressionReason(t: Translate, detail: string | null): string | null {
  if (!detail) return null;
  const key = `journeys.suppressed.${detail}`;
  return isMessageKey(key) ? t(key) : detail;
}

export function entryStateLabel(t: Translate, state: string): string {
  const key = `journeys.entry.${state}`;
  return isMessageKey(key) ? t(key) : state;
}

/** A message template's name ("Follow-up 1: thank you, you chose well"), or its key when the catalogue has none. */
export function messageTemplateName(t: Translate, templateKey: string): string {
  const key = `journeys.messageTemplate.${templateKey}`;
  return isMessageKey(key) ? t(key) : templateKey;
}

/** A journey's name: the template's translated name while the merchant kept it, else what they typed. */
export function journeyName(t: Translate, journey: { name: string; templateKey: string | null }): string {
  return isMessageKey(journey.name) ? t(journey.name) : journey.name;
}

export function stepKindLabel(t: Translate, kind: string): string {
  switch (kind) {
    case "wait":
      return t("journeys.step.wait");
    case "wait_until":
      return t("journeys.step.waitUntil");
    case "condition":
      return t("journeys.step.condition");
    case "send":
      return t("journeys.step.send");
    case "discount":
      return t("journeys.step.discount");
    case "tag":
      return t("journeys.step.tag");
    case "points":
      return t("journeys.step.points");
    case "flow":
      return t("flow.step");
    default:
      return t("journeys.step.other");
  }
}

/** One line saying what a step does, for the report and read-only steps. */
export function stepSummary(t: Translate, step: JourneyStep, money: (minor: number) => string): string {
  switch (step.kind) {
    case "wait":
      return t("journeys.step.waitDaysSummary", { days: step.days });
    case "wait_until":
      return t("journeys.step.waitUntilSummary", { time: step.time });
    case "condition":
      return step.condition.kind === "ordered_since_entering"
        ? t("journeys.step.condition.orderedSinceEntering")
        : step.condition.kind === "still_in_segment"
          ? t("journeys.step.condition.inSegment", { segment: segmentName(t, step.condition.segment) })
          : t("journeys.step.condition.other");
    case "send":
      return step.nameKey && isMessageKey(step.nameKey) ? t(step.nameKey) : messageTemplateName(t, step.templateKey);
    case "discount": {
      const value =
        step.valueType === "percentage"
          ? t("campaigns.value.percentage", { value: step.value })
          : t("campaigns.value.fixed", { amount: money(step.value) });
      return `${value} · ${t("journeys.step.discountSummary", { days: step.expiresInDays })}`;
    }
    case "tag":
      return step.action === "add"
        ? t("journeys.step.tagAdd", { tag: step.tag })
        : t("journeys.step.tagRemove", { tag: step.tag });
    case "points":
      return t("journeys.step.pointsSummary", { points: step.points });
    case "flow":
      return t("flow.step.summary");
    default:
      return t("journeys.step.other");
  }
}

/** When a journey starts, in the merchant's words. Unknown trigger kinds (a newer engine) read generically. */
export function triggerSummary(t: Translate, trigger: JourneyTrigger | { kind: string }): string {
  const tr = trigger as JourneyTrigger;
  switch (tr.kind) {
    case "first_order":
      return t("journeys.trigger.firstOrder");
    case "nth_order":
      return t("journeys.trigger.nthOrder", { n: tr.n });
    case "segment_entered":
      return t("journeys.trigger.segmentEntered", { segment: segmentName(t, tr.segment) });
    case "segment_left":
      return t("journeys.trigger.segmentLeft", { segment: segmentName(t, tr.segment) });
    case "future_loyal_candidate":
      return t("journeys.trigger.futureLoyal");
    case "churn_risk":
      return t("journeys.trigger.churnRisk", { percent: `${Math.round(tr.threshold * 100)}%` });
    case "days_since_last_order":
      return t("journeys.trigger.daysSinceLastOrder", { days: tr.days });
    case "birthday":
      return t("journeys.trigger.birthday", { days: tr.daysBefore });
    case "birthday_month":
      return t("journeys.trigger.birthdayMonth");
    case "points_expiring":
      return t("journeys.trigger.pointsExpiring", { days: tr.daysBefore });
    case "tier_changed":
      return t("journeys.trigger.tierChanged");
    default:
      return t("journeys.trigger.other");
  }
}
