export * from "./bgnbd";
export * from "./fit-clv";
export * from "./gamma-gamma";
export * from "./optimiser";
export * from "./predict";
export * from "./summary";
