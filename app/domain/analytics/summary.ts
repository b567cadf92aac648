/**
 * The shop-level figures of one recompute, stored as JSON in AnalyticsResult.summary and read by the
 * dashboard. The zod schema is the contract: the job validates what it writes, the UI parses what it reads
 * (an older or damaged document fails loudly instead of rendering nonsense).
 *
 * Conventions
 * - Money is integer minor units of `currency` (JPY: yen, USD: cents); fields end in `Minor`.
 * - Shopify ids (customers, products) are decimal strings: they do not fit a JSON number.
 * - Months are "YYYY-MM" and dates "YYYY-MM-DD" in the shop's time zone (`timezone`).
 * - Churn risk is 1 − P(alive): the model's probability that the customer has stopped buying. It is not
 *   stored separately; CustomerMetrics.pAlive holds P(alive).
 */
import { z } from "zod";
import { loyalRuleSchema } from "../loyalty/rule";
import { RFM_SEGMENT_KEYS } from "../rfm/segments";

export const ANALYTICS_SUMMARY_VERSION = 1;

const count = z.number().int().nonnegative();
const minor = z.number().int();
const share = z.number().min(0).max(1);

const segmentKeySchema = z.enum(RFM_SEGMENT_KEYS);
/** A segment or "none" (no order yet, or not present at the other recompute). */
const movementKeySchema = z.enum([...RFM_SEGMENT_KEYS, "none"]);

const productRefSchema = z.object({
  /** Shopify product id as a decimal string. */
  id: z.string(),
  title: z.string(),
});

const modelStatusSchema = z.discriminatedUnion("status", [
  z.object({
    status: z.literal("fitted"),
    kind: z.literal("bgnbd_gamma_gamma"),
    /** Customers the BG/NBD model was fitted on (everyone with an order). */
    customers: count,
    /** Customers with a repeat purchase, the Gamma-Gamma rows. */
    repeatCustomers: count,
  }),
  z.object({
    status: z.literal("insufficient_data"),
    kind: z.literal("historic_rate"),
    /** Machine key the UI translates (too_few_customers, too_few_repeat_customers, …) and an English message. */
    reason: z.object({ key: z.string(), message: z.string() }),
    customers: count,
    repeatCustomers: count,
  }),
]);

