import { describe, expect, it } from "vitest";
import {
  addLocalDays,
  frequencyCapRelease,
  inQuietHours,
  isConversion,
  isHeldOut,
  JOURNEY_TEMPLATES,
  JourneyDefinitionError,
  marketingSendTime,
  mayEnter,
  nextLocalTime,
  outsideQuietHours,
  parseJourneyDefinition,
  daysUntilBirthday,
  zoneClock,
} from "../../app/domain/journeys";
import { dayNumberFromIsoDate } from "../../app/domain/time";

const tokyo = zoneClock("Asia/Tokyo");
const newYork = zoneClock("America/New_York");
const quiet = { start: "21:00", end: "09:00" };

describe("journey definitions", () => {
  it("every built-in template is a valid definition, with the agreed message keys", () => {
    expect(JOURNEY_TEMPLATES.map((t) => t.key)).toEqual([
      "first-order-followup",
      "birthday",
      "win-back",
      "future-loyal",
      "points-expiring",
    ]);
    const followup = JOURNEY_TEMPLATES[0];
    expect(followup.messageTemplateKeys).toEqual([
      "followup-1-reassure",
      "followup-2-expectation",
      "followup-3-trust",
      "followup-4-loyal",
    ]);
    // days 1, 7, 21, 45
    const waits = followup.definition.steps.filter((s) => s.kind === "wait").map((s) => (s.kind === "wait" ? s.days : 0));
    let day = 0;
    expect(waits.map((d) => (day += d))).toEqual([1, 7, 21, 45]);
    expect(followup.definition.steps.at(-2)).toMatchObject({ kind: "discount" });
  });

  it("names each problem of an invalid definition", () => {
    const attempt = () =>
      parseJourneyDefinition({
        trigger: { kind: "nth_order", n: 1 },
        steps: [
          { kind: "wait_until", time: "25:00" },
          { kind: "discount", valueType: "percentage", value: 10, expiresInDays: 7 },
        ],
      });
    expect(attempt).toThrow(JourneyDefinitionError);
    try {
      attempt();
    } catch (error) {
      const paths = (error as JourneyDefinitionError).issues.map((i) => i.path);
      expect(paths).toContain("trigger.n");
      expect(paths).toContain("steps.0.time");
    }
    expect(() => parseJourneyDefinition("{not json")).toThrow(/not valid JSON/);
    // a discount must be followed by the send that carries it
    expect(() =>
      parseJourneyDefinition({
        trigger: { kind: "first_order" },
        steps: [
          { kind: "discount", valueType: "percentage", value: 10, expiresInDays: 7 },
          { kind: "wait", days: 1 },
          { kind: "send", channel: "email", templateKey: "win-back", marketing: true },
        ],
      }),
    ).toThrow(/discountWithoutSend/);
  });
});

describe("scheduling in the shop's time zone", () => {
  it("waits whole local days in JST (no DST)", () => {
    const from = new Date("2026-03-07T01:30:00Z"); // 10:30 JST
    expect(addLocalDays(tokyo, from, 1).toISOString()).toBe("2026-03-08T01:30:00.000Z");
    expect(addLocalDays(tokyo, from, 45).toISOString()).toBe("2026-04-21T01:30:00.000Z");
  });

  it("keeps the local time of day across a DST change (New York, 8 March 2026)", () => {
    const from = new Date("2026-03-07T15:30:00Z"); // 10:30 EST
    const next = addLocalDays(newYork, from, 1); // 10:30 EDT = 14:30Z: a 23-hour day
    expect(next.toISOString()).toBe("2026-03-08T14:30:00.000Z");
    // a wall time the spring-forward skips (02:30) lands the same distance past the jump (03:30 EDT)
    const beforeJump = new Date("2026-03-07T07:30:00Z"); // 02:30 EST on the 7th
    expect(addLocalDays(newYork, beforeJump, 1).toISOString()).toBe("2026-03-08T07:30:00.000Z");
    // the repeated hour in November resolves to its first occurrence (01:30 EDT)
    const early = new Date("2026-10-31T05:30:00Z"); // 01:30 EDT on the 31st
    expect(addLocalDays(newYork, early, 1).toISOString()).toBe("2026-11-01T05:30:00.000Z");
  });

  it("waits until the next local time of day", () => {
    const at = new Date("2026-03-07T02:00:00Z"); // 11:00 JST
    expect(nextLocalTime(tokyo, at, "10:00").toISOString()).toBe("2026-03-08T01:00:00.000Z");
    expect(nextLocalTime(tokyo, at, "12:00").toISOString()).toBe("2026-03-07T03:00:00.000Z");
  });
});

