import { randomInt } from "node:crypto";

/**
 * One-time link codes (ID連携): 8 characters from an alphabet without look-alikes (no 0/O, 1/I/L), so a
 * customer who types it instead of sending the pre-filled message gets it right; 32^8 ≈ 10^12 codes, valid
 * for LINK_CODE_TTL_MS and once. The message may carry other words around the code (the pre-filled text
 * does), so the code is found anywhere in it, in upper or lower case, full-width characters folded.
 */
const ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
export const LINK_CODE_LENGTH = 8;
export const LINK_CODE_TTL_MS = 15 * 60_000;

export function newLinkCode(): string {
  let code = "";
  for (let i = 0; i < LINK_CODE_LENGTH; i++) code += ALPHABET[randomInt(ALPHABET.length)];
  return code;
}

const CODE_IN_TEXT = new RegExp(`(?<![A-Z0-9])([${ALPHABET}]{${LINK_CODE_LENGTH}})(?![A-Z0-9])`, "g");

/** The candidate codes in a message, in order (usually one). */
export function linkCodesIn(text: string): string[] {
  const folded = text.normalize("NFKC").toUpperCase();
  return [...folded.matchAll(CODE_IN_TEXT)].map((match) => match[1]).slice(0, 3);
}

/** LINE's URL scheme that opens a chat with the official account, the text pre-filled. */
export function lineMessageUrl(basicId: string, text: string): string {
  return `https://line.me/R/oaMessage/${encodeURIComponent(basicId)}/?${encodeURIComponent(text)}`;
}
