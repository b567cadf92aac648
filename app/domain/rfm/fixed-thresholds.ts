import type { RfmScoringConfig } from "./scoring";

/**
 * Fixed thresholds suggested to small shops: F 1 / 2 / 3–4 / 5–9 / 10+. Monetary assumes a 2-decimal currency.
 * In a module of its own, without zod, so the settings page can show them without shipping zod to the browser.
 */
export const DEFAULT_FIXED_THRESHOLDS = {
  method: "fixed",
  recencyDays: [30, 90, 180, 365],
  frequency: [2, 3, 5, 10],
  monetary: [5_000, 10_000, 25_000, 50_000],
} as const satisfies RfmScoringConfig;
