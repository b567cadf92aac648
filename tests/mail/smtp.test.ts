import { createServer } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createEmailChannel, sendTestMessage } from "../../app/journeys/email-channel.server";
import type { ChannelMessage } from "../../app/journeys/channel";
import { mailConfigFromEnv, MailConfigError } from "../../app/mail/config";
import { mailLinkKey, verifyUnsubscribeLink } from "../../app/mail/links";
import { createMailer, type Mailer, MailTransportError } from "../../app/mail/mailer.server";
import { type Mailbox, startMailbox } from "../../emulator/mailbox/index";

/** Real SMTP: the client against the local mailbox (smtp-server + mailparser), no mocks. */
let mailbox: Mailbox;
let mailer: Mailer;

beforeAll(async () => {
  mailbox = await startMailbox({ rejectRecipients: "*@bounce.example" });
  const config = mailConfigFromEnv({ SMTP_URL: mailbox.smtpUrl, MAIL_FROM: "山田茶園 <shop@yamada-tea.example>" });
  if (!config) throw new Error("no config");
  mailer = createMailer(config);
});

afterAll(async () => {
  mailer?.close();
  await mailbox?.close();
});

function channelMessage(outboxId: number, email: string, overrides: Partial<ChannelMessage> = {}): ChannelMessage {
  return {
    shopId: 1,
    outboxId,
    messageId: `<j1.e${outboxId}.s0@kizuna.yamada-tea.myshopify.com>`,
    templateKey: "followup-1-reassure",
    marketing: true,
    context: {
      shop: {
        name: "山田茶園",
        domain: "yamada-tea.myshopify.com",
        url: "https://yamada-tea.jp",
        currency: "JPY",
        timezone: "Asia/Tokyo",
      },
      customer: { id: "1", firstName: "花子", lastName: "山田", email, locale: "ja" },
    },
    ...overrides,
  };
}

