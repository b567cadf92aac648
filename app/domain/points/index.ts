export * from "./decisions";
export * from "./ledger";
export * from "./liability";
export * from "./member-update";
export * from "./order-events";
export * from "./settings";
export * from "./tiers";
export * from "./message";
