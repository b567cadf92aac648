export * from "./decisions.ts";
export * from "./ledger.ts";
export * from "./liability.ts";
export * from "./settings.ts";
export * from "./tiers.ts";
