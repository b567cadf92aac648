import { describe, expect, it } from "vitest";
import { parseJourneyDefinition } from "../../app/domain/journeys/definition";
import { applyJourneyEdits } from "../../app/forms/journey-editor.server";

/** The journey editor's "hand to Shopify Flow" checkbox adds or removes the journey's last flow step. */
const stored = parseJourneyDefinition({
  trigger: { kind: "future_loyal_candidate" },
  steps: [
    { kind: "wait", days: 2 },
    { kind: "send", channel: "email", templateKey: "future-loyal", marketing: true },
  ],
});
const shop = { currency: "JPY" };

describe("the journey editor's Flow handover", () => {
  it("adds a flow step at the end when ticked, and removes it when unticked", () => {
    const on = applyJourneyEdits(stored, { holdoutPercent: "10", handToFlow: "on" }, shop);
    expect(on.ok && on.definition.steps.map((s) => s.kind)).toEqual(["wait", "send", "flow"]);
    if (!on.ok) return;
    const again = applyJourneyEdits(on.definition, { holdoutPercent: "10", handToFlow: "on" }, shop);
    expect(again.ok && again.definition.steps.map((s) => s.kind)).toEqual(["wait", "send", "flow"]);
    const off = applyJourneyEdits(on.definition, { holdoutPercent: "10", handToFlow: "off" }, shop);
    expect(off.ok && off.definition.steps.map((s) => s.kind)).toEqual(["wait", "send"]);
  });

  it("a journey may hand over to Flow without sending mail itself", () => {
    expect(parseJourneyDefinition({ trigger: { kind: "future_loyal_candidate" }, steps: [{ kind: "flow" }] }).steps).toEqual([
      { kind: "flow" },
    ]);
    expect(() =>
      parseJourneyDefinition({ trigger: { kind: "future_loyal_candidate" }, steps: [{ kind: "wait", days: 1 }] }),
    ).toThrow(/noSend/);
  });
});
