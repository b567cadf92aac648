import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "../../app/db/client.server";
import { recordBounce } from "../../app/db/mail.server";
import { EmbeddedJobQueue } from "../../app/jobs/queue.server";
import { jobHandlers } from "../../app/jobs/registry.server";
import { linkSigner, mailLinkKey } from "../../app/mail/links";
import { action as unsubscribeAction, loader as unsubscribeLoader } from "../../app/routes/proxy.unsubscribe";
import { loader as clickLoader } from "../../app/routes/proxy.click";
import { signAppProxyQuery } from "../../app/shopify/app-proxy";
import { type EmulatedShop, startEmulatedShop } from "../support/emulated-shop";
import { TEST_APP } from "../support/env";
import { queuedJobsNamed } from "../support/queued-jobs";

/**
 * The links in a sent mail, followed through the storefront's app proxy (/apps/kizuna/* → /proxy/*): the
 * unsubscribe page and its POST, the click redirect, forged and altered links; then the queued consent job
 * against the emulator. Runs on SQLite and on PostgreSQL.
 */
let emulated: EmulatedShop;
let customerId: bigint;
let otherCustomerId: bigint;
let messageId: number;
let otherMessageId: number;
const signer = () => linkSigner(mailLinkKey(TEST_APP.apiSecret), emulated.shop.domain, "https://tea.example.jp");

/** What Shopify's app proxy makes of a storefront link: our path, the link's query, its own signed parameters. */
function proxied(storefrontLink: string, options: { secret?: string; shop?: string } = {}): URL {
  const link = new URL(storefrontLink);
  const url = new URL(link.pathname.replace(/^\/apps\/kizuna/, "/proxy"), TEST_APP.appUrl);
  for (const [name, value] of link.searchParams) url.searchParams.append(name, value);
  url.searchParams.set("shop", options.shop ?? emulated.shop.domain);
  url.searchParams.set("path_prefix", "/apps/kizuna");
  url.searchParams.set("timestamp", String(Math.floor(Date.now() / 1000)));
  url.searchParams.set("signature", signAppProxyQuery(url.searchParams, options.secret ?? TEST_APP.apiSecret));
  return url;
}

/** A storefront link with one of its own parameters changed, then proxied (Shopify signs whatever arrives). */
function altered(storefrontLink: string, name: string, value: string): URL {
  const link = new URL(storefrontLink);
  link.searchParams.set(name, value);
  return proxied(link.href);
}

async function get(url: URL, loader = unsubscribeLoader): Promise<Response> {
  return loader({ request: new Request(url, { headers: { "Accept-Language": "ja" } }), params: {}, context: {} });
}

async function post(url: URL, body = "List-Unsubscribe=One-Click"): Promise<Response> {
  const request = new Request(url, {
    method: "POST",
    body,
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
  });
  return unsubscribeAction({ request, params: {}, context: {} });
}

/** The queued consent jobs with their payload (pg-boss keeps it inside an envelope with the shop id). */
async function consentJobs() {
  const jobs = await queuedJobsNamed("mail.consent-update");
  return jobs.map((job) => {
    const envelope = job.payload as { payload?: unknown };
    return { shopId: job.shopId, payload: envelope.payload ?? job.payload };
  });
}

async function state(id: bigint, outboxId: number) {
  const [suppression, message, customer] = await Promise.all([
    db().mailSuppression.findUnique({ where: { shopId_customerId: { shopId: emulated.shop.id, customerId: id } } }),
    db().journeyMessage.findUniqueOrThrow({ where: { id: outboxId } }),
    db().customer.findUniqueOrThrow({ where: { shopId_id: { shopId: emulated.shop.id, id } } }),
  ]);
  return {
    suppression: suppression?.reason ?? null,
    unsubscribedAt: message.unsubscribedAt,
    clicks: message.clicks,
    firstClickAt: message.firstClickAt,
    emailMarketing: customer.emailMarketing,
  };
}

