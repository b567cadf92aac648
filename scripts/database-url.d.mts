export const projectRoot: string;
export function databaseUrl(env?: NodeJS.ProcessEnv): string;
export function databaseProvider(url: string): "sqlite" | "postgresql";
export function schemaPaths(url: string): { schema: string; migrations: string };
