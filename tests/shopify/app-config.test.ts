import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseConfig } from "../../app/config.server";
import { WEBHOOK_TOPICS } from "../../app/sync/webhook-payloads";
import { projectRoot } from "../../app/db/database-url.mjs";

const toml = readFileSync(path.join(projectRoot, "shopify.app.toml"), "utf8");

describe("shopify.app.toml", () => {
  it("subscribes every topic the app handles, each to its own route", () => {
    const subscriptions = [...toml.matchAll(/(?:compliance_)?topics = \["([^"]+)"\]\s*\n\s*uri = "([^"]+)"/g)].map(
      ([, topic, uri]) => ({
        topic,
        uri,
      }),
    );
    expect(subscriptions.map((s) => s.topic).sort()).toEqual([...WEBHOOK_TOPICS].sort());
    for (const { topic, uri } of subscriptions) {
      expect(uri).toBe(`/webhooks/${topic}`);
      expect(existsSync(path.join(projectRoot, `app/routes/webhooks.${topic.replaceAll("/", ".")}.tsx`))).toBe(true);
    }
    for (const topic of ["customers/data_request", "customers/redact", "shop/redact"]) {
      expect(toml).toContain(`compliance_topics = ["${topic}"]`);
    }
  });

  it("asks for the scopes the app is configured with by default", () => {
    const scopes = /scopes = "([^"]+)"/.exec(toml)?.[1];
    const config = parseConfig({ SHOPIFY_API_KEY: "k", SHOPIFY_API_SECRET: "s", SHOPIFY_APP_URL: "https://x.test" });
    expect(scopes?.split(",")).toEqual(config.scopes);
    expect(config.scopes).toContain("read_all_orders");
  });
});

describe("configuration from the environment", () => {
  it("names every missing or malformed variable", () => {
    expect(() => parseConfig({ SHOPIFY_APP_URL: "not a url", PORT: "http", DATABASE_URL: "mysql://x" })).toThrow(
      /SHOPIFY_API_KEY is required[\s\S]*SHOPIFY_API_SECRET is required[\s\S]*SHOPIFY_APP_URL[\s\S]*DATABASE_URL must start with file:/,
    );
  });

  it("chooses SQLite by default and PostgreSQL for a postgres:// URL", () => {
    const base = { SHOPIFY_API_KEY: "k", SHOPIFY_API_SECRET: "s", SHOPIFY_APP_URL: "https://x.test" };
    expect(parseConfig(base).databaseProvider).toBe("sqlite");
    expect(parseConfig({ ...base, DATABASE_URL: "postgres://u:p@h:5432/d" }).databaseProvider).toBe("postgresql");
  });
});
