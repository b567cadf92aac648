/**
 * Seed options, their defaults, and the per-currency shop profile (money digits, tax convention, shipping).
 */

export interface SeedOptions {
  seed: number; // same seed + options => byte-identical store
  customers: number; // 100 … 1_000_000
  currency?: string; // default "JPY"; JPY, USD, EUR, GBP
  shopDomain?: string; // default "kizuna-demo.myshopify.com"
  accessToken?: string; // default "shpat_emulator_demo_token"
  now?: number; // epoch ms of the store's "now"; default 2026-11-01T00:00:00Z
  years?: number; // history length, default 3
  locale?: "ja" | "en"; // primary locale; default "ja" when currency is JPY else "en"
  truth?: Partial<{ r: number; alpha: number; a: number; b: number; p: number; q: number; v: number }>;
}

export interface CurrencyProfile {
  code: string;
  /** minor-unit digits: JPY 0, others 2 */
  digits: number;
  /** yen per major unit, to convert the yen catalog */
  yenPerUnit: number;
  /** target average order value in major units; sets the default Gamma-Gamma v */
  averageOrderValue: number;
  /** prices include tax (Japan, EU, UK) or tax is added at checkout (US) */
  taxesIncluded: boolean;
  standardTaxRate: number;
  /** food rate: Japan's reduced 8%, Germany's 7%, UK zero-rated food, US grocery exemption */
  foodTaxRate: number;
  shippingFee: number; // minor units
  remoteShippingFee: number; // minor units (Japan: Hokkaido, Okinawa)
  freeShippingFrom: number; // minor units of subtotal
  vipDiscount: number; // minor units off with the VIP code
  country: "JP" | "US" | "GB" | "DE";
  countryName: string;
  ianaTimezone: string;
  /** fixed offset used for campaign dates (daylight saving ignored) */
  utcOffsetHours: number;
}

export const CURRENCY_PROFILES: Record<string, CurrencyProfile> = {
  JPY: {
    code: "JPY",
    digits: 0,
    yenPerUnit: 1,
    averageOrderValue: 6000,
    taxesIncluded: true,
    standardTaxRate: 0.1,
    foodTaxRate: 0.08,
    shippingFee: 600,
    remoteShippingFee: 1200,
    freeShippingFrom: 5000,
    vipDiscount: 500,
    country: "JP",
    countryName: "Japan",
    ianaTimezone: "Asia/Tokyo",
    utcOffsetHours: 9,
  },
  USD: {
    code: "USD",
    digits: 2,
    yenPerUnit: 150,
    averageOrderValue: 45,
    taxesIncluded: false,
    standardTaxRate: 0.08,
    foodTaxRate: 0,
    shippingFee: 799,
    remoteShippingFee: 799,
    freeShippingFrom: 5000,
    vipDiscount: 500,
    country: "US",
    countryName: "United States",
    ianaTimezone: "America/New_York",
    utcOffsetHours: -5,
  },
  EUR: {
    code: "EUR",
    digits: 2,
    yenPerUnit: 160,
    averageOrderValue: 42,
    taxesIncluded: true,
    standardTaxRate: 0.19,
    foodTaxRate: 0.07,
    shippingFee: 490,
    remoteShippingFee: 490,
    freeShippingFrom: 4900,
    vipDiscount: 500,
    country: "DE",
    countryName: "Germany",
    ianaTimezone: "Europe/Berlin",
    utcOffsetHours: 1,
  },
  GBP: {
    code: "GBP",
    digits: 2,
    yenPerUnit: 190,
    averageOrderValue: 36,
    taxesIncluded: true,
    standardTaxRate: 0.2,
    foodTaxRate: 0,
    shippingFee: 395,
    remoteShippingFee: 395,
    freeShippingFrom: 4000,
    vipDiscount: 500,
    country: "GB",
    countryName: "United Kingdom",
    ianaTimezone: "Europe/London",
    utcOffsetHours: 0,
  },
};