export const analyticsSummarySchema = z.object({
  version: z.literal(ANALYTICS_SUMMARY_VERSION),
  /** The instant the data was read (ISO 8601, UTC); recency and T are counted to the shop-local day of it. */
  asOf: z.string(),
  asOfDate: z.string(),
  currency: z.string(),
  timezone: z.string(),
  /** What counts as a purchase, in words, for the dashboard's footnote. */
  definitions: z.object({
    purchases: z.string(),
    churnRisk: z.string(),
  }),

  kpis: z.object({
    /** Customers Kizuna holds (deleted ones excluded), buyers or not. */
    customers: count,
    /** Customers with at least one purchase. */
    buyers: count,
    orders: count,
    netRevenueMinor: minor,
    /** Buyers with two or more purchases / buyers. */
    repeatPurchaseRate: share,
    /** Mean net spend per buyer (historic LTV). */
    averageHistoricLtvMinor: minor,
    medianHistoricLtvMinor: minor,
    /** Mean predicted discounted 12-month CLV per buyer. */
    averagePredictedClv12mMinor: minor,
    /** Net revenue / orders. */
    averageOrderValueMinor: minor,
    /** Orders per buyer. */
    ordersPerCustomer: z.number().nonnegative(),
    /** First → second purchase within `windowDays`, among buyers whose first purchase is at least that old. */
    f2Conversion: z.object({ windowDays: count, eligibleCustomers: count, converted: count, rate: share }),
    medianDaysToSecondOrder: z.number().nullable(),
    /** Share of net revenue from the top 10 % of buyers. */
    top10PercentRevenueShare: share,
    /** Σ P(alive) over buyers: how many are expected to still be customers. */
    expectedActiveCustomers: z.number().nonnegative(),
    /** Buyers with churn risk (1 − P(alive)) ≥ 0.5. */
    likelyChurnedCustomers: count,
  }),

  /** Revenue expected from the existing customers (new customers not included), by calendar month. */
  forecast: z.object({
    months: z.array(
      z.object({
        /** "YYYY-MM": 1 = the month window starting at asOf (30.44-day months). */
        monthOffset: z.number().int().positive(),
        month: z.string(),
        expectedPurchases: z.number().nonnegative(),
        expectedRevenueMinor: minor,
      }),
    ),
    expectedPurchases: z.number().nonnegative(),
    expectedRevenueMinor: minor,
  }),

  /** Segment sizes (every key, zero-size included) plus customers without a purchase. */
  segments: z.object({
    sizes: z.array(
      z.object({
        segment: segmentKeySchema,
        customers: count,
        /** Historic net spend of the segment's customers. */
        netRevenueMinor: minor,
        predictedClv12mMinor: minor,
        /** customers / buyers. */
        share: share,
        /** Change in size since the previous recompute (null on the first). */
        change: z.number().int().nullable(),
      }),
    ),
    customersWithoutOrders: count,
    /** Movement matrix since the previous recompute: counts[from][to], indexes into keys; null on the first. */
    movement: z
      .object({
        previousResultId: z.number().int(),
        previousComputedAt: z.string(),
        keys: z.array(movementKeySchema),
        counts: z.array(z.array(count)),
        /** Customers whose segment changed (the rows written to SegmentChange). */
        changed: count,
      })
      .nullable(),
  }),

  /** R × F grid: customers[r − 1][f − 1] and their net spend, with the thresholds behind the scores. */
  rfmGrid: z.object({
    customers: z.array(z.array(count)),
    netRevenueMinor: z.array(z.array(minor)),
    method: z.enum(["quintiles", "fixed"]),
    /** per metric: quintiles, balanced breaks (ties left quintile scores empty) or fixed; absent in older results */
    rules: z
      .object({
        recency: z.enum(["quintiles", "balanced", "fixed"]),
        frequency: z.enum(["quintiles", "balanced", "fixed"]),
        monetary: z.enum(["quintiles", "balanced", "fixed"]),
      })
      .optional(),
    thresholds: z.object({
      recencyDays: z.array(z.number().nullable()),
      frequency: z.array(z.number().nullable()),
      monetaryMinor: z.array(z.number().nullable()),
    }),
  }),

  /**
   * Buyers per lifetime-value band. Band i is [edgesMinor[i], edgesMinor[i + 1]); the last band is open.
   * Edges are round numbers of the shop currency around its average order value.
   */
  ltvDistribution: z.object({
    edgesMinor: z.array(minor),
    historic: z.array(count),
    predicted12m: z.array(count),
  }),

  /** Monthly first-purchase cohorts (the latest 24 at most), oldest first. */
  cohorts: z.object({
    cohorts: z.array(
      z.object({
        month: z.string(),
        customers: count,
        /** retention[k]: share of the cohort buying again in month k after the first (k = 0: same month). */
        retention: z.array(share),
        returningCustomers: z.array(count),
        revenueMinor: z.array(minor),
        /** The month k still in progress on the as-of day, or null (summaries stored before it read as null). */
        inProgressMonth: z.number().int().nonnegative().nullable().default(null),
      }),
    ),
    /** Cohorts older than the 24 shown. */
    omittedCohorts: count,
    /** Days from the first to the second purchase; the last bucket is open (toDay null). */
    daysToSecondOrder: z.array(z.object({ fromDay: count, toDay: count.nullable(), customers: count })),
  }),

  loyalty: z.object({
    rule: loyalRuleSchema,
    loyalCustomers: count,
    /** loyalCustomers / buyers. */
    loyalShare: share,
    /** Trait values most over-represented among loyal customers, highest lift first (top 20). */
    topTraits: z.array(
      z.object({
        trait: z.string(),
        value: z.string(),
        /** Product title when the trait is first_product. */
        label: z.string().nullable(),
        loyalCount: count,
        otherCount: count,
        shareOfLoyal: share,
        shareOfAll: share,
        lift: z.number().nonnegative(),
      }),
    ),
    /** Customers flagged as future-loyal candidates (CustomerMetrics.futureLoyalScore not null). */
    candidates: count,
    candidateMinPAlive: share,
  }),

  /** Frequently bought together, from the line items of the purchases. */
  associations: z.object({
    baskets: count,
    /** Best pairs by lift among those bought together at least `minBaskets` times (top 20). */
    topPairs: z.array(
      z.object({
        a: productRefSchema,
        b: productRefSchema,
        baskets: count,
        support: share,
        /** P(b | a) and P(a | b). */
        confidenceAB: share,
        confidenceBA: share,
        lift: z.number().nonnegative(),
      }),
    ),
    /** For the most bought products (top 20): what else their buyers take, best first (top 5). */
    suggestions: z.array(
      z.object({
        product: productRefSchema,
        baskets: count,
        alsoBought: z.array(z.object({ product: productRefSchema, confidence: share, lift: z.number().nonnegative() })),
      }),
    ),
    minBaskets: count,
  }),

  model: modelStatusSchema,
});

export type AnalyticsSummary = z.infer<typeof analyticsSummarySchema>;

/** JSON in AnalyticsResult.model: what was fitted (or why not) and the fallback used instead. */
const analyticsModelSchema = z.object({
  status: z.enum(["fitted", "insufficient_data"]),
  period: z.literal("day"),
  monthlyDiscountRate: z.number(),
  reason: z.object({ key: z.string(), message: z.string() }).nullable(),
  bgnbd: z
    .object({
      params: z.object({ r: z.number(), alpha: z.number(), a: z.number(), b: z.number() }),
      logLikelihood: z.number(),
      converged: z.boolean(),
      iterations: z.number(),
      customers: z.number(),
      distinctRows: z.number(),
    })
    .nullable(),
  gammaGamma: z
    .object({
      params: z.object({ p: z.number(), q: z.number(), v: z.number() }),
      logLikelihood: z.number(),
      converged: z.boolean(),
      iterations: z.number(),
      customers: z.number(),
    })
    .nullable(),
  /** The historic-rate model used when status is insufficient_data. */
  fallback: z
    .object({
      kind: z.literal("historic_rate"),
      period: z.literal("day"),
      shopRepeatRate: z.number(),
      priorPeriods: z.number(),
      monthlyRetention: z.number(),
      shopAverageOrderValue: z.number(),
    })
    .nullable(),
});

export type AnalyticsModel = z.infer<typeof analyticsModelSchema>;

/** Parses a stored summary; throws a readable error naming the first bad field. */
export function parseAnalyticsSummary(json: string): AnalyticsSummary {
  const result = analyticsSummarySchema.safeParse(JSON.parse(json));
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new Error(`Stored analytics summary is invalid at ${issue.path.join(".") || "(root)"}: ${issue.message}`);
  }
  return result.data;
}
