/**
 * Secrets at rest (decision 011): AES-256-GCM from node:crypto, one small module for every stored secret
 * (offline access tokens today, LINE credentials later). Generic: imports nothing from the app.
 *
 * A sealed value reads `kz1:<key id>:<iv>.<ciphertext>.<tag>` (base64url). The key id names the key that
 * sealed it, so a value sealed before a key rotation still opens with the old key until it is sealed again.
 * The context (e.g. "Session.accessToken:offline_shop.myshopify.com") is authenticated with the value: a
 * ciphertext copied into another row or column does not open.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";

const PREFIX = "kz1";
const IV_BYTES = 12;

export interface EncryptionKey {
  /** 8 hex characters derived from the key: safe to store and print */
  id: string;
  bytes: Buffer;
}

export class SecretBoxError extends Error {
  override name = "SecretBoxError";
}

/** A key as operators write it: base64 (or base64url) of exactly 32 random bytes (`openssl rand -base64 32`). */
export function parseEncryptionKey(text: string, name = "the key"): EncryptionKey {
  const trimmed = text.trim();
  const bytes = Buffer.from(trimmed, /[-_]/.test(trimmed) ? "base64url" : "base64");
  if (bytes.length !== 32 || !/^[A-Za-z0-9+/_-]+={0,2}$/.test(trimmed)) {
    throw new SecretBoxError(
      `${name} must be base64 of 32 random bytes (44 characters; make one with: openssl rand -base64 32), got ${bytes.length} bytes`,
    );
  }
  return { id: createHash("sha256").update("kizuna-key-id:").update(bytes).digest("hex").slice(0, 8), bytes };
}

export function generateEncryptionKey(): string {
  return randomBytes(32).toString("base64");
}

/** Whether a stored value is sealed at all (anything else is a plain-text value written before encryption). */
export function isSealed(stored: string): boolean {
  return stored.startsWith(`${PREFIX}:`);
}

export class SecretBox {
  private readonly byId: Map<string, EncryptionKey>;

  /** `current` seals; `current` and `previous` open. */
  constructor(
    private readonly current: EncryptionKey,
    previous: readonly EncryptionKey[] = [],
  ) {
    this.byId = new Map([...previous, current].map((key) => [key.id, key]));
  }

  get currentKeyId(): string {
    return this.current.id;
  }

  seal(plain: string, context: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv("aes-256-gcm", this.current.bytes, iv);
    cipher.setAAD(Buffer.from(context, "utf8"));
    const body = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
    const parts = [iv, body, cipher.getAuthTag()].map((part) => part.toString("base64url"));
    return `${PREFIX}:${this.current.id}:${parts.join(".")}`;
  }

  /** The plain value; a plain-text (never sealed) value is returned as it is. */
  open(stored: string, context: string): string {
    if (!isSealed(stored)) return stored;
    const [, keyId, payload = ""] = stored.split(":");
    const key = this.byId.get(keyId);
    if (!key) {
      throw new SecretBoxError(
        `a secret was sealed with key ${keyId}, which is neither KIZUNA_ENCRYPTION_KEY nor in KIZUNA_ENCRYPTION_KEYS_OLD`,
      );
    }
    const [iv, body, tag] = payload.split(".").map((part) => Buffer.from(part, "base64url"));
    if (!iv || !body || !tag || iv.length !== IV_BYTES || tag.length !== 16) {
      throw new SecretBoxError(`a secret sealed with key ${keyId} is malformed`);
    }
    try {
      const decipher = createDecipheriv("aes-256-gcm", key.bytes, iv);
      decipher.setAAD(Buffer.from(context, "utf8"));
      decipher.setAuthTag(tag);
      return Buffer.concat([decipher.update(body), decipher.final()]).toString("utf8");
    } catch {
      throw new SecretBoxError(
        `a secret sealed with key ${keyId} does not open for ${context}: altered, or copied from elsewhere`,
      );
    }
  }

  /** True when the stored value should be sealed again: plain text, or sealed with an older key. */
  needsResealing(stored: string): boolean {
    return !stored.startsWith(`${PREFIX}:${this.current.id}:`);
  }
}