async function freePortWithNothingListening(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe("mail configuration", () => {
  it("is absent without SMTP_URL or MAIL_FROM, and names the variable that is malformed", () => {
    expect(mailConfigFromEnv({})).toBeNull();
    expect(mailConfigFromEnv({ SMTP_URL: "smtp://localhost:25" })).toBeNull();
    expect(mailConfigFromEnv({ SMTP_URL: "smtps://u:p@smtp.example.com", MAIL_FROM: "a@example.com" })).toEqual({
      smtpUrl: "smtps://u:p@smtp.example.com",
      from: "a@example.com",
      ratePerSecond: 50,
    });
    expect(() => mailConfigFromEnv({ SMTP_URL: "http://smtp.example.com", MAIL_FROM: "a@example.com" })).toThrow(/SMTP_URL/);
    expect(() => mailConfigFromEnv({ SMTP_URL: "smtp://h:25", MAIL_FROM: "shop" })).toThrow(MailConfigError);
    expect(() => mailConfigFromEnv({ SMTP_URL: "smtp://h:25", MAIL_FROM: "a@b.jp", MAIL_RATE_PER_SECOND: "0" })).toThrow(
      /MAIL_RATE_PER_SECOND/,
    );
  });
});

describe("SMTP client against the local mailbox", () => {
  it("delivers a message with the Message-ID it was given", async () => {
    const before = mailbox.received();
    const result = await mailer.send({
      to: "hanako@example.jp",
      subject: "件名のテスト",
      html: "<p>本文</p>",
      text: "本文",
      messageId: "<fixed.1@kizuna.test>",
    });
    expect(result.accepted).toBe(true);
    expect(result.response).toMatch(/^250 /);
    const [message] = (await mailbox.waitForMessages(before + 1)).slice(-1);
    expect(message).toMatchObject({ messageId: "<fixed.1@kizuna.test>", subject: "件名のテスト", to: "hanako@example.jp" });
    expect(message.from).toContain("shop@yamada-tea.example");
    expect(message.from).toContain("山田茶園");
  });

  it("returns a 550 refusal as `rejected` with the server's reply, without throwing", async () => {
    const result = await mailer.send({
      to: "nobody@bounce.example",
      subject: "x",
      html: "<p>x</p>",
      text: "x",
      messageId: "<r.1@kizuna.test>",
    });
    expect(result.accepted).toBe(false);
    expect(result.rejected).toMatch(/550/);
    expect(result.rejected).toContain("mailbox unavailable");
    expect(mailbox.rejectedRecipients()).toBeGreaterThanOrEqual(1);
  });

  it("throws when the server cannot be reached (the engine retries later)", async () => {
    const port = await freePortWithNothingListening();
    const unreachable = createMailer({ smtpUrl: `smtp://127.0.0.1:${port}`, from: "a@example.jp", ratePerSecond: 10 });
    await expect(
      unreachable.send({ to: "a@example.jp", subject: "x", html: "x", text: "x", messageId: "<c.1@kizuna.test>" }),
    ).rejects.toBeInstanceOf(MailTransportError);
    unreachable.close();
  });
});

describe("the email channel", () => {
  const appSecret = "channel-test-secret";

  it("sends marketing mail with the one-click unsubscribe headers and the engine's Message-ID", async () => {
    const channel = createEmailChannel({ mailer, appSecret });
    expect(channel.configured()).toBe(true);
    const before = mailbox.received();
    const result = await channel.send(channelMessage(501, "hanako@example.jp"));
    expect(result).toMatchObject({ status: "sent", toAddress: "hanako@example.jp" });
    const [message] = (await mailbox.waitForMessages(before + 1)).slice(-1);
    expect(message.messageId).toBe("<j1.e501.s0@kizuna.yamada-tea.myshopify.com>");
    expect(message.subject).toBe("【山田茶園】このたびはお買い上げいただき、誠にありがとうございます");
    expect(message.headers["list-unsubscribe-post"]).toBe("List-Unsubscribe=One-Click");
    const listUnsubscribe = /^<(https:\/\/yamada-tea\.jp\/apps\/kizuna\/unsubscribe\?[^>]+)>$/.exec(
      message.headers["list-unsubscribe"],
    );
    expect(listUnsubscribe).not.toBeNull();
    const url = new URL(listUnsubscribe?.[1] ?? "");
    expect(verifyUnsubscribeLink(mailLinkKey(appSecret), "yamada-tea.myshopify.com", url.searchParams)).toEqual({
      ok: true,
      outboxId: 501,
    });
    expect(message.html).toContain("山田 花子 様");
    expect(message.text).toContain("山田 花子 様");
  });

  it("sends a non-marketing message without unsubscribe headers", async () => {
    const channel = createEmailChannel({ mailer, appSecret });
    const before = mailbox.received();
    await channel.send(channelMessage(502, "hanako@example.jp", { marketing: false }));
    const [message] = (await mailbox.waitForMessages(before + 1)).slice(-1);
    expect(message.headers["list-unsubscribe"]).toBeUndefined();
    expect(message.html).not.toContain("/apps/kizuna/unsubscribe");
  });

  it("reports a refused recipient as rejected and a customer without an address as such", async () => {
    const channel = createEmailChannel({ mailer, appSecret });
    const rejected = await channel.send(channelMessage(503, "gone@bounce.example"));
    expect(rejected).toMatchObject({ status: "rejected", toAddress: "gone@bounce.example" });
    expect(rejected.status === "rejected" && rejected.detail).toMatch(/^smtp: 550/);
    const noAddress = await channel.send(channelMessage(504, ""));
    expect(noAddress).toEqual({ status: "rejected", toAddress: null, subject: null, detail: "no-address" });
  });

  it("a resend after a crash carries the same Message-ID, so the mailbox counts one message", async () => {
    const channel = createEmailChannel({ mailer, appSecret });
    const distinct = mailbox.distinctMessageIds();
    const received = mailbox.received();
    await channel.send(channelMessage(505, "hanako@example.jp"));
    await channel.send(channelMessage(505, "hanako@example.jp"));
    await mailbox.waitForMessages(received + 2);
    expect(mailbox.distinctMessageIds()).toBe(distinct + 1);
  });

  it("is not configured without a mailer", () => {
    expect(createEmailChannel({ mailer: null, appSecret }).configured()).toBe(false);
  });

  it("sends a test of a template with sample data, marked [テスト]", async () => {
    const before = mailbox.received();
    const result = await sendTestMessage({ mailer, templateKey: "birthday", locale: "ja", to: "owner@yamada-tea.example" });
    expect(result).toMatchObject({
      ok: true,
      subject: "[テスト] 【サンプルショップ】山田 花子 様、お誕生日おめでとうございます",
    });
    const [message] = (await mailbox.waitForMessages(before + 1)).slice(-1);
    expect(message.subject).toMatch(/^\[テスト\] /);
    const english = await sendTestMessage({ mailer, templateKey: "win-back", locale: "en", to: "owner@yamada-tea.example" });
    expect(english).toMatchObject({ ok: true, subject: expect.stringMatching(/^\[Test\] /) });
    expect(await sendTestMessage({ mailer, templateKey: "birthday", locale: "ja", to: "not an address" })).toMatchObject({
      ok: false,
    });
    expect(await sendTestMessage({ mailer: null, templateKey: "birthday", locale: "ja", to: "a@b.jp" })).toMatchObject({
      ok: false,
    });
  });
});

describe("the local mailbox", () => {
  it("lists what arrived as JSON and as a page with each mail in a sandboxed frame", async () => {
    const json = (await (await fetch(`${mailbox.httpUrl}messages`)).json()) as {
      received: number;
      messages: { subject: string }[];
    };
    expect(json.received).toBe(mailbox.received());
    expect(json.messages.length).toBeGreaterThan(0);
    const page = await (await fetch(mailbox.httpUrl ?? "")).text();
    expect(page).toContain("<iframe sandbox");
    expect(page).toContain("件名のテスト");
  });
});