async function seedMessage(id: bigint, journeyId: number, key: string): Promise<number> {
  const shopId = emulated.shop.id;
  const at = new Date("2026-11-01T00:00:00Z");
  await db().customer.create({
    data: {
      shopId,
      id,
      firstName: "花子",
      lastName: "山田",
      email: `${id}@example.jp`,
      emailMarketing: "SUBSCRIBED",
      shopifyCreatedAt: at,
      shopifyUpdatedAt: at,
    },
  });
  const entry = await db().journeyEntry.create({
    data: { shopId, journeyId, customerId: id, groupName: "treatment", enteredAt: at, triggerKey: key, stepIndex: 1 },
  });
  const message = await db().journeyMessage.create({
    data: {
      shopId,
      journeyId,
      entryId: entry.id,
      stepIndex: 0,
      customerId: id,
      key: `${journeyId}-${entry.id}-0`,
      status: "sent",
      templateKey: "followup-1-reassure",
      locale: "ja",
      toAddress: `${id}@example.jp`,
      messageId: `<j${journeyId}.e${entry.id}.s0@kizuna.test>`,
      sentAt: at,
    },
  });
  return message.id;
}

beforeAll(async () => {
  emulated = await startEmulatedShop(db(), { seed: 15, customers: 20 });
  const ids = [...emulated.store.customers.values()].filter((customer) => customer.email).map((customer) => customer.id);
  customerId = BigInt(ids[0]);
  otherCustomerId = BigInt(ids[1]);
  for (const id of [customerId, otherCustomerId]) {
    const customer = emulated.store.customers.get(Number(id));
    if (customer) customer.emailMarketing = "SUBSCRIBED";
  }
  const journey = await db().journey.create({
    data: { shopId: emulated.shop.id, name: "Follow-up", definition: "{}", holdoutSalt: "salt", status: "active" },
  });
  messageId = await seedMessage(customerId, journey.id, "order-1");
  otherMessageId = await seedMessage(otherCustomerId, journey.id, "order-2");
});

afterAll(async () => {
  await emulated?.emulator.stop();
});

describe("unsubscribe link", () => {
  it("GET shows a confirmation in the customer's language and changes nothing", async () => {
    const response = await get(proxied(signer().unsubscribeUrl(messageId)));
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toContain("text/html");
    const html = await response.text();
    expect(html).toContain('<html lang="ja">');
    expect(html).toContain("配信を停止する");
    expect(html).toContain(`action="/apps/kizuna/unsubscribe?m=${messageId}&#38;t=`);
    expect(await state(customerId, messageId)).toMatchObject({
      suppression: null,
      unsubscribedAt: null,
      emailMarketing: "SUBSCRIBED",
    });
  });

  it("refuses forged and altered links with 4xx and a page, and nothing changes", async () => {
    const link = signer().unsubscribeUrl(messageId);
    const forgedSigner = linkSigner(mailLinkKey("not-the-app-secret"), emulated.shop.domain, "https://tea.example.jp");
    const cases: [URL, number][] = [
      [proxied(forgedSigner.unsubscribeUrl(messageId)), 403],
      // someone else's message id with this message's token
      [altered(link, "m", String(otherMessageId)), 403],
      [altered(link, "t", "A".repeat(43)), 403],
      [altered(link, "m", "abc"), 400],
      // a link that did not come through the shop's app proxy
      [proxied(link, { secret: "not-the-app-secret" }), 403],
      // another shop's proxy (installed nowhere)
      [proxied(link, { shop: "other-shop.myshopify.com" }), 404],
    ];
    for (const [url, status] of cases) {
      const viaGet = await get(url);
      expect(viaGet.status, url.href).toBe(status);
      const viaPost = await post(url);
      expect(viaPost.status, url.href).toBe(status);
      expect(await viaPost.text()).toMatch(/無効|ご利用いただけません/);
    }
    const unsigned = new URL(`/proxy/unsubscribe?m=${messageId}`, TEST_APP.appUrl);
    expect((await post(unsigned)).status).toBe(403);
    for (const [id, outboxId] of [
      [customerId, messageId],
      [otherCustomerId, otherMessageId],
    ] as const) {
      expect(await state(id, outboxId)).toMatchObject({ suppression: null, unsubscribedAt: null, emailMarketing: "SUBSCRIBED" });
    }
    // (no job was queued either: the next test finds exactly one, its own)
  });

  it("POST (one-click or the button) records the suppression, marks the message and customer, and queues the consent update", async () => {
    const response = await post(proxied(signer().unsubscribeUrl(messageId)));
    expect(response.status).toBe(200);
    expect(await response.text()).toContain("配信を停止しました");
    const after = await state(customerId, messageId);
    expect(after).toMatchObject({ suppression: "unsubscribed", emailMarketing: "UNSUBSCRIBED" });
    expect(after.unsubscribedAt).toBeInstanceOf(Date);
    // the other customer is untouched
    expect(await state(otherCustomerId, otherMessageId)).toMatchObject({ suppression: null, emailMarketing: "SUBSCRIBED" });
    const jobs = await consentJobs();
    expect(jobs).toEqual([{ shopId: emulated.shop.id, payload: { shopId: emulated.shop.id, customerId: String(customerId) } }]);

    // a second POST (a provider retrying) changes nothing more and queues no second job while one waits
    expect((await post(proxied(signer().unsubscribeUrl(messageId)))).status).toBe(200);
    expect((await state(customerId, messageId)).unsubscribedAt).toEqual(after.unsubscribedAt);
    expect(await consentJobs()).toHaveLength(1);
    // and GET now says it is done
    expect(await (await get(proxied(signer().unsubscribeUrl(messageId)))).text()).toContain("配信を停止しました");
  });

  it("the consent job sets the customer's email marketing to UNSUBSCRIBED in Shopify (the emulator)", async () => {
    expect(emulated.store.customers.get(Number(customerId))?.emailMarketing).toBe("SUBSCRIBED");
    const queue = new EmbeddedJobQueue(
      db(),
      () => new Date(),
      () => undefined,
    );
    const handlers = jobHandlers({ client: db(), queue, log: () => undefined });
    await handlers["mail.consent-update"]({
      id: 1,
      name: "mail.consent-update",
      shopId: emulated.shop.id,
      payload: { shopId: emulated.shop.id, customerId: String(customerId) },
      attempt: 1,
      maxAttempts: 1,
    });
    expect(emulated.store.customers.get(Number(customerId))?.emailMarketing).toBe("UNSUBSCRIBED");
    expect(emulated.store.customers.get(Number(otherCustomerId))?.emailMarketing).toBe("SUBSCRIBED");
    // a customer Shopify no longer has: nothing left to update, the job ends without an error
    await handlers["mail.consent-update"]({
      id: 2,
      name: "mail.consent-update",
      shopId: emulated.shop.id,
      payload: { shopId: emulated.shop.id, customerId: "999999999" },
      attempt: 1,
      maxAttempts: 1,
    });
  });
});

