import { describe, expect, it } from "vitest";
import { jsonlLines } from "./jsonl";

async function collect(chunks: (string | Uint8Array)[]) {
  async function* source() {
    yield* chunks;
  }
  const lines: string[] = [];
  for await (const line of jsonlLines(source())) lines.push(line);
  return lines;
}

describe("jsonlLines", () => {
  it("splits lines across chunk boundaries, skips blank lines and keeps a last line without newline", async () => {
    expect(await collect(['{"a":1}\n{"b"', ':2}\r\n\n{"c":3}'])).toEqual(['{"a":1}', '{"b":2}', '{"c":3}']);
  });

  it("decodes a multi-byte character split between two chunks", async () => {
    const bytes = Buffer.from('{"name":"絆"}\n', "utf8");
    expect(await collect([bytes.subarray(0, 10), bytes.subarray(10)])).toEqual(['{"name":"絆"}']);
  });
});
