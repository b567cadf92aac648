/**
 * The merchant's definition of a "loyal" customer: a few conditions combined with AND ("all") or OR
 * ("any"). The zod schema is what the settings form validates against and what is stored.
 */
import { z } from "zod";
import type { CustomerHistory } from "../ltv";

export const loyalConditionSchema = z.discriminatedUnion("kind", [
  /** At least N orders. */
  z.object({ kind: z.literal("min_orders"), orders: z.number().int().min(1) }),
  /** Net spend (after refunds) of at least X minor units. */
  z.object({ kind: z.literal("min_net_spend"), amount: z.number().int().min(0) }),
  /** First order at least Y years ago. */
  z.object({ kind: z.literal("min_customer_years"), years: z.number().positive().max(100) }),
  /** Last order at most Z days ago. */
  z.object({ kind: z.literal("max_recency_days"), days: z.number().int().min(0) }),
]);

export const loyalRuleSchema = z.object({
  match: z.enum(["all", "any"]),
  conditions: z.array(loyalConditionSchema).min(1, { message: "Add at least one condition" }).max(8),
});

export type LoyalCondition = z.infer<typeof loyalConditionSchema>;
export type LoyalRule = z.infer<typeof loyalRuleSchema>;

const DAYS_PER_YEAR = 365.2425;

/** 1 for customers the rule calls loyal, 0 otherwise (always 0 without orders). */
export function evaluateLoyalRule(rule: LoyalRule, history: CustomerHistory, asOfDay: number): Uint8Array {
  const n = history.customerCount;
  const loyal = new Uint8Array(n);
  const all = rule.match === "all";
  for (let c = 0; c < n; c++) {
    if (history.orders[c] === 0) continue;
    let result = all;
    for (const condition of rule.conditions) {
      const met = meets(condition, history, c, asOfDay);
      if (all ? !met : met) {
        result = !all;
        break;
      }
    }
    loyal[c] = result ? 1 : 0;
  }
  return loyal;
}

function meets(condition: LoyalCondition, history: CustomerHistory, c: number, asOfDay: number): boolean {
  switch (condition.kind) {
    case "min_orders":
      return history.orders[c] >= condition.orders;
    case "min_net_spend":
      return history.netSpend[c] >= condition.amount;
    case "min_customer_years":
      return asOfDay - history.firstOrderDay[c] >= condition.years * DAYS_PER_YEAR;
    case "max_recency_days":
      return asOfDay - history.lastOrderDay[c] <= condition.days;
  }
}
