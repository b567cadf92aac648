/**
 * What a journey achieved, per step and overall, against its hold-out (the shape the report page shows;
 * computed by journeyResults in app/journeys/results.server.ts).
 *
 * Definitions:
 * - A step's "messages" are its outbox rows: treated rows end `sent`, `rejected`, `bounced`, `suppressed` or
 *   `failed`; hold-out rows are written `held-out` at the moment the message would have been sent.
 * - Converted (per step): the customer ordered within `attributionDays` after that message's send time (hold-out:
 *   after the would-be send time). Revenue: those orders' net revenue (total − refunds), minor units.
 * - Overall lift: per entry, the revenue from entering until `attributionDays` after its last message (or now),
 *   treated vs hold-out, with campaignLift (Welch, 95% interval).
 * - F2 conversion (first-order journeys): share of entries whose customer placed another order after the
 *   entering order within the window, treated vs hold-out.
 */
import type { CampaignLift } from "../campaign-lift";

export interface JourneyStepResult {
  stepIndex: number;
  /** the step's kind and message template (send steps only report messages) */
  kind: string;
  templateKey: string | null;
  /** entries that reached this step (their stepIndex passed it, or a message row exists) */
  reached: number;
  sent: number;
  rejected: number;
  bounced: number;
  suppressed: number;
  heldOut: number;
  clicked: number;
  unsubscribed: number;
  /** treated customers who ordered within the attribution window after this message */
  converted: number;
  revenueMinor: number;
  /** hold-out customers who ordered within the window after the would-be send */
  heldOutConverted: number;
  heldOutRevenueMinor: number;
}

export interface JourneyRateComparison {
  treated: { customers: number; converted: number; rate: number };
  holdout: { customers: number; converted: number; rate: number };
  /** treated rate − hold-out rate with a 95% (Wald) interval; null when a group is empty */
  difference: { value: number; low: number; high: number } | null;
}

export interface JourneyResults {
  journeyId: number;
  /** ISO instant the figures were computed at */
  asOf: string;
  attributionDays: number;
  entered: { treated: number; holdout: number };
  /** entries still in progress / converted / completed / exited */
  states: { active: number; converted: number; completed: number; exited: number };
  steps: JourneyStepResult[];
  /** revenue lift per entry, treated vs hold-out (campaignLift) */
  lift: CampaignLift;
  /** first_order journeys only: second-order rate, treated vs hold-out; null for other triggers */
  f2: JourneyRateComparison | null;
}

/** Difference of two proportions with a normal-approximation 95% interval. */
export function compareRates(
  treated: { customers: number; converted: number },
  holdout: { customers: number; converted: number },
): JourneyRateComparison {
  const rate = (g: { customers: number; converted: number }) => (g.customers ? g.converted / g.customers : 0);
  const pt = rate(treated);
  const ph = rate(holdout);
  let difference: JourneyRateComparison["difference"] = null;
  if (treated.customers > 0 && holdout.customers > 0) {
    const se = Math.sqrt((pt * (1 - pt)) / treated.customers + (ph * (1 - ph)) / holdout.customers);
    const value = pt - ph;
    difference = { value, low: value - 1.959964 * se, high: value + 1.959964 * se };
  }
  return {
    treated: { ...treated, rate: pt },
    holdout: { ...holdout, rate: ph },
    difference,
  };
}
