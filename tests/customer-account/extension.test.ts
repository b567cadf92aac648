import { h } from "preact";
import { renderToStaticMarkup } from "preact-render-to-string";
import { describe, expect, it } from "vitest";
import en from "../../extensions/kizuna-customer-account/locales/en.default.json";
import ja from "../../extensions/kizuna-customer-account/locales/ja.json";
import { fetchPoints, type MemberPoints, type PointsState } from "../../extensions/kizuna-customer-account/src/points";
import { PointsView, type ViewTools } from "../../extensions/kizuna-customer-account/src/PointsView";

/**
 * The customer account block's states (decision 027), rendered with the backend mocked: a member, a member
 * without points, not a member, and an answer that failed; texts from the extension's own locales.
 */
function toolsFor(messages: Record<string, unknown>): ViewTools {
  const lookup = (key: string) =>
    key.split(".").reduce<unknown>((node, part) => (node as Record<string, unknown>)?.[part], messages);
  return {
    t: (key, values = {}) => {
      const text = lookup(key);
      if (typeof text !== "string") throw new Error(`missing locale key ${key}`);
      return text.replace(/\{\{(\w+)\}\}/g, (_, name: string) => String(values[name]));
    },
    formatNumber: (value) => value.toLocaleString("ja-JP"),
    formatMoney: (minor, currency) => `${currency} ${minor}`,
    formatDate: (iso) => iso.slice(0, 10),
  };
}

const member: MemberPoints = {
  state: "member",
  points_balance: 1250,
  tier_name: "Silver",
  tier_key: "silver",
  next_tier_key: "gold",
  currency: "JPY",
  tier_progress: { next_tier_name: "Gold", spend_to_next_minor: 20_000, progress_percent: 60 },
  expiring: { points: 1250, expires_at: "2027-01-31T00:00:00.000Z" },
  history: [{ kind: "earn", points: 300, occurred_at: "2026-11-20T03:00:00.000Z", order_name: "#1042" }],
};

/** The backend, mocked: answers `body` to a request that carries the session token. */
function backend(body: unknown) {
  const requests: Request[] = [];
  const fetcher = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = new Request(input, init);
    requests.push(request);
    if (request.headers.get("Authorization") !== "Bearer session-token") return new Response("{}", { status: 401 });
    return Response.json(body);
  }) as typeof fetch;
  return { fetcher, requests };
}

async function renderWith(body: unknown, messages: Record<string, unknown> = ja): Promise<string> {
  const api = backend(body);
  const state: PointsState = await fetchPoints("https://kizuna.test", async () => "session-token", api.fetcher);
  expect(api.requests.map((request) => request.url)).toEqual(["https://kizuna.test/api/customer-account/points"]);
  return renderToStaticMarkup(h(PointsView, { state, tools: toolsFor(messages) }));
}

describe("the customer account points block", () => {
  it("shows a member's balance, rank, progress, points expiring and latest entries", async () => {
    const html = await renderWith(member);
    expect(html).toContain("1,250 ポイント");
    expect(html).toContain("会員ランク：シルバー");
    expect(html).toContain("あと JPY 20000 のお買い物で ゴールド になります");
    expect(html).toMatch(/<s-progress[^>]*value="60"/);
    expect(html).toContain("1,250 ポイントが 2027-01-31 に失効します");
    expect(html).toContain("2026-11-20 獲得 #1042");
    expect(html).not.toContain(ja.noPoints);
  });

  it("tells a member without points how to earn them", async () => {
    const html = await renderWith({ ...member, points_balance: 0, expiring: null, history: [] }, en);
    expect(html).toContain("0 points");
    expect(html).toContain(en.noPoints);
    expect(html).not.toContain("expire");
  });

  it("says the program is not available to a customer who is not a member", async () => {
    for (const reason of ["programOff", "noAccount"]) {
      const html = await renderWith({ state: "notMember", reason });
      expect(html).toContain(ja.notMember);
      expect(html).not.toContain("ポイント履歴");
    }
  });

  it("shows an error, not someone's points, when the backend refuses", async () => {
    const state = await fetchPoints("https://kizuna.test", async () => "wrong-token", backend(member).fetcher);
    expect(state).toEqual({ kind: "error" });
    const html = renderToStaticMarkup(h(PointsView, { state, tools: toolsFor(ja) }));
    expect(html).toContain(ja.error);
    expect(html).not.toContain("1,250");
  });
});
