import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { projectRoot } from "./database-url.mjs";
import { type EncryptionKey, generateEncryptionKey, parseEncryptionKey, SecretBox } from "../lib/secret-box";

/**
 * The keys that seal secrets in the database (decision 011):
 * - KIZUNA_ENCRYPTION_KEY: base64 of 32 random bytes; seals new values and opens them. Required when
 *   NODE_ENV=production.
 * - KIZUNA_ENCRYPTION_KEYS_OLD: earlier keys, comma separated; they only open values, until
 *   `kizuna rotate-key` has sealed everything again with the current key.
 * Outside production, without KIZUNA_ENCRYPTION_KEY, a key is generated once into data/encryption.key
 * (git-ignored, mode 600) so development, tests and the demo work with nothing to configure.
 */
export class EncryptionKeyError extends Error {
  // Printed as the configuration problem it is (see cli/main.ts).
  override name = "ConfigError";
}

export const DEV_KEY_FILE = path.join(projectRoot, "data", "encryption.key");

export interface EncryptionKeys {
  current: EncryptionKey;
  previous: EncryptionKey[];
  /** where the current key came from, for start-up logs */
  source: "KIZUNA_ENCRYPTION_KEY" | "development key file";
}

export function encryptionKeysFrom(env: Record<string, string | undefined>, devKeyFile = DEV_KEY_FILE): EncryptionKeys {
  const parse = (text: string, name: string) => {
    try {
      return parseEncryptionKey(text, name);
    } catch (error) {
      throw new EncryptionKeyError(`Kizuna cannot start: ${(error as Error).message}.`);
    }
  };
  const previous = (env.KIZUNA_ENCRYPTION_KEYS_OLD ?? "")
    .split(",")
    .map((text) => text.trim())
    .filter(Boolean)
    .map((text, index) => parse(text, `KIZUNA_ENCRYPTION_KEYS_OLD (key ${index + 1})`));
  const configured = env.KIZUNA_ENCRYPTION_KEY?.trim();
  if (configured) return { current: parse(configured, "KIZUNA_ENCRYPTION_KEY"), previous, source: "KIZUNA_ENCRYPTION_KEY" };
  if (env.NODE_ENV === "production") {
    throw new EncryptionKeyError(
      "Kizuna cannot start: KIZUNA_ENCRYPTION_KEY is required in production. It encrypts the shops' access tokens in " +
        "the database; make one with `openssl rand -base64 32`, keep it in your secret store (not beside the " +
        "database or its backups) and see README, Configuration.",
    );
  }
  return { current: parse(developmentKey(devKeyFile), devKeyFile), previous, source: "development key file" };
}

/** The generated key of a development machine; created once, atomically, so parallel processes agree. */
function developmentKey(file: string): string {
  const cannot = (error: unknown) =>
    new EncryptionKeyError(
      `Kizuna cannot read or create its development encryption key at ${file} (${(error as Error).message}): set KIZUNA_ENCRYPTION_KEY.`,
    );
  try {
    writeFileSync(file, `${generateEncryptionKey()}\n`, { flag: "wx", mode: 0o600 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw cannot(error);
  }
  try {
    return readFileSync(file, "utf8");
  } catch (error) {
    throw cannot(error);
  }
}

let shared: SecretBox | undefined;

/** The process-wide box, from the environment on first use (like db()). */
export function secretBox(): SecretBox {
  if (!shared) {
    const keys = encryptionKeysFrom(process.env);
    shared = new SecretBox(keys.current, keys.previous);
  }
  return shared;
}

/** The context a Session column's secret is bound to: a value copied to another row or column does not open. */
export function sessionSecretContext(column: "accessToken" | "refreshToken", sessionId: string): string {
  return `Session.${column}:${sessionId}`;
}
