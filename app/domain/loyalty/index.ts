export * from "./candidates";
export * from "./rule";
export * from "./traits";
