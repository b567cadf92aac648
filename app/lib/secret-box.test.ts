import { describe, expect, it } from "vitest";
import { generateEncryptionKey, isSealed, parseEncryptionKey, SecretBox } from "./secret-box";

const keyA = parseEncryptionKey(generateEncryptionKey());
const keyB = parseEncryptionKey(generateEncryptionKey());
const CONTEXT = "Session.accessToken:offline_a.myshopify.com";

describe("SecretBox", () => {
  it("seals with a fresh IV each time and opens to the same value", () => {
    const box = new SecretBox(keyA);
    const first = box.seal("shpat_secret", CONTEXT);
    const second = box.seal("shpat_secret", CONTEXT);
    expect(first).not.toBe(second);
    expect(first).not.toContain("shpat_secret");
    expect(first.startsWith(`kz1:${keyA.id}:`)).toBe(true);
    expect(isSealed(first)).toBe(true);
    expect(box.open(first, CONTEXT)).toBe("shpat_secret");
    expect(box.open(second, CONTEXT)).toBe("shpat_secret");
  });

  it("returns plain text written before encryption as it is, and marks it for sealing", () => {
    const box = new SecretBox(keyA);
    expect(box.open("shpat_legacy", CONTEXT)).toBe("shpat_legacy");
    expect(box.needsResealing("shpat_legacy")).toBe(true);
    expect(box.needsResealing(box.seal("x", CONTEXT))).toBe(false);
  });

  it("opens values of a previous key after rotation and asks for them to be sealed again", () => {
    const sealedWithA = new SecretBox(keyA).seal("shpat_old", CONTEXT);
    const rotated = new SecretBox(keyB, [keyA]);
    expect(rotated.open(sealedWithA, CONTEXT)).toBe("shpat_old");
    expect(rotated.needsResealing(sealedWithA)).toBe(true);
    expect(() => new SecretBox(keyB).open(sealedWithA, CONTEXT)).toThrow(/key [0-9a-f]{8}, which is neither/);
  });

  it("refuses an altered value and a value copied to another row", () => {
    const box = new SecretBox(keyA);
    const sealed = box.seal("shpat_secret", CONTEXT);
    const [head, iv, body, tag] = [sealed.slice(0, 13), ...sealed.slice(13).split(".")];
    const flipped = `${head}${iv}.${body.startsWith("A") ? `B${body.slice(1)}` : `A${body.slice(1)}`}.${tag}`;
    expect(() => box.open(flipped, CONTEXT)).toThrow(/altered, or copied/);
    expect(() => box.open(sealed, "Session.accessToken:offline_b.myshopify.com")).toThrow(/altered, or copied/);
  });

  it("accepts only 32-byte base64 keys and derives a stable id", () => {
    const text = generateEncryptionKey();
    expect(parseEncryptionKey(text).id).toBe(parseEncryptionKey(` ${text}\n`).id);
    expect(() => parseEncryptionKey("too-short")).toThrow(/32 random bytes/);
    expect(() => parseEncryptionKey(Buffer.alloc(16).toString("base64"))).toThrow(/got 16 bytes/);
  });
});
