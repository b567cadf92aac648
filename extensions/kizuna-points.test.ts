// Consistency checks for the theme app extension that run without Shopify's tooling (theme check
// itself runs in CI via extensions/theme-check.mjs). No Liquid renderer is installed, so the block
// is checked as text: translation keys, schema, the metafields it reads and its script policy.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

const read = (path: string) => readFileSync(new URL(`./kizuna-points/${path}`, import.meta.url), "utf8");
const json = (path: string) => JSON.parse(read(path)) as Record<string, unknown>;

const block = read("blocks/points-balance.liquid");
const schemaMatch = /\{% schema %\}([\s\S]*?)\{% endschema %\}/.exec(block);
const schema = JSON.parse(schemaMatch?.[1] ?? "null") as { settings: { id?: string; type: string }[] };

function keys(value: unknown, prefix = ""): string[] {
  if (typeof value !== "object" || value === null) return [prefix];
  return Object.entries(value).flatMap(([key, child]) => keys(child, prefix ? `${prefix}.${key}` : key));
}

describe("kizuna-points theme app extension", () => {
  it("has the same storefront and schema strings in English and Japanese", () => {
    expect(keys(json("locales/ja.json")).sort()).toEqual(keys(json("locales/en.default.json")).sort());
    expect(keys(json("locales/ja.schema.json")).sort()).toEqual(keys(json("locales/en.default.schema.json")).sort());
  });

  it("uses only translation keys that exist", () => {
    const storefront = new Set(keys(json("locales/en.default.json")));
    const used = [...block.matchAll(/'([a-z_.]+)' \| t\b/g)].map((m) => m[1]);
    expect(used.length).toBeGreaterThan(5);
    expect(used.filter((key) => !storefront.has(key))).toEqual([]);
    const schemaKeys = new Set(keys(json("locales/en.default.schema.json")));
    const usedInSchema = [...(schemaMatch?.[1] ?? "").matchAll(/"t:([a-z_.]+)"/g)].map((m) => m[1]);
    expect(usedInSchema.filter((key) => !schemaKeys.has(key))).toEqual([]);
  });

  it("offers the settings the merchant expects", () => {
    expect(schema.settings.filter((s) => s.id).map((s) => `${s.id}:${s.type}`)).toEqual([
      "heading:text",
      "show_progress:checkbox",
      "guest_message:textarea",
      "accent_color:color",
      "background_color:color",
      "text_color:color",
    ]);
  });

  it("reads the app-owned customer metafields through the $app reserved namespace", () => {
    expect(block).toContain("customer.metafields['$app:kizuna']");
    // every documented value (docs/metafields.md): the tier id for themes, the tier name for people
    for (const key of ["points_balance", "tier", "tier_name", "tier_progress"]) expect(block).toContain(`kizuna.${key}.value`);
    expect(block).toMatch(/assign tier_name = kizuna\.tier_name\.value/);
    expect(block).toContain("routes.account_login_url");
    expect(block).toContain("routes.account_register_url");
  });

  it("shows a pending redemption and polls the proxy for its outcome", () => {
    expect(block).toContain("data-label-still-pending=\"{{ 'kizuna_points.redeem_still_pending' | t | escape }}\"");
    const script = read("assets/kizuna-points.js");
    expect(script).toContain('payload.status === "pending"');
    expect(script).toContain("?request_id=${encodeURIComponent(id)}");
    expect(script).toContain("labelStillPending");
  });

  it("has no inline script; its JavaScript is a small asset loaded by the schema", () => {
    expect(block).not.toMatch(/<script/i);
    expect(read("assets/kizuna-points.js").length).toBeLessThan(10_000);
  });
});
