import { db } from "../../db/client.server";
import { encryptionKeysFrom } from "../../db/encryption.server";
import { resealSessionSecrets } from "../../db/session-storage.server";
import { SecretBox } from "../../lib/secret-box";
import type { CommandIo } from "../io";

/**
 * `kizuna rotate-key`: seals every stored secret again with KIZUNA_ENCRYPTION_KEY, opening the old ones with
 * KIZUNA_ENCRYPTION_KEYS_OLD; rows stored in plain text before encryption are sealed too. Afterwards the old
 * keys can be removed from the environment (decision 011).
 */
export async function run(_args: string[], io: CommandIo): Promise<number> {
  const keys = encryptionKeysFrom(process.env);
  const box = new SecretBox(keys.current, keys.previous);
  const result = await resealSessionSecrets(db(), box);
  io.stdout(
    `Sealed ${result.resealed} of ${result.sessions} session(s) of ${result.shops} shop(s) with key ${box.currentKeyId} (${keys.source}); the others already were.`,
  );
  if (result.failed.length === 0 && keys.previous.length > 0) io.stdout("KIZUNA_ENCRYPTION_KEYS_OLD can now be removed.");
  for (const failure of result.failed) io.stderr(`Session ${failure.id} was left as it is: ${failure.reason}`);
  if (result.failed.length > 0) {
    io.stderr(
      `${result.failed.length} session(s) could not be opened: add the key that sealed them to KIZUNA_ENCRYPTION_KEYS_OLD, or delete them (the shop reinstalls on its next visit).`,
    );
    return 1;
  }
  return 0;
}
