/** The kinds of condition a loyal-customer rule is made of (the rule's schema is in rule.ts). Without zod: the page uses it. */
export const LOYAL_CONDITION_KINDS = ["min_orders", "min_net_spend", "min_customer_years", "max_recency_days"] as const;
