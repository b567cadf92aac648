import { describe, expect, it } from "vitest";
import { ledgerReason } from "./ledger";

describe("ledgerReason", () => {
  it("reads a stored key with its values", () => {
    expect(ledgerReason({ kind: "bonus_birthday", reasonKey: "birthday", reasonValues: { year: 2026 } })).toEqual({
      key: "birthday",
      values: { year: 2026 },
    });
  });

  it("reads the English sentences of rows written before keys as the keys they meant", () => {
    expect(ledgerReason({ kind: "bonus_birthday", reason: "Birthday 2026" })).toEqual({
      key: "birthday",
      values: { year: 2026 },
    });
    expect(ledgerReason({ kind: "expire", reason: "No purchase for 12 months" })).toEqual({
      key: "noPurchase",
      values: { months: 12 },
    });
    expect(ledgerReason({ kind: "redeem_refund", reason: "The discount code could not be created" })).toEqual({
      key: "redemptionFailed",
      values: {},
    });
  });

  it("keeps staff's words as they wrote them, even when they look like a system sentence", () => {
    expect(ledgerReason({ kind: "adjust", reason: "配送遅延のお詫び" })).toEqual({ text: "配送遅延のお詫び" });
    expect(ledgerReason({ kind: "adjust", reason: "Birthday 2026" })).toEqual({ text: "Birthday 2026" });
    expect(ledgerReason({ kind: "earn", reason: null })).toBeNull();
  });

  it("ignores a key it does not know and values that are not text or numbers", () => {
    expect(ledgerReason({ kind: "expire", reasonKey: "drop table", reason: null })).toBeNull();
    expect(ledgerReason({ kind: "expire", reasonKey: "noPurchase", reasonValues: { months: 6, x: { y: 1 } } })).toEqual({
      key: "noPurchase",
      values: { months: 6 },
    });
  });
});
