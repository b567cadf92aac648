/**
 * The customer list's sort orders and P(alive) bands. Shared by the data access (server) and the page
 * (browser): constants a component renders must not live in a .server module, which the browser build empties.
 */
export const CUSTOMER_SORTS = ["last_order", "historic_ltv", "predicted_clv"] as const;
export type CustomerSort = (typeof CUSTOMER_SORTS)[number];

export const P_ALIVE_BANDS = ["high", "medium", "low"] as const;
export type PAliveBand = (typeof P_ALIVE_BANDS)[number];
