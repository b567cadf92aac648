export const projectRoot: string;
export function databaseUrl(env?: Record<string, string | undefined>): string;
export function databaseProvider(url: string): "sqlite" | "postgresql";
export function schemaPaths(url: string): { schema: string; migrations: string };
