/**
 * Which encoding an order export is in: UTF-8 (with or without a BOM) or Shift_JIS/CP932, the two every
 * Japanese cart writes. A detector library guesses among dozens of encodings from letter statistics; here the
 * choice is between two, and one test decides it exactly enough: CP932 text with any kanji or kana is almost
 * never valid UTF-8 (its lead bytes 0x81–0x9F and 0xE0–0xFC would need continuation bytes 0x80–0xBF after them,
 * run after run), while a UTF-8 file always is. So: valid UTF-8 → UTF-8, else CP932 (a superset of Shift_JIS
 * with the NEC and IBM characters, ①, ㈱, 髙, that Windows-made files carry). Plain ASCII is the same in both.
 */
export type ImportEncoding = "utf-8" | "cp932";

/** `sample`: the first bytes of the file (a character cut at the end of the sample is not counted against it). */
export function detectEncoding(sample: Uint8Array): ImportEncoding {
  if (sample.length >= 3 && sample[0] === 0xef && sample[1] === 0xbb && sample[2] === 0xbf) return "utf-8";
  try {
    new TextDecoder("utf-8", { fatal: true }).decode(sample, { stream: true });
    return "utf-8";
  } catch {
    return "cp932";
  }
}
