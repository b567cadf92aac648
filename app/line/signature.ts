import { createHmac, timingSafeEqual } from "node:crypto";

/**
 * X-Line-Signature: base64 of HMAC-SHA256 over the raw request body with the channel secret. Computed over
 * the bytes as they arrived (re-serialised JSON would not match), compared in constant time.
 */
export function lineSignature(channelSecret: string, rawBody: Uint8Array | string): string {
  return createHmac("sha256", channelSecret).update(rawBody).digest("base64");
}

export function verifyLineSignature(channelSecret: string, rawBody: Uint8Array | string, header: string | null): boolean {
  if (!header || !channelSecret) return false;
  const expected = Buffer.from(lineSignature(channelSecret, rawBody), "base64");
  let given: Buffer;
  try {
    given = Buffer.from(header.trim(), "base64");
  } catch {
    return false;
  }
  return given.length === expected.length && timingSafeEqual(given, expected);
}
