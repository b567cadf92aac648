/**
 * Kizuna's Shopify Flow triggers: one extension per trigger (extensions/kizuna-flow-<name>/shopify.extension.toml),
 * each declaring the fields its payload carries. This table is the app's side of that declaration: the payload
 * builders below write exactly these keys, and tests/flow checks the TOML files declare the same fields.
 * Flow's custom field types used here: single_line_text_field, number_decimal; a customer_reference field is
 * sent as `customer_id` (the numeric customer id). Decision 026.
 */
import { currencyDecimals } from "../money";

export type FlowFieldType = "customer_reference" | "single_line_text_field" | "number_decimal";

export interface FlowField {
  /** payload key ("customer_id" for the customer reference) */
  key: string;
  type: FlowFieldType;
  description: string;
}

export const FLOW_TRIGGER_KINDS = [
  "segment-changed",
  "future-loyal",
  "churn-risk",
  "tier-changed",
  "points-expiring",
  "journey-step",
] as const;
export type FlowTriggerKind = (typeof FLOW_TRIGGER_KINDS)[number];

const CUSTOMER: FlowField = { key: "customer_id", type: "customer_reference", description: "The customer" };

/** Kizuna's view of the customer, carried by every trigger. */
export const COMMON_FIELDS: FlowField[] = [
  CUSTOMER,
  { key: "Segment", type: "single_line_text_field", description: "Kizuna RFM segment key, e.g. champions" },
  {
    key: "Predicted CLV",
    type: "number_decimal",
    description: "Predicted 12-month customer lifetime value in the shop currency (0 until a model is fitted)",
  },
  {
    key: "Probability alive",
    type: "number_decimal",
    description: "P(alive), 0 to 1: how likely the customer is still active (0 until a model is fitted)",
  },
  { key: "Points balance", type: "number_decimal", description: "Kizuna points balance" },
  { key: "Member tier", type: "single_line_text_field", description: "Member tier id (empty for none)" },
];

const text = (key: string, description: string): FlowField => ({ key, type: "single_line_text_field", description });
const decimal = (key: string, description: string): FlowField => ({ key, type: "number_decimal", description });

export interface FlowTriggerDefinition {
  kind: FlowTriggerKind;
  /** the extension handle (at most 30 characters, letters, digits and hyphens) */
  handle: string;
  /** the extension folder under extensions/ */
  folder: string;
  /** the merchant-facing name in the Flow editor (object + past tense verb) */
  name: string;
  fields: FlowField[];
}

const definition = (kind: FlowTriggerKind, name: string, extra: FlowField[]): FlowTriggerDefinition => ({
  kind,
  handle: `kizuna-${kind}`,
  folder: `kizuna-flow-${kind}`,
  name,
  fields: [...COMMON_FIELDS, ...extra],
});

export const FLOW_TRIGGERS: Record<FlowTriggerKind, FlowTriggerDefinition> = {
  "segment-changed": definition("segment-changed", "Kizuna segment changed", [
    text("Previous segment", "The segment the customer left"),
  ]),
  "future-loyal": definition("future-loyal", "Kizuna future loyal candidate found", [
    decimal("Future loyal score", "Ranking score of the candidate (higher is closer to loyal)"),
  ]),
  "churn-risk": definition("churn-risk", "Kizuna churn risk crossed", [
    decimal("Churn risk", "1 minus P(alive), 0 to 1"),
    decimal("Churn risk threshold", "The shop's threshold the risk reached"),
  ]),
  "tier-changed": definition("tier-changed", "Kizuna member tier changed", [
    text("Previous tier", "The tier id before the change"),
  ]),
  "points-expiring": definition("points-expiring", "Kizuna points expiring soon", [
    decimal("Points expiring", "Points that expire"),
    text("Expires on", "The expiry date (YYYY-MM-DD, UTC)"),
    decimal("Days left", "Whole days until the points expire"),
  ]),
  "journey-step": definition("journey-step", "Kizuna journey step reached", [
    decimal("Journey ID", "The Kizuna journey id"),
    text("Journey", "The journey's name"),
    decimal("Step", "The step's position in the journey (1 is the first)"),
  ]),
};

export function flowTriggerByHandle(handle: string): FlowTriggerDefinition | undefined {
  return Object.values(FLOW_TRIGGERS).find((trigger) => trigger.handle === handle);
}

/** What every payload is built from: the customer's current signals. */
export interface CustomerSignals {
  customerId: bigint;
  segment: string | null;
  pAlive: number | null;
  predictedClv12mMinor: number | null;
  futureLoyalScore: number | null;
  pointsBalance: number;
  tier: string | null;
}

export type FlowPayload = Record<string, string | number>;

/** Minor units to a decimal in the currency's major unit (JPY 1200 → 1200; USD 1234 → 12.34). */
export function minorToDecimal(minor: number, currency: string): number {
  const decimals = currencyDecimals(currency);
  return Number((minor / 10 ** decimals).toFixed(decimals));
}

const round = (value: number, digits = 4) => Number(value.toFixed(digits));

export function commonPayload(signals: CustomerSignals, currency: string): FlowPayload {
  return {
    customer_id: Number(signals.customerId),
    Segment: signals.segment ?? "",
    "Predicted CLV": minorToDecimal(signals.predictedClv12mMinor ?? 0, currency),
    "Probability alive": round(signals.pAlive ?? 0),
    "Points balance": signals.pointsBalance,
    "Member tier": signals.tier ?? "",
  };
}

/** The payload of `kind`: the common fields plus the trigger's own (keys as declared above). */
export function flowPayload(
  kind: FlowTriggerKind,
  signals: CustomerSignals,
  currency: string,
  extra: Record<string, string | number>,
): FlowPayload {
  const payload: FlowPayload = { ...commonPayload(signals, currency) };
  for (const field of FLOW_TRIGGERS[kind].fields) {
    if (field.key in payload) continue;
    const value = extra[field.key];
    if (value === undefined) throw new Error(`Flow trigger ${kind}: no value for field "${field.key}"`);
    payload[field.key] = typeof value === "number" ? round(value) : value;
  }
  return payload;
}