describe("guard rails", () => {
  it("quiet hours wrap midnight and move a send to 09:00 local", () => {
    const late = new Date("2026-03-07T13:30:00Z"); // 22:30 JST
    const early = new Date("2026-03-07T22:00:00Z"); // 07:00 JST on the 8th
    const day = new Date("2026-03-07T03:00:00Z"); // 12:00 JST
    expect(inQuietHours(tokyo, late, quiet)).toBe(true);
    expect(inQuietHours(tokyo, early, quiet)).toBe(true);
    expect(inQuietHours(tokyo, day, quiet)).toBe(false);
    expect(outsideQuietHours(tokyo, late, quiet).toISOString()).toBe("2026-03-08T00:00:00.000Z");
    expect(outsideQuietHours(tokyo, early, quiet).toISOString()).toBe("2026-03-08T00:00:00.000Z");
    expect(outsideQuietHours(tokyo, day, quiet)).toBe(day);
    expect(outsideQuietHours(tokyo, late, null)).toBe(late);
    // 21:00 itself is quiet, 09:00 is not
    expect(inQuietHours(tokyo, new Date("2026-03-07T12:00:00Z"), quiet)).toBe(true);
    expect(inQuietHours(tokyo, new Date("2026-03-07T00:00:00Z"), quiet)).toBe(false);
  });

  it("the frequency cap defers a send until the last message is N days old, then quiet hours apply", () => {
    const now = new Date("2026-03-07T03:00:00Z");
    const last = new Date("2026-03-05T13:00:00Z"); // 22:00 JST two days earlier
    expect(frequencyCapRelease(last, 3, now)?.toISOString()).toBe("2026-03-08T13:00:00.000Z");
    expect(frequencyCapRelease(last, 0, now)).toBeNull();
    expect(frequencyCapRelease(new Date("2026-03-01T00:00:00Z"), 3, now)).toBeNull();
    // released at 22:00 JST → quiet → 09:00 JST the next morning
    const at = marketingSendTime(tokyo, now, { quietHours: quiet, capDays: 3, lastMarketingSentAt: last });
    expect(at.toISOString()).toBe("2026-03-09T00:00:00.000Z");
  });
});

describe("entering and leaving", () => {
  it("hold-out assignment is reproducible and close to the share", () => {
    const ids = Array.from({ length: 20_000 }, (_, i) => BigInt(7_000_000_000 + i * 37));
    const first = ids.map((id) => isHeldOut("salt-a", id, 0.1));
    expect(ids.map((id) => isHeldOut("salt-a", id, 0.1))).toEqual(first);
    const share = first.filter(Boolean).length / ids.length;
    expect(share).toBeGreaterThan(0.09);
    expect(share).toBeLessThan(0.11);
    // another salt is another split
    const other = ids.map((id) => isHeldOut("salt-b", id, 0.1));
    expect(other).not.toEqual(first);
    expect(ids.some((id) => isHeldOut("x", id, 0))).toBe(false);
  });

  it("re-entry: never while active; never again with `never`; after N days otherwise", () => {
    const now = new Date("2026-06-01T00:00:00Z");
    const old = [{ enteredAt: new Date("2026-05-01T00:00:00Z"), state: "completed" }];
    expect(mayEnter({ mode: "never" }, [], now)).toBe(true);
    expect(mayEnter({ mode: "never" }, old, now)).toBe(false);
    expect(mayEnter({ mode: "after_days", days: 30 }, old, now)).toBe(true);
    expect(mayEnter({ mode: "after_days", days: 32 }, old, now)).toBe(false);
    expect(mayEnter({ mode: "after_days", days: 1 }, [{ ...old[0], state: "active" }], now)).toBe(false);
  });

  it("an order after entering converts; the entering order, a cancelled or a test order does not", () => {
    const entry = { enteredAt: new Date("2026-03-01T00:00:00Z"), triggerKey: "order:100" };
    const order = { id: 101n, processedAt: new Date("2026-03-05T00:00:00Z"), cancelledAt: null, test: false };
    expect(isConversion(entry, order)).toBe(true);
    expect(isConversion(entry, { ...order, id: 100n })).toBe(false);
    expect(isConversion(entry, { ...order, test: true })).toBe(false);
    expect(isConversion(entry, { ...order, cancelledAt: new Date() })).toBe(false);
    expect(isConversion(entry, { ...order, processedAt: new Date("2026-02-28T00:00:00Z") })).toBe(false);
  });

  it("days until a birthday, Feb 29 in a common year counting as Feb 28", () => {
    const today = dayNumberFromIsoDate("2027-02-20");
    expect(daysUntilBirthday("1990-02-27", today)).toEqual({ days: 7, year: 2027 });
    expect(daysUntilBirthday("1992-02-29", today)).toEqual({ days: 8, year: 2027 });
    expect(daysUntilBirthday("1990-02-19", today)).toEqual({ days: 364, year: 2028 });
  });
});
