import { readFileSync } from "node:fs";
import { Session } from "@shopify/shopify-api";
import { describe, expect, it } from "vitest";
import { run as runRotateKey } from "../../app/cli/commands/rotate-key";
import { db } from "../../app/db/client.server";
import { DEV_KEY_FILE, encryptionKeysFrom, sessionSecretContext } from "../../app/db/encryption.server";
import { offlineAccessToken, registerShop } from "../../app/db/shops.server";
import { generateEncryptionKey, parseEncryptionKey, SecretBox } from "../../app/lib/secret-box";
import { sessionStorage } from "../../app/shopify.server";
import { TEST_APP } from "../support/env";

/**
 * Offline access tokens are sealed at rest (issue 11.10, decision 011): the Session row never holds the
 * token, the app and the background jobs still read it, and rows written before encryption keep working.
 */
const raw = (id: string) => db().session.findUniqueOrThrow({ where: { id }, select: { accessToken: true, refreshToken: true } });

describe("offline access tokens at rest", () => {
  it("stores the token sealed and loads it back", async () => {
    const shop = "sealed-shop.myshopify.com";
    await sessionStorage.storeSession(
      new Session({
        id: `offline_${shop}`,
        shop,
        state: "installed",
        isOnline: false,
        accessToken: "shpat_plain_token_1",
        refreshToken: "shprt_refresh_1",
        scope: TEST_APP.scopes,
      }),
    );
    const row = await raw(`offline_${shop}`);
    expect(row.accessToken).not.toContain("shpat_plain_token_1");
    expect(row.accessToken).toMatch(/^kz1:[0-9a-f]{8}:/);
    expect(row.refreshToken).not.toContain("shprt_refresh_1");
    const loaded = await sessionStorage.loadSession(`offline_${shop}`);
    expect(loaded?.accessToken).toBe("shpat_plain_token_1");
    expect(loaded?.refreshToken).toBe("shprt_refresh_1");
    expect((await sessionStorage.findSessionsByShop(shop)).map((session) => session.accessToken)).toEqual([
      "shpat_plain_token_1",
    ]);
    const registered = await registerShop(db(), shop);
    expect(await offlineAccessToken(db(), registered)).toBe("shpat_plain_token_1");
  });

  it("reads a plain-text row written before encryption and seals it on the next save", async () => {
    const shop = "legacy-shop.myshopify.com";
    await db().session.create({
      data: { id: `offline_${shop}`, shop, state: "installed", isOnline: false, accessToken: "shpat_legacy_2" },
    });
    const registered = await registerShop(db(), shop);
    expect(await offlineAccessToken(db(), registered)).toBe("shpat_legacy_2");
    const loaded = await sessionStorage.loadSession(`offline_${shop}`);
    expect(loaded?.accessToken).toBe("shpat_legacy_2");
    await sessionStorage.storeSession(loaded!);
    expect((await raw(`offline_${shop}`)).accessToken).toMatch(/^kz1:/);
    expect((await sessionStorage.loadSession(`offline_${shop}`))?.accessToken).toBe("shpat_legacy_2");
  });

  it("does not open a sealed token copied into another shop's row", async () => {
    const [a, b] = ["copy-a.myshopify.com", "copy-b.myshopify.com"];
    for (const shop of [a, b]) {
      await sessionStorage.storeSession(
        new Session({ id: `offline_${shop}`, shop, state: "installed", isOnline: false, accessToken: `shpat_${shop}` }),
      );
    }
    const sealedA = (await raw(`offline_${a}`)).accessToken;
    await db().session.update({ where: { id: `offline_${b}` }, data: { accessToken: sealedA } });
    await expect(offlineAccessToken(db(), await registerShop(db(), b))).rejects.toThrow(/altered, or copied/);
  });

  it("rotate-key seals every token with the new key, opening the old ones with the previous key", async () => {
    const shop = "rotated-shop.myshopify.com";
    await sessionStorage.storeSession(
      new Session({ id: `offline_${shop}`, shop, state: "installed", isOnline: false, accessToken: "shpat_rotate_3" }),
    );
    await db().session.create({
      data: { id: `offline_plain-${shop}`, shop, state: "installed", isOnline: false, accessToken: "shpat_plain_4" },
    });
    const before = (await raw(`offline_${shop}`)).accessToken;
    const newKey = generateEncryptionKey();
    const saved = { ...process.env };
    process.env.KIZUNA_ENCRYPTION_KEY = newKey;
    process.env.KIZUNA_ENCRYPTION_KEYS_OLD = readFileSync(DEV_KEY_FILE, "utf8").trim();
    const out: string[] = [];
    try {
      // The row the previous test altered does not open: reported, left alone, and the command says so.
      expect(await runRotateKey([], { stdout: (text) => out.push(text), stderr: (text) => out.push(text) })).toBe(1);
    } finally {
      process.env.KIZUNA_ENCRYPTION_KEY = saved.KIZUNA_ENCRYPTION_KEY;
      process.env.KIZUNA_ENCRYPTION_KEYS_OLD = saved.KIZUNA_ENCRYPTION_KEYS_OLD;
      if (saved.KIZUNA_ENCRYPTION_KEY === undefined) delete process.env.KIZUNA_ENCRYPTION_KEY;
      if (saved.KIZUNA_ENCRYPTION_KEYS_OLD === undefined) delete process.env.KIZUNA_ENCRYPTION_KEYS_OLD;
    }
    const rotated = new SecretBox(parseEncryptionKey(newKey));
    expect(out.join("")).toContain(`with key ${rotated.currentKeyId}`);
    expect(out.join("")).toMatch(/Session offline_copy-b\.myshopify\.com was left as it is: .*altered/);
    for (const [id, token] of [
      [`offline_${shop}`, "shpat_rotate_3"],
      [`offline_plain-${shop}`, "shpat_plain_4"],
    ]) {
      const after = (await raw(id)).accessToken;
      expect(after).not.toBe(before);
      expect(after.startsWith(`kz1:${rotated.currentKeyId}:`)).toBe(true);
      expect(rotated.open(after, sessionSecretContext("accessToken", id))).toBe(token);
    }
  });

  it("refuses to run in production without a key", () => {
    expect(() => encryptionKeysFrom({ NODE_ENV: "production" })).toThrow(/KIZUNA_ENCRYPTION_KEY is required in production/);
    expect(() => encryptionKeysFrom({ NODE_ENV: "production", KIZUNA_ENCRYPTION_KEY: "short" })).toThrow(/32 random bytes/);
    const key = generateEncryptionKey();
    expect(encryptionKeysFrom({ NODE_ENV: "production", KIZUNA_ENCRYPTION_KEY: key }).current.id).toBe(
      parseEncryptionKey(key).id,
    );
  });
});
