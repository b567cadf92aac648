/**
 * Flow trigger evaluation (decision 026): after a recompute, after the incremental re-scoring of the customers a
 * webhook touched, and once a day (member tiers move in the daily points run), the customers' current signals are
 * compared with the state they were last evaluated against; real changes become FlowTriggerEvent rows (the outbox
 * the sender job empties with flowTriggerReceive) and the state is updated in the same transaction.
 */
import type { Db } from "../db/client.server";
import { hasSignalState, readSignalPage, readSignalsOf, writeSignalEvaluation } from "../db/flow.server";
import { getShopSettings } from "../db/settings.server";
import { getShop, type ShopRef } from "../db/shops.server";
import { evaluateSignals, type SignalEvaluation } from "../domain/flow/evaluate";
import type { RecordedSignals } from "../domain/flow/evaluate";
import type { CustomerSignals } from "../domain/flow/triggers";

/** Customers read, compared and written per transaction. */
const PAGE = 2000;

export interface FlowEvaluationOutcome {
  customers: number;
  events: number;
  /** state rows written (new or changed) */
  states: number;
  /** the shop's first evaluation: state recorded, nothing fired */
  baseline: boolean;
}

async function evaluationContext(client: Db, shop: ShopRef) {
  const [record, settings, evaluatedBefore] = await Promise.all([
    getShop(client, shop),
    getShopSettings(client, shop),
    hasSignalState(client, shop),
  ]);
  return {
    options: { churnRiskThreshold: settings.flow.churnRiskThreshold, currency: record.currency, baseline: !evaluatedBefore },
  };
}

/**
 * Evaluates and writes one page. When another evaluation recorded the same change meanwhile (unique key), the
 * page is read and compared again: that change is then in the state and is not written twice.
 */
async function evaluatePage(
  client: Db,
  shop: ShopRef,
  read: () => Promise<{ signals: CustomerSignals[]; recorded: Map<bigint, RecordedSignals> }>,
  options: Parameters<typeof evaluateSignals>[2],
  now: Date,
): Promise<SignalEvaluation & { customers: number }> {
  for (let attempt = 1; ; attempt++) {
    const { signals, recorded } = await read();
    const evaluation = evaluateSignals(signals, recorded, options);
    try {
      await writeSignalEvaluation(client, shop, evaluation, now);
      return { ...evaluation, customers: signals.length };
    } catch (error) {
      if ((error as { code?: string }).code !== "P2002" || attempt >= 3) throw error;
    }
  }
}

/** Every customer of the shop (after a full recompute, and daily). */
export async function evaluateFlowTriggers(client: Db, shop: ShopRef, options: { now: Date }): Promise<FlowEvaluationOutcome> {
  const context = await evaluationContext(client, shop);
  const outcome: FlowEvaluationOutcome = { customers: 0, events: 0, states: 0, baseline: context.options.baseline };
  let after: bigint | null = null;
  for (;;) {
    const cursor: { from: bigint | null; last: bigint | null } = { from: after, last: null };
    const page = await evaluatePage(
      client,
      shop,
      async () => {
        const read = await readSignalPage(client, shop, cursor.from, PAGE);
        cursor.last = read.last;
        return read;
      },
      context.options,
      options.now,
    );
    outcome.customers += page.customers;
    outcome.events += page.events.length;
    outcome.states += page.states.length;
    if (cursor.last === null) break;
    after = cursor.last;
  }
  return outcome;
}

/**
 * The given customers only: what app/analytics/incremental.server calls after re-scoring the customers a webhook
 * touched (their metrics are written by then).
 */
export async function evaluateFlowTriggersFor(
  client: Db,
  shop: ShopRef,
  customerIds: readonly bigint[],
  options: { now: Date },
): Promise<FlowEvaluationOutcome> {
  const context = await evaluationContext(client, shop);
  const outcome: FlowEvaluationOutcome = { customers: 0, events: 0, states: 0, baseline: context.options.baseline };
  for (let start = 0; start < customerIds.length; start += PAGE) {
    const ids = customerIds.slice(start, start + PAGE);
    const page = await evaluatePage(client, shop, () => readSignalsOf(client, shop, ids), context.options, options.now);
    outcome.customers += page.customers;
    outcome.events += page.events.length;
    outcome.states += page.states.length;
  }
  return outcome;
}
