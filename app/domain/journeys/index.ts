export * from "./definition";
export * from "./results";
export * from "./rules";
export * from "./schedule";
export * from "./templates";
export * from "./recommendation";
export * from "./tier-trigger";
