// Runs the block's script against the block's own labels (taken from the Liquid and the locale files) and a
// proxy answer, with a stand-in for the few DOM calls it makes: the customer's points history must name
// orders (#17254), translate reasons and default ranks, and never show an internal id.
import { readFileSync } from "node:fs";
import { runInNewContext } from "node:vm";
import { describe, expect, it } from "vitest";

const read = (path: string) => readFileSync(new URL(`./kizuna-points/${path}`, import.meta.url), "utf8");
const block = read("blocks/points-balance.liquid");
const script = read("assets/kizuna-points.js");

class FakeElement {
  dataset: Record<string, string> = {};
  children: FakeElement[] = [];
  textContent = "";
  hidden = true;
  className = "";
  constructor(private readonly parts: Record<string, FakeElement> = {}) {}
  querySelector(selector: string) {
    return this.parts[selector] ?? null;
  }
  querySelectorAll() {
    return [];
  }
  getAttribute() {
    return "/apps/kizuna/points";
  }
  replaceChildren() {
    this.children = [];
  }
  appendChild(child: FakeElement) {
    this.children.push(child);
  }
  append(...children: FakeElement[]) {
    this.children.push(...children);
  }
  addEventListener() {}
  get childElementCount() {
    return this.children.length;
  }
}

/** The history element's data-label-* attributes, filled from a locale file as Liquid's `t` would. */
function historyLabels(locale: "ja" | "en.default"): Record<string, string> {
  const strings = JSON.parse(read(`locales/${locale}.json`)).kizuna_points;
  const section = block.slice(block.indexOf("data-kizuna-points-history\n"));
  const labels: Record<string, string> = {};
  for (const [, name, key] of section.matchAll(/data-label-([a-z-]+)="\{\{ 'kizuna_points\.([a-z_.]+)' \| t \| escape \}\}"/g)) {
    const value = key.split(".").reduce((node: Record<string, unknown>, part) => node[part] as Record<string, unknown>, strings);
    labels[`label${name.replace(/(^|-)([a-z])/g, (_whole, _sep, letter: string) => letter.toUpperCase())}`] = String(value);
  }
  return labels;
}

async function render(locale: "ja" | "en.default", answer: unknown) {
  const history = new FakeElement();
  history.dataset = historyLabels(locale);
  const list = new FakeElement();
  const tier = new FakeElement();
  const root = new FakeElement({
    "[data-kizuna-points-history]": history,
    "[data-kizuna-points-history-list]": list,
    "[data-kizuna-points-tier]": tier,
  });
  const document = {
    documentElement: { lang: locale === "ja" ? "ja" : "en" },
    querySelectorAll: () => [root],
    createElement: () => new FakeElement(),
  };
  const fetch = async () => ({ ok: true, json: async () => answer });
  runInNewContext(script, { document, window: {}, fetch, setTimeout });
  for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
  return {
    tier: tier.textContent,
    hidden: history.hidden,
    rows: list.children.map((row) => row.children.map((cell) => cell.textContent)),
  };
}

const answer = {
  enabled: true,
  points_balance: 1200,
  tier: "silver",
  tier_name: "Silver",
  tier_key: "silver",
  history: [
    { kind: "earn", points: 600, occurred_at: "2026-05-10T03:00:00Z", order_name: "#17254", reason_key: null, reason_values: null, reason: null },
    { kind: "earn", points: 10, occurred_at: "2026-05-09T03:00:00Z", order_name: null, reason_key: null, reason_values: null, reason: null },
    {
      kind: "bonus_birthday",
      points: 500,
      occurred_at: "2026-05-01T00:00:00Z",
      order_name: null,
      reason_key: "birthday",
      reason_values: { year: 2026 },
      reason: null,
    },
    {
      kind: "expire",
      points: -300,
      occurred_at: "2026-04-01T00:00:00Z",
      order_name: null,
      reason_key: "noPurchase",
      reason_values: { months: 12 },
      reason: null,
    },
    { kind: "adjust", points: 50, occurred_at: "2026-03-01T00:00:00Z", order_name: null, reason_key: null, reason_values: null, reason: "配送遅延のお詫び" },
  ],
  redemption_options: [],
  currency: "JPY",
};

describe("the storefront points history", () => {
  it("reads in Japanese, with order names and translated reasons and ranks", async () => {
    const { tier, hidden, rows } = await render("ja", answer);
    expect(tier).toBe("シルバー");
    expect(hidden).toBe(false);
    expect(rows.map((row) => row.slice(1))).toEqual([
      ["ご注文 #17254 のお買い物ポイント", "+600"],
      ["お買い物ポイント", "+10"],
      ["お誕生月特典（2026年）", "+500"],
      ["ポイント失効（12か月間ご購入がなかったため）", "-300"],
      ["ポイント調整（配送遅延のお詫び）", "+50"],
    ]);
    expect(rows[0][0]).toMatch(/2026/);
  });

  it("reads in English", async () => {
    const { tier, rows } = await render("en.default", answer);
    expect(tier).toBe("Silver");
    expect(rows.map((row) => row[1])).toEqual([
      "Earned on order #17254",
      "Earned on an order",
      "Birthday bonus: 2026",
      "Expired: no purchase for 12 months",
      "Adjusted by the shop: 配送遅延のお詫び",
    ]);
  });

  it("keeps the merchant's own rank name", async () => {
    const { tier } = await render("ja", { ...answer, tier_name: "白銀会員", tier_key: null });
    expect(tier).toBe("白銀会員");
  });
});