export const DEFAULT_NOW = Date.UTC(2026, 10, 1); // 2026-11-01T00:00:00Z
export const DAY_MS = 86_400_000;

/**
 * Default true process parameters (daily units). Mean λ = r/α ≈ 0.011 purchases/day (about 4 a year) while
 * alive; mean dropout p = a/(a+b) ≈ 0.24. With acquisitions growing over 3 years this gives ≈ 3.6 orders
 * per buying customer (≈ 3.3 over all customers, zero-order accounts included).
 */
export const DEFAULT_BGNBD = { r: 0.9, alpha: 80, a: 0.8, b: 2.5 };
export const DEFAULT_GAMMA_GAMMA = { p: 6, q: 4 };

export interface ResolvedOptions {
  seed: number;
  customers: number;
  currency: CurrencyProfile;
  shopDomain: string;
  accessToken: string;
  now: number;
  years: number;
  startsAt: number;
  locale: "ja" | "en";
  bgnbd: { r: number; alpha: number; a: number; b: number };
  /** Gamma-Gamma in major units of the currency */
  gammaGamma: { p: number; q: number; v: number };
}

function requirePositive(name: string, value: number): void {
  if (!(Number.isFinite(value) && value > 0)) {
    throw new Error(`Seed option truth.${name} must be a positive number, got ${value}.`);
  }
}

export function resolveOptions(options: SeedOptions): ResolvedOptions {
  if (!Number.isSafeInteger(options.seed)) {
    throw new Error(`Seed option "seed" must be a safe integer, got ${options.seed}.`);
  }
  if (!Number.isSafeInteger(options.customers) || options.customers < 0 || options.customers > 10_000_000) {
    throw new Error(`Seed option "customers" must be an integer from 0 to 10,000,000, got ${options.customers}.`);
  }
  const code = (options.currency ?? "JPY").toUpperCase();
  const currency = CURRENCY_PROFILES[code];
  if (!currency) {
    throw new Error(`Unsupported seed currency "${options.currency}": use one of ${Object.keys(CURRENCY_PROFILES).join(", ")}.`);
  }
  const now = options.now ?? DEFAULT_NOW;
  const years = options.years ?? 3;
  if (!Number.isFinite(now) || !(years > 0 && years <= 30)) {
    throw new Error(`Seed options "now" must be epoch ms and "years" between 0 and 30 (got now=${now}, years=${years}).`);
  }
  const start = new Date(now);
  start.setUTCFullYear(start.getUTCFullYear() - Math.floor(years));
  const startsAt = start.getTime() - Math.round((years - Math.floor(years)) * 365 * DAY_MS);

  const truth = options.truth ?? {};
  const bgnbd = {
    r: truth.r ?? DEFAULT_BGNBD.r,
    alpha: truth.alpha ?? DEFAULT_BGNBD.alpha,
    a: truth.a ?? DEFAULT_BGNBD.a,
    b: truth.b ?? DEFAULT_BGNBD.b,
  };
  const p = truth.p ?? DEFAULT_GAMMA_GAMMA.p;
  const q = truth.q ?? DEFAULT_GAMMA_GAMMA.q;
  // E[order value] = p·v/(q−1) for q > 1, so v is tuned to the currency's target average order value
  const v = truth.v ?? (currency.averageOrderValue * Math.max(q - 1, 0.5)) / p;
  for (const [name, value] of Object.entries({ ...bgnbd, p, q, v })) requirePositive(name, value);

  return {
    seed: options.seed,
    customers: options.customers,
    currency,
    shopDomain: options.shopDomain ?? "kizuna-demo.myshopify.com",
    accessToken: options.accessToken ?? "shpat_emulator_demo_token",
    now,
    years,
    startsAt,
    locale: options.locale ?? (code === "JPY" ? "ja" : "en"),
    bgnbd,
    gammaGamma: { p, q, v },
  };
}

/** Major units (float) to integer minor units. */
export function toMinor(currency: CurrencyProfile, major: number): number {
  return Math.round(major * 10 ** currency.digits);
}
