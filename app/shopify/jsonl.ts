import { StringDecoder } from "node:string_decoder";

/**
 * The lines of a JSONL stream, one at a time, with backpressure: the source is read only as fast as the
 * consumer takes lines (node:readline's async iterator buffers ahead without limit, so a fast file
 * outruns the database and memory grows with the file). Multi-byte characters split across chunks are
 * decoded correctly.
 */
export async function* jsonlLines(source: AsyncIterable<Uint8Array | string>): AsyncGenerator<string> {
  const decoder = new StringDecoder("utf8");
  let rest = "";
  for await (const chunk of source) {
    const text = rest + (typeof chunk === "string" ? chunk : decoder.write(chunk as Buffer));
    let start = 0;
    for (let end = text.indexOf("\n", start); end !== -1; end = text.indexOf("\n", start)) {
      const line = text.slice(start, end).trimEnd();
      if (line.length > 0) yield line;
      start = end + 1;
    }
    rest = text.slice(start);
  }
  const last = (rest + decoder.end()).trim();
  if (last.length > 0) yield last;
}
