export * from "./decisions.ts";
export * from "./ledger.ts";
export * from "./liability.ts";
export * from "./member-update";
export * from "./order-events";
export * from "./settings.ts";
export * from "./tiers.ts";
