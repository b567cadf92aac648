import { z } from "zod";
import { databaseProvider, databaseUrl } from "./db/database-url.mjs";

/**
 * Every setting Kizuna reads from the environment, validated once. Production is configured by these
 * variables only; a missing or malformed one stops start-up with a message naming it (see README).
 */
const requiredString = (message: string) => z.string({ error: message }).min(1, message);

const EnvSchema = z.object({
  SHOPIFY_API_KEY: requiredString("is required (the app's client id from the Partner Dashboard)"),
  SHOPIFY_API_SECRET: requiredString("is required (the app's client secret)"),
  SHOPIFY_APP_URL: z.url({ error: "is required: the public https URL the app is served on" }),
  SCOPES: z
    .string()
    .default("read_customers,write_customers,read_orders,read_all_orders,read_products,read_discounts,write_discounts"),
  DATABASE_URL: z
    .string()
    .optional()
    .refine((url) => url === undefined || url === "" || /^(file:|postgres(ql)?:\/\/)/.test(url), {
      message: "must start with file: (SQLite) or postgres:// (PostgreSQL)",
    }),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  HOST: z.string().default("0.0.0.0"),
  /** The local Shopify emulator's origin, e.g. http://127.0.0.1:4010: Admin API calls go there instead of https://{shop}. */
  SHOPIFY_ADMIN_ORIGIN: z.url("must be an http(s) origin such as http://127.0.0.1:4010").optional(),
  /** embedded: run the background worker inside the web process (default); off: run `kizuna worker` separately */
  KIZUNA_WORKER: z.enum(["embedded", "off"]).default("embedded"),
  SHOP_CUSTOM_DOMAIN: z.string().optional(),
  /** Largest webhook body accepted, in bytes (decision 007): 4 MiB, about three times a 500-line order. */
  KIZUNA_WEBHOOK_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(65_536, "must be at least 65536 bytes")
    .default(4 * 1024 * 1024),
});

export type AppConfig = z.infer<typeof EnvSchema> & {
  databaseUrl: string;
  databaseProvider: "sqlite" | "postgresql";
  scopes: string[];
};

export class ConfigError extends Error {
  override name = "ConfigError";
}

export function parseConfig(env: Record<string, string | undefined>): AppConfig {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join(".")} ${issue.message}`);
    throw new ConfigError(
      `Kizuna cannot start: fix these environment variables (see README, Configuration):\n${lines.join("\n")}`,
    );
  }
  const url = databaseUrl(env);
  return {
    ...parsed.data,
    databaseUrl: url,
    databaseProvider: databaseProvider(url),
    scopes: parsed.data.SCOPES.split(",")
      .map((scope) => scope.trim())
      .filter(Boolean),
  };
}

let cached: AppConfig | undefined;

/** The process's configuration, parsed on first use. */
export function config(): AppConfig {
  cached ??= parseConfig(process.env);
  return cached;
}