describe("click link", () => {
  it("counts the click and redirects to the signed target only", async () => {
    const target = "https://tea.example.jp/products/hojicha?variant=2";
    const link = signer().clickUrl(otherMessageId, target);
    const first = await get(proxied(link), clickLoader);
    expect(first.status).toBe(302);
    expect(first.headers.get("Location")).toBe(target);
    await get(proxied(link), clickLoader);
    const counted = await state(otherCustomerId, otherMessageId);
    expect(counted.clicks).toBe(2);
    expect(counted.firstClickAt).toBeInstanceOf(Date);

    for (const url of [
      altered(link, "u", "https://evil.example/login"),
      altered(link, "m", String(messageId)),
      proxied(link, { secret: "not-the-app-secret" }),
    ]) {
      const refused = await get(url, clickLoader);
      expect(refused.status).toBeGreaterThanOrEqual(400);
      expect(refused.status).toBeLessThan(500);
      expect(refused.headers.get("Location")).toBeNull();
    }
    expect((await state(otherCustomerId, otherMessageId)).clicks).toBe(2);
    expect((await state(customerId, messageId)).clicks).toBe(0);
  });
});

describe("bounces", () => {
  it("a hard bounce marks the message and suppresses the customer; a soft one only marks the message", async () => {
    const shop = emulated.shop;
    expect(await recordBounce(db(), shop, otherMessageId, { hard: false, detail: "452 mailbox full" }, new Date())).toBe(true);
    expect((await state(otherCustomerId, otherMessageId)).suppression).toBeNull();
    expect(await recordBounce(db(), shop, otherMessageId, { hard: true, detail: "550 no such user" }, new Date())).toBe(true);
    expect((await state(otherCustomerId, otherMessageId)).suppression).toBe("bounced");
    const message = await db().journeyMessage.findUniqueOrThrow({ where: { id: otherMessageId } });
    expect(message).toMatchObject({ status: "bounced", detail: "550 no such user" });
    // another shop's id is not found
    expect(
      await recordBounce(
        db(),
        { id: shop.id + 1000, domain: "x.myshopify.com" },
        otherMessageId,
        { hard: true, detail: "x" },
        new Date(),
      ),
    ).toBe(false);
  });
});
