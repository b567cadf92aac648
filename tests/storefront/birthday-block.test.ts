// The birthday block as a customer meets it: its script runs against the block's own labels (taken from the
// Liquid and the locale files, as Liquid's `t` fills them) and proxy answers, with a stand-in for the few DOM
// calls it makes. No Liquid renderer is installed, so the Liquid itself is checked as text.
import { readFileSync } from "node:fs";
import { runInNewContext } from "node:vm";
import { describe, expect, it } from "vitest";
import type { BirthDateProxyError } from "../../app/journeys/birth-date-proxy.server";

const read = (path: string) => readFileSync(new URL(`../../extensions/kizuna-points/${path}`, import.meta.url), "utf8");
const block = read("blocks/birthday.liquid");
const script = read("assets/kizuna-birthday.js");
type Strings = Record<string, unknown>;
const locale = (name: "ja" | "en.default") => JSON.parse(read(`locales/${name}.json`)) as Strings;

const lookup = (strings: Strings, key: string) =>
  key.split(".").reduce<unknown>((node, part) => (node as Strings | undefined)?.[part], strings);

/** The section's data-label-* attributes as the browser's dataset would hold them. */
function labels(name: "ja" | "en.default"): Record<string, string> {
  const strings = locale(name);
  const dataset: Record<string, string> = {};
  for (const [, attribute, key] of block.matchAll(/data-label-([a-z-]+)="\{\{ '([a-z_.]+)' \| t \| escape \}\}"/g)) {
    dataset[`label${attribute.replace(/(^|-)([a-z])/g, (_w, _s, letter: string) => letter.toUpperCase())}`] = String(
      lookup(strings, key),
    );
  }
  return dataset;
}

class FakeElement {
  dataset: Record<string, string> = {};
  textContent = "";
  hidden = true;
  disabled = false;
  value = "";
  validity = { badInput: false };
  focused = false;
  readonly attributes = new Map<string, string>();
  readonly listeners = new Map<string, (event: { preventDefault(): void }) => void>();
  constructor(private readonly parts: Record<string, FakeElement> = {}) {}
  querySelector(selector: string) {
    return this.parts[selector] ?? null;
  }
  getAttribute(name: string) {
    return this.attributes.get(name) ?? null;
  }
  setAttribute(name: string, value: string) {
    this.attributes.set(name, value);
  }
  removeAttribute(name: string) {
    this.attributes.delete(name);
  }
  addEventListener(type: string, listener: (event: { preventDefault(): void }) => void) {
    this.listeners.set(type, listener);
  }
  focus() {
    this.focused = true;
  }
}

type Answer = { status: number; body: unknown };

async function settle() {
  for (let i = 0; i < 10; i++) await new Promise((resolve) => setImmediate(resolve));
}

async function mount(name: "ja" | "en.default", getAnswer: Answer, postAnswers: Answer[] = []) {
  const parts = {
    registered: new FakeElement(),
    date: new FakeElement(),
    form: new FakeElement(),
    input: new FakeElement(),
    error: new FakeElement(),
    submit: new FakeElement(),
    status: new FakeElement(),
  };
  const root = new FakeElement({
    "[data-kizuna-birthday-registered]": parts.registered,
    "[data-kizuna-birthday-date]": parts.date,
    "[data-kizuna-birthday-form]": parts.form,
    "[data-kizuna-birthday-input]": parts.input,
    "[data-kizuna-birthday-error]": parts.error,
    "[data-kizuna-birthday-submit]": parts.submit,
    "[data-kizuna-birthday-status]": parts.status,
  });
  root.dataset = labels(name);
  root.setAttribute("data-kizuna-birthday", "/apps/kizuna/birth-date");
  const posts: { url: string; body: string }[] = [];
  const fetch = async (url: string, init?: { method?: string; body?: string }) => {
    const answer = init?.method === "POST" ? postAnswers.shift() : getAnswer;
    if (init?.method === "POST") posts.push({ url, body: String(init.body) });
    if (!answer) throw new TypeError("network down");
    return { ok: answer.status < 300, status: answer.status, json: async () => answer.body };
  };
  const document = { documentElement: { lang: name === "ja" ? "ja" : "en" }, querySelectorAll: () => [root] };
  runInNewContext(script, { document, fetch, URLSearchParams, Intl, Date, String });
  await settle();
  const enter = async (value: string) => {
    parts.input.value = value;
    parts.form.listeners.get("submit")?.({ preventDefault() {} });
    await settle();
  };
  return { ...parts, posts, enter };
}

