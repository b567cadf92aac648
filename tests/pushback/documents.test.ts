import { parse, validate } from "graphql";
import { describe, expect, it } from "vitest";
import { loadAdminSchema } from "#emulator/graphql/schema.ts";
import * as discounts from "../../app/shopify/operations/discounts";
import * as pushback from "../../app/shopify/operations/pushback";

const documents: [string, string][] = [];
for (const [name, value] of Object.entries({ ...pushback, ...discounts }) as [string, unknown][]) {
  if (typeof value === "string" && value.includes("#graphql")) documents.push([name, value]);
}

describe("push-back and discount documents", () => {
  it.each(documents)("%s is valid for the pinned Admin API version", (_name, document) => {
    expect(validate(loadAdminSchema(), parse(document)).map((error) => error.message)).toEqual([]);
  });
});
