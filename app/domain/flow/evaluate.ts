/**
 * Which Flow triggers fire: the customers' current signals compared with the state they were last evaluated
 * against (CustomerSignalState). A trigger fires on a real change only: a recompute that changes nothing fires
 * nothing. Each event's key names the change (trigger, customer, the version of the state it moved from), so two
 * evaluations racing over the same change write one event (FlowTriggerEvent is unique by shop and key).
 *
 * - segment-changed: the RFM segment differs from the recorded one.
 * - future-loyal: the customer became a future-loyal candidate (was not one before).
 * - churn-risk: 1 − P(alive) reached the shop's threshold (was below before); falling back re-arms it.
 * - tier-changed: the member tier differs from the recorded one (a first tier is recorded, not fired).
 * A customer seen for the first time, and every customer at a shop's first evaluation (`baseline`), is recorded
 * without firing: installing Kizuna does not fire a trigger for every customer.
 */
import { type CustomerSignals, type FlowPayload, type FlowTriggerKind, flowPayload } from "./triggers";

export interface RecordedSignals {
  segment: string | null;
  futureLoyal: boolean;
  churnRisk: boolean;
  tier: string | null;
  /** when the state was last written (ms): the version a change moves from */
  version: number;
}

export interface SignalStateRow {
  customerId: bigint;
  segment: string | null;
  futureLoyal: boolean;
  churnRisk: boolean;
  tier: string | null;
  /** false: a new row to insert; true: an existing row to update */
  existed: boolean;
}

export interface FlowEventDraft {
  customerId: bigint;
  trigger: FlowTriggerKind;
  key: string;
  payload: FlowPayload;
}

export interface SignalEvaluation {
  events: FlowEventDraft[];
  /** state rows that are new or changed (an unchanged customer writes nothing) */
  states: SignalStateRow[];
}

export interface EvaluateOptions {
  /** churn risk (1 − P(alive)) at or above this fires churn-risk */
  churnRiskThreshold: number;
  currency: string;
  /** the shop's first evaluation: record every customer, fire nothing */
  baseline: boolean;
}

export function isChurnRisk(pAlive: number | null, threshold: number): boolean {
  return pAlive !== null && 1 - pAlive >= threshold - 1e-12;
}

export function currentState(signals: CustomerSignals, threshold: number): Omit<RecordedSignals, "version"> {
  return {
    segment: signals.segment,
    futureLoyal: signals.futureLoyalScore !== null,
    churnRisk: isChurnRisk(signals.pAlive, threshold),
    tier: signals.tier,
  };
}

export function flowEventKey(kind: FlowTriggerKind, customerId: bigint, version: number | string): string {
  return `${kind}:${customerId}:${version}`;
}

export function evaluateSignals(
  customers: readonly CustomerSignals[],
  recorded: ReadonlyMap<bigint, RecordedSignals>,
  options: EvaluateOptions,
): SignalEvaluation {
  const events: FlowEventDraft[] = [];
  const states: SignalStateRow[] = [];
  for (const signals of customers) {
    const now = currentState(signals, options.churnRiskThreshold);
    const before = recorded.get(signals.customerId);
    if (!before) {
      states.push({ customerId: signals.customerId, ...now, existed: false });
      continue;
    }
    const same =
      before.segment === now.segment &&
      before.futureLoyal === now.futureLoyal &&
      before.churnRisk === now.churnRisk &&
      before.tier === now.tier;
    if (same) continue;
    states.push({ customerId: signals.customerId, ...now, existed: true });
    if (options.baseline) continue;
    const fire = (kind: FlowTriggerKind, extra: Record<string, string | number>) =>
      events.push({
        customerId: signals.customerId,
        trigger: kind,
        key: flowEventKey(kind, signals.customerId, before.version),
        payload: flowPayload(kind, signals, options.currency, extra),
      });
    if (now.segment !== null && before.segment !== now.segment) {
      fire("segment-changed", { "Previous segment": before.segment ?? "" });
    }
    if (now.futureLoyal && !before.futureLoyal) {
      fire("future-loyal", { "Future loyal score": signals.futureLoyalScore ?? 0 });
    }
    if (now.churnRisk && !before.churnRisk) {
      fire("churn-risk", {
        "Churn risk": 1 - (signals.pAlive ?? 0),
        "Churn risk threshold": options.churnRiskThreshold,
      });
    }
    if (now.tier !== null && before.tier !== null && before.tier !== now.tier) {
      fire("tier-changed", { "Previous tier": before.tier });
    }
  }
  return { events, states };
}