const ja = locale("ja").kizuna_birthday as Record<string, string>;
const en = locale("en.default").kizuna_birthday as Record<string, string>;

describe("the storefront birthday block", () => {
  it("has every label it uses in both languages, with the same keys", () => {
    expect(Object.keys(ja).sort()).toEqual(Object.keys(en).sort());
    const used = [...block.matchAll(/'([a-z_.]+)' \| t\b/g)].map((m) => m[1]);
    expect(used.length).toBeGreaterThan(10);
    for (const strings of [locale("ja"), locale("en.default")]) {
      expect(used.filter((key) => typeof lookup(strings, key) !== "string")).toEqual([]);
    }
    expect(block).toMatch(/\{%- if customer -%\}/);
    expect(block).not.toMatch(/<script/i);
  });

  it("gives each validation refusal of the endpoint its own message", () => {
    const own: BirthDateProxyError[] = ["REQUIRED", "INVALID_DATE", "FUTURE_DATE", "TOO_OLD", "ALREADY_REGISTERED"];
    const dataset = labels("ja");
    for (const code of own) {
      const attribute = `labelError${code.toLowerCase().replace(/(^|_)([a-z])/g, (_w, _s, l: string) => l.toUpperCase())}`;
      expect(dataset[attribute], code).toBeTruthy();
    }
  });

  it("offers the form while no date is stored, and shows the registered date after a save (Japanese)", async () => {
    const view = await mount("ja", { status: 200, body: { birth_date: null, can_register: true } }, [
      { status: 200, body: { birth_date: "1990-04-15", can_register: false } },
    ]);
    expect(view.form.hidden).toBe(false);
    expect(view.registered.hidden).toBe(true);

    await view.enter("1990-04-15");
    expect(view.posts).toEqual([{ url: "/apps/kizuna/birth-date", body: "birth_date=1990-04-15" }]);
    expect(view.form.hidden).toBe(true);
    expect(view.registered.hidden).toBe(false);
    expect(view.date.textContent).toBe("ご登録のお誕生日：1990年4月15日");
    expect(view.status.textContent).toBe(ja.saved);
    expect(view.error.textContent).toBe("");
  });

  it("announces a refused date in the customer's language and marks the input invalid", async () => {
    const view = await mount("en.default", { status: 200, body: { birth_date: null, can_register: true } }, [
      { status: 400, body: { error: "FUTURE_DATE", message: "The date of birth must be in the past." } },
      { status: 200, body: { birth_date: "1990-04-15", can_register: false } },
    ]);
    await view.enter("");
    expect(view.posts).toEqual([]);
    expect(view.error.textContent).toBe(en.error_required);
    expect(view.input.getAttribute("aria-invalid")).toBe("true");
    expect(view.input.focused).toBe(true);

    await view.enter("2999-01-01");
    expect(view.error.textContent).toBe(en.error_future_date);
    expect(view.form.hidden).toBe(false);

    await view.enter("1990-04-15");
    expect(view.error.textContent).toBe("");
    expect(view.input.getAttribute("aria-invalid")).toBeNull();
    expect(view.date.textContent).toBe("Your registered birthday: April 15, 1990");
  });

  it("shows a stored date without the form, and a failed request as a general error", async () => {
    const stored = await mount("ja", { status: 200, body: { birth_date: "1975-11-03", can_register: false } });
    expect(stored.form.hidden).toBe(true);
    expect(stored.date.textContent).toBe("ご登録のお誕生日：1975年11月3日");

    const offline = await mount("ja", { status: 200, body: { birth_date: null, can_register: true } }, []);
    await offline.enter("1990-04-15");
    expect(offline.error.textContent).toBe(ja.error_failed);
    expect(offline.submit.disabled).toBe(false);

    const notSynced = await mount("ja", { status: 200, body: { birth_date: null, can_register: true } }, [
      { status: 404, body: { error: "CUSTOMER_NOT_FOUND", message: "…" } },
    ]);
    await notSynced.enter("1990-04-15");
    expect(notSynced.error.textContent).toBe(ja.error_failed);
  });

  it("shows nothing to change when the proxy does not answer", async () => {
    const view = await mount("ja", { status: 401, body: { error: "SIGN_IN_REQUIRED" } });
    expect(view.form.hidden).toBe(true);
    expect(view.registered.hidden).toBe(true);
  });
});
