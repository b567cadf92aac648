import { Session } from "@shopify/shopify-api";
import type { SecretBox } from "../lib/secret-box";
import type { Db } from "./client.server";
import { sessionSecretContext } from "./encryption.server";

/** What @shopify/shopify-app-remix needs of a session storage (its SessionStorage interface). */
export interface SessionStorage {
  storeSession(session: Session): Promise<boolean>;
  loadSession(id: string): Promise<Session | undefined>;
  deleteSession(id: string): Promise<boolean>;
  deleteSessions(ids: string[]): Promise<boolean>;
  findSessionsByShop(shop: string): Promise<Session[]>;
}

/**
 * Shopify's Prisma session storage with the access and refresh tokens sealed at rest (decision 011). Every
 * save seals with the current key, so a row written in plain text or under an older key is sealed again
 * the next time the library stores it (or by `kizuna rotate-key`).
 */
export class EncryptedSessionStorage implements SessionStorage {
  constructor(
    private readonly inner: SessionStorage,
    private readonly box: SecretBox,
  ) {}

  storeSession(session: Session): Promise<boolean> {
    return this.inner.storeSession(this.transform(session, (value, context) => this.box.seal(value, context)));
  }

  async loadSession(id: string): Promise<Session | undefined> {
    const session = await this.inner.loadSession(id);
    return session && this.transform(session, (value, context) => this.box.open(value, context));
  }

  async findSessionsByShop(shop: string): Promise<Session[]> {
    return (await this.inner.findSessionsByShop(shop)).map((session) =>
      this.transform(session, (value, context) => this.box.open(value, context)),
    );
  }

  deleteSession(id: string): Promise<boolean> {
    return this.inner.deleteSession(id);
  }

  deleteSessions(ids: string[]): Promise<boolean> {
    return this.inner.deleteSessions(ids);
  }

  private transform(session: Session, change: (value: string, context: string) => string): Session {
    const params = session.toObject();
    if (params.accessToken) params.accessToken = change(params.accessToken, sessionSecretContext("accessToken", session.id));
    if (params.refreshToken) params.refreshToken = change(params.refreshToken, sessionSecretContext("refreshToken", session.id));
    return new Session(params);
  }
}

/**
 * Seals again, with the current key, every session secret stored in plain text or under an older key
 * (`kizuna rotate-key`). Works shop by shop; each row is rewritten only if its value is still the one read.
 */
export async function resealSessionSecrets(
  client: Db,
  box: SecretBox,
): Promise<{ shops: number; sessions: number; resealed: number; failed: { id: string; reason: string }[] }> {
  const shops = await client.session.findMany({ distinct: ["shop"], select: { shop: true }, orderBy: { shop: "asc" } });
  let sessions = 0;
  let resealed = 0;
  // A value that does not open (unknown key, altered) is reported and left as it is; the others go on.
  const failed: { id: string; reason: string }[] = [];
  for (const { shop } of shops) {
    const rows = await client.session.findMany({ where: { shop }, select: { id: true, accessToken: true, refreshToken: true } });
    for (const row of rows) {
      sessions++;
      const data: { accessToken?: string; refreshToken?: string } = {};
      try {
        if (row.accessToken && box.needsResealing(row.accessToken)) {
          const context = sessionSecretContext("accessToken", row.id);
          data.accessToken = box.seal(box.open(row.accessToken, context), context);
        }
        if (row.refreshToken && box.needsResealing(row.refreshToken)) {
          const context = sessionSecretContext("refreshToken", row.id);
          data.refreshToken = box.seal(box.open(row.refreshToken, context), context);
        }
      } catch (error) {
        failed.push({ id: row.id, reason: (error as Error).message });
        continue;
      }
      if (Object.keys(data).length === 0) continue;
      const updated = await client.session.updateMany({
        where: { id: row.id, shop, accessToken: row.accessToken, refreshToken: row.refreshToken },
        data,
      });
      resealed += updated.count;
    }
  }
  return { shops: shops.length, sessions, resealed, failed };
}
