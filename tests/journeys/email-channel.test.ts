import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "../../app/db/client.server";
import { isHeldOut } from "../../app/domain/journeys";
import { createEmailChannel } from "../../app/journeys/email-channel.server";
import { activateJourney, createJourneyFromTemplate, enrolFromOrder, runDueSteps } from "../../app/journeys/engine.server";
import type { JobQueue } from "../../app/jobs/queue.server";
import { mailConfigFromEnv } from "../../app/mail/config";
import { createMailer, type Mailer } from "../../app/mail/mailer.server";
import { type Mailbox, startMailbox } from "../../emulator/mailbox/index";
import { type ShopHarness, startShopHarness } from "../pushback/harness";

/** The engine with the real email channel, over SMTP to the local mailbox (no mocks). */
const DAY = 86_400_000;
const T0 = new Date("2026-03-02T01:00:00Z");
const queue = { enqueue: async () => {} } as unknown as JobQueue;

let h: ShopHarness;
let mailbox: Mailbox;
let mailer: Mailer;

beforeAll(async () => {
  h = await startShopHarness({ customers: 10, seed: 21 });
  mailbox = await startMailbox({ httpPort: null });
  const config = mailConfigFromEnv({ SMTP_URL: mailbox.smtpUrl, MAIL_FROM: "山田茶園 <shop@yamada-tea.example>" });
  if (!config) throw new Error("no mail config");
  mailer = createMailer(config);
});
afterAll(async () => {
  mailer?.close();
  await mailbox?.close();
  await h.stop();
});

describe("journeys through SMTP", () => {
  it("the day-1 follow-up arrives with the engine's Message-ID; a resend after a crash adds no distinct message", async () => {
    const real = createEmailChannel({ mailer, appSecret: "test-secret-for-links" });
    const journey = await createJourneyFromTemplate(db(), h.shop, "first-order-followup", { name: "初回購入フォロー" });
    await activateJourney(db(), h.shop, journey.id, real, T0, { queue });
    const customer = h.customerIds.find((id) => !isHeldOut(journey.holdoutSalt, id, journey.holdoutShare));
    if (customer === undefined) throw new Error("no treated customer");
    await db().customer.update({
      where: { shopId_id: { shopId: h.shop.id, id: customer } },
      data: { emailMarketing: "SUBSCRIBED", email: "hanako@example.com", locale: "ja" },
    });
    await db().order.create({
      data: {
        shopId: h.shop.id,
        id: 77n,
        name: "#77",
        customerId: customer,
        shopifyCreatedAt: T0,
        processedAt: T0,
        shopifyUpdatedAt: T0,
        currency: "JPY",
        presentmentCurrency: "JPY",
        subtotalMinor: 5000,
        totalMinor: 5000,
        presentmentTotalMinor: 5000,
      },
    });
    await enrolFromOrder(db(), h.shop, 77n, new Date(T0.getTime() + 60_000));
    await runDueSteps(db(), h.shop, new Date(T0.getTime() + 120_000), { channel: real, queue });
    expect(mailbox.received()).toBe(0);

    // crash: the mail goes out, then the process dies before `sent` (the channel throws after delivering)
    let crash = true;
    const crashing = {
      ...real,
      async send(message: Parameters<typeof real.send>[0]) {
        const result = await real.send(message);
        if (crash) {
          crash = false;
          throw new Error("killed after delivering");
        }
        return result;
      },
    };
    await runDueSteps(db(), h.shop, new Date(T0.getTime() + DAY + 60_000), { channel: crashing, queue });
    await mailbox.waitForMessages(1, 10_000);
    await runDueSteps(db(), h.shop, new Date(T0.getTime() + DAY + 30 * 60_000), { channel: crashing, queue });
    await mailbox.waitForMessages(2, 10_000);
    expect(mailbox.distinctMessageIds()).toBe(1);
    const [mail] = mailbox.messages();
    const row = await db().journeyMessage.findFirstOrThrow({ where: { shopId: h.shop.id, customerId: customer } });
    expect(mail.messageId).toBe(row.messageId);
    expect(mail.to).toContain("hanako@example.com");
    expect(mail.headers["list-unsubscribe"]).toBeTruthy();
    expect(row).toMatchObject({ status: "sent", attempts: 2, toAddress: "hanako@example.com" });
  });
});
