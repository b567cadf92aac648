import { z } from "zod";
import { LOYAL_CONDITION_KINDS } from "../domain/loyalty/condition-kinds";
import { parseCustomerId } from "./customer-id";

// The loyalty page's schemas, server-only (a `.server` module) so zod stays out of the page's browser bundle.
export { loyalRuleSchema } from "../domain/loyalty";

/** The candidate table's cursor (?after=score:customerId). */
export const candidatesCursor = z
  .string()
  .regex(/^-?\d+(\.\d+)?(e-?\d+)?:\d{1,20}$/)
  .transform((text, ctx) => {
    const [score, id] = text.split(":");
    const customerId = parseCustomerId(id);
    if (!customerId.ok) {
      ctx.issues.push({ code: "custom", message: customerId.error, input: text });
      return z.NEVER;
    }
    return { score: Number(score), customerId: customerId.id };
  });
/** The rule as the form sends it (JSON): net spend in the amount the merchant typed, not minor units. */
export const loyalRuleForm = z.object({
  match: z.enum(["all", "any"]),
  conditions: z.array(z.object({ kind: z.enum(LOYAL_CONDITION_KINDS), value: z.number().nullable() })),
});
