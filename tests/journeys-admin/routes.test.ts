import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { db } from "../../app/db/client.server";
import { registerShop } from "../../app/db/shops.server";
import { createJourneyFromTemplate } from "../../app/journeys/enrol.server";
import { action as customerAction, loader as customerLoader } from "../../app/routes/app.customers.$id";
import { action as editorAction, loader as editorLoader } from "../../app/routes/app.journeys.$id";
import { loader as reportLoader } from "../../app/routes/app.journeys.$id_.report";
import { action as listAction, loader as listLoader } from "../../app/routes/app.journeys._index";
import { type Mailbox, startMailbox } from "../../emulator/mailbox/index";
import { type ShopHarness, startShopHarness } from "../pushback/harness";
import { embeddedAdminRequest } from "../support/shopify-requests";

let h: ShopHarness;
let mailbox: Mailbox;

beforeAll(async () => {
  h = await startShopHarness({ customers: 6, seed: 15 });
  mailbox = await startMailbox({ httpPort: null });
});
afterAll(async () => {
  await mailbox?.close();
  await h?.stop();
});

function withMail() {
  process.env.SMTP_URL = mailbox.smtpUrl;
  process.env.MAIL_FROM = "Kizuna Test <shop@kizuna.example>";
}
afterEach(() => {
  delete process.env.SMTP_URL;
  delete process.env.MAIL_FROM;
});

async function get(path: string) {
  return embeddedAdminRequest(path, h.shop.domain);
}

async function post(path: string, fields: Record<string, string>) {
  return embeddedAdminRequest(path, h.shop.domain, {
    method: "POST",
    body: new URLSearchParams(fields),
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
  });
}

/** A loader or action's answer: its data, or the Response it returned or threw. */
async function run<T>(fn: () => Promise<T>): Promise<T | Response> {
  try {
    return await fn();
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }
}

type ListData = Awaited<ReturnType<typeof listLoader>>;
type EditorData = Awaited<ReturnType<typeof editorLoader>>;

const list = async () => (await listLoader({ request: await get("/app/journeys"), params: {}, context: {} })) as ListData;
const editor = async (id: number, query = "") =>
  (await editorLoader({
    request: await get(`/app/journeys/${id}${query}`),
    params: { id: String(id) },
    context: {},
  })) as EditorData;
const switchOn = async (templateKey: string) =>
  (await run(async () =>
    listAction({ request: await post("/app/journeys", { templateKey }), params: {}, context: {} }),
  )) as Response;
const editorPost = async (id: number, fields: Record<string, string>) =>
  (await run(async () =>
    editorAction({ request: await post(`/app/journeys/${id}`, fields), params: { id: String(id) }, context: {} }),
  )) as Response;

let followupId = 0;

describe("journeys list", () => {
  it("says email is not set up and refuses to switch a journey on, creating nothing", async () => {
    const data = await list();
    expect(data.mail.configured).toBe(false);
    expect(data.templates.map((template) => template.key)).toEqual([
      "first-order-followup",
      "birthday",
      "win-back",
      "future-loyal",
      "points-expiring",
    ]);
    expect(data.templates.every((template) => template.journeyId === null)).toBe(true);
    const response = await switchOn("first-order-followup");
    expect(response.status).toBe(409);
    expect(await response.json()).toMatchObject({ ok: false, error: "journeys.errors.mailNotConfigured" });
    expect(await db().journey.count({ where: { shopId: h.shop.id } })).toBe(0);
  });

  it("refuses an unknown template", async () => {
    withMail();
    const response = await switchOn("no-such-journey");
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ ok: false, error: "journeys.errors.templateUnknown" });
    expect(await db().journey.count({ where: { shopId: h.shop.id } })).toBe(0);
  });

  it("switches the follow-up on with one click: an active journey made from the template", async () => {
    withMail();
    const response = await switchOn("first-order-followup");
    expect(response.status).toBe(200);
    const result = await response.json();
    expect(result).toMatchObject({ ok: true, name: "journeys.template.firstOrderFollowup.name" });
    followupId = result.journeyId;
    const journey = await db().journey.findFirstOrThrow({ where: { id: followupId, shopId: h.shop.id } });
    expect(journey).toMatchObject({ status: "active", templateKey: "first-order-followup", holdoutShare: 0.1 });
    expect(journey.activatedAt).not.toBeNull();

    const data = await list();
    expect(data.mail.configured).toBe(true);
    expect(data.journeys.map((row) => [row.id, row.status, row.entered, row.sent])).toEqual([[followupId, "active", 0, 0]]);
    expect(data.templates.find((template) => template.key === "first-order-followup")?.journeyId).toBe(followupId);

    const again = await switchOn("first-order-followup");
    expect(again.status).toBe(409);
    expect(await again.json()).toMatchObject({ error: "journeys.errors.alreadyOn" });
    expect(await db().journey.count({ where: { shopId: h.shop.id } })).toBe(1);
  });
});

describe("journey editor", () => {
  it("shows the steps and a preview of the first message, in Japanese or English", async () => {
    const ja = await editor(followupId, "?locale=ja");
    expect(ja.journey.definition.steps.map((step) => step.kind)).toEqual([
      "wait",
      "send",
      "wait",
      "send",
      "wait",
      "send",
      "wait",
      "discount",
      "send",
    ]);
    expect(ja.preview).toMatchObject({ templateKey: "followup-1-reassure", locale: "ja" });
    expect(ja.preview?.html).toContain("様");
    const en = await editor(followupId, "?preview=followup-4-loyal&previewLocale=en");
    expect(en.preview).toMatchObject({ templateKey: "followup-4-loyal", locale: "en" });
    expect(en.preview?.subject).not.toBe(ja.preview?.subject);
  });

  it("answers wrong values with a message on each field and changes nothing", async () => {
    const before = await db().journey.findFirstOrThrow({ where: { id: followupId } });
    const response = await editorPost(followupId, {
      intent: "save",
      "step-0-days": "0",
      "step-1-templateKey": "no-such-template",
      "step-7-valueType": "percentage",
      "step-7-value": "150",
      "step-7-expiresInDays": "abc",
      holdoutPercent: "80",
      reentryMode: "after_days",
      reentryDays: "-1",
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      ok: false,
      intent: "save",
      errors: {
        "step-0-days": "journeys.errors.waitDays",
        "step-1-templateKey": "journeys.errors.template",
        "step-7-value": "journeys.errors.percentOver100",
        "step-7-expiresInDays": "journeys.errors.expiresInDays",
        holdoutPercent: "journeys.errors.holdout",
        reentryDays: "journeys.errors.reentryDays",
      },
    });
    const after = await db().journey.findFirstOrThrow({ where: { id: followupId } });
    expect({ definition: after.definition, holdoutShare: after.holdoutShare }).toEqual({
      definition: before.definition,
      holdoutShare: before.holdoutShare,
    });
  });

  it("saves an edited step, the hold-out share and the re-entry rule", async () => {
    const response = await editorPost(followupId, {
      intent: "save",
      "step-0-days": "2",
      "step-7-valueType": "percentage",
      "step-7-value": "15",
      "step-7-expiresInDays": "20",
      holdoutPercent: "20",
      reentryMode: "after_days",
      reentryDays: "365",
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true, intent: "save" });
    const data = await editor(followupId);
    expect(data.journey.definition.steps[0]).toEqual({ kind: "wait", days: 2 });
    expect(data.journey.definition.steps[7]).toEqual({ kind: "discount", valueType: "percentage", value: 15, expiresInDays: 20 });
    expect(data.journey.definition.reentry).toEqual({ mode: "after_days", days: 365 });
    expect(data.journey.holdoutShare).toBeCloseTo(0.2, 10);
    // the other steps are as the template made them
    expect(data.journey.definition.steps[2]).toEqual({ kind: "wait", days: 6 });
  });

  it("pauses and reactivates; without email it cannot be activated", async () => {
    expect(await (await editorPost(followupId, { intent: "pause" })).json()).toEqual({ ok: true, intent: "pause" });
    expect((await db().journey.findFirstOrThrow({ where: { id: followupId } })).status).toBe("paused");
    const refused = await editorPost(followupId, { intent: "activate" });
    expect(refused.status).toBe(409);
    expect((await db().journey.findFirstOrThrow({ where: { id: followupId } })).status).toBe("paused");
    withMail();
    expect(await (await editorPost(followupId, { intent: "activate" })).json()).toEqual({ ok: true, intent: "activate" });
    expect((await db().journey.findFirstOrThrow({ where: { id: followupId } })).status).toBe("active");
  });

  it("sends a test to the merchant through the mail server", async () => {
    withMail();
    const bad = await editorPost(followupId, {
      intent: "test",
      templateKey: "followup-1-reassure",
      locale: "ja",
      address: "not-an-address",
    });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ ok: false, intent: "test", errors: { address: "journeys.errors.email" } });
    const before = mailbox.received();
    const sent = await editorPost(followupId, {
      intent: "test",
      templateKey: "followup-1-reassure",
      locale: "ja",
      address: "merchant@kizuna.example",
    });
    expect(await sent.json()).toEqual({ ok: true, intent: "test", address: "merchant@kizuna.example" });
    const messages = await mailbox.waitForMessages(before + 1, 10_000);
    const mail = messages.at(-1);
    expect(mail?.envelopeTo).toEqual(["merchant@kizuna.example"]);
    expect(mail?.subject.startsWith("[テスト]")).toBe(true);
  });

  it("treats another shop's journey as missing", async () => {
    const other = await registerShop(db(), "journeys-other-shop.myshopify.com", { name: "Other" });
    const theirs = await createJourneyFromTemplate(db(), { id: other.id, domain: other.domain }, "birthday", {
      name: "journeys.template.birthday.name",
    });
    const loaded = await run(() => editor(theirs.id));
    expect(loaded).toBeInstanceOf(Response);
    expect((loaded as Response).status).toBe(404);
    const saved = await editorPost(theirs.id, { intent: "save", holdoutPercent: "30" });
    expect(saved.status).toBe(404);
    const paused = await editorPost(theirs.id, { intent: "pause" });
    expect(paused.status).toBe(404);
    const row = await db().journey.findFirstOrThrow({ where: { id: theirs.id } });
    expect({ status: row.status, holdoutShare: row.holdoutShare }).toEqual({ status: "draft", holdoutShare: 0.1 });
    expect((await list()).journeys.map((journey) => journey.id)).not.toContain(theirs.id);
  });
});

describe("customer page", () => {
  const customerUrl = (id: bigint) => `/app/customers/${id}`;
  const loadCustomer = async (id: bigint) =>
    (await customerLoader({ request: await get(customerUrl(id)), params: { id: String(id) }, context: {} })) as Awaited<
      ReturnType<typeof customerLoader>
    >;
  const postCustomer = async (id: bigint, fields: Record<string, string>) =>
    (await run(async () =>
      customerAction({ request: await post(customerUrl(id), fields), params: { id: String(id) }, context: {} }),
    )) as Response;

  it("shows the journeys the customer is in and every message, sent, clicked or suppressed", async () => {
    const customerId = h.customerIds[0];
    const entry = await db().journeyEntry.create({
      data: {
        shopId: h.shop.id,
        journeyId: followupId,
        customerId,
        groupName: "treatment",
        stepIndex: 4,
        dueAt: new Date("2026-03-08T00:00:00Z"),
        enteredAt: new Date("2026-03-01T00:00:00Z"),
        triggerKey: "order:1",
      },
    });
    const message = (stepIndex: number, fields: Record<string, unknown>) => ({
      shopId: h.shop.id,
      journeyId: followupId,
      entryId: entry.id,
      stepIndex,
      customerId,
      key: `j${followupId}.e${entry.id}.s${stepIndex}`,
      templateKey: stepIndex === 1 ? "followup-1-reassure" : "followup-2-expectation",
      locale: "ja",
      messageId: `<j${followupId}.e${entry.id}.s${stepIndex}@kizuna.test>`,
      ...fields,
    });
    await db().journeyMessage.create({
      data: message(1, {
        status: "sent",
        sentAt: new Date("2026-03-02T01:00:00Z"),
        clicks: 2,
        firstClickAt: new Date("2026-03-02T02:00:00Z"),
      }),
    });
    await db().journeyMessage.create({ data: message(3, { status: "suppressed", detail: "frequency-cap" }) });

    const data = await loadCustomer(customerId);
    expect(data.journeys.entries).toMatchObject([{ journeyId: followupId, state: "active", group: "treatment", stepIndex: 4 }]);
    expect(data.journeys.messages.map((m) => [m.stepIndex, m.status, m.detail, m.clicks])).toEqual([
      [3, "suppressed", "frequency-cap", 0],
      [1, "clicked", null, 2],
    ]);
    // the list counts the entry as in progress and the message as sent
    expect((await list()).journeys.find((row) => row.id === followupId)).toMatchObject({ inProgress: 1, entered: 1, sent: 1 });
    // another customer sees none of it
    const other = await loadCustomer(h.customerIds[1]);
    expect(other.journeys).toEqual({ entries: [], messages: [] });
  });

  it("keeps a birth date typed on the customer page, and only a real past one", async () => {
    const customerId = h.customerIds[2];
    const stored = async () => (await db().customer.findFirstOrThrow({ where: { shopId: h.shop.id, id: customerId } })).birthDate;
    const initial = await stored();
    for (const [value, error] of [
      ["2001-02-29", "journeys.errors.birthDate"],
      ["15/04/1990", "journeys.errors.birthDate"],
      ["2999-01-01", "journeys.errors.birthDateFuture"],
      ["1850-01-01", "journeys.errors.birthDateTooOld"],
    ] as const) {
      const response = await postCustomer(customerId, { birthDate: value });
      expect(response.status, value).toBe(400);
      expect(await response.json(), value).toEqual({ kind: "birthDate", ok: false, error });
      expect(await stored(), value).toBe(initial);
    }
    const saved = await postCustomer(customerId, { birthDate: "1990-04-15" });
    expect(await saved.json()).toEqual({ kind: "birthDate", ok: true, birthDate: "1990-04-15" });
    expect(await stored()).toBe("1990-04-15");
    expect((await loadCustomer(customerId)).birthDate).toBe("1990-04-15");
    // a note is still a note
    const note = await postCustomer(customerId, { body: "Prefers gift wrapping" });
    expect(await note.json()).toMatchObject({ ok: true, note: { body: "Prefers gift wrapping" } });
    expect(await stored()).toBe("1990-04-15");
    // empty clears it
    expect(await (await postCustomer(customerId, { birthDate: "" })).json()).toEqual({
      kind: "birthDate",
      ok: true,
      birthDate: null,
    });
    expect(await stored()).toBeNull();
  });

  it("cannot write the birth date of another shop's customer", async () => {
    const other = await registerShop(db(), "birthdays-other-shop.myshopify.com", { name: "Other" });
    const at = new Date("2026-01-01T00:00:00Z");
    const theirCustomer = 987_654_321n;
    await db().customer.create({
      data: { shopId: other.id, id: theirCustomer, firstName: "Ken", shopifyCreatedAt: at, shopifyUpdatedAt: at },
    });
    const response = await postCustomer(theirCustomer, { birthDate: "1980-01-01" });
    expect(response.status).toBe(404);
    expect((await db().customer.findFirstOrThrow({ where: { shopId: other.id, id: theirCustomer } })).birthDate).toBeNull();
  });
});

describe("journey report", () => {
  const at = (iso: string) => new Date(iso);
  async function enter(customerId: bigint, groupName: "treatment" | "holdout", status: "sent" | "held-out") {
    const entry = await db().journeyEntry.create({
      data: {
        shopId: h.shop.id,
        journeyId: followupId,
        customerId,
        groupName,
        stepIndex: 2,
        dueAt: at("2026-03-08T01:00:00Z"),
        enteredAt: at("2026-03-01T00:00:00Z"),
        triggerKey: `order:${customerId}`,
      },
    });
    await db().journeyMessage.create({
      data: {
        shopId: h.shop.id,
        journeyId: followupId,
        entryId: entry.id,
        stepIndex: 1,
        customerId,
        status,
        key: `j${followupId}.e${entry.id}.s1`,
        templateKey: "followup-1-reassure",
        locale: "ja",
        messageId: `<j${followupId}.e${entry.id}.s1@kizuna.test>`,
        sentAt: at("2026-03-02T01:00:00Z"),
      },
    });
  }
  async function order(customerId: bigint, id: bigint, processedAt: string, totalMinor: number) {
    await db().order.create({
      data: {
        shopId: h.shop.id,
        id,
        name: `#J${id}`,
        customerId,
        shopifyCreatedAt: at(processedAt),
        processedAt: at(processedAt),
        shopifyUpdatedAt: at(processedAt),
        currency: "JPY",
        presentmentCurrency: "JPY",
        subtotalMinor: totalMinor,
        totalMinor,
        presentmentTotalMinor: totalMinor,
      },
    });
  }
  const report = async (id: number) =>
    (await run(async () =>
      reportLoader({ request: await get(`/app/journeys/${id}/report`), params: { id: String(id) }, context: {} }),
    )) as Awaited<ReturnType<typeof reportLoader>> | Response;

  it("counts each step, measures the lift against the hold-out and the F2 conversion", async () => {
    // customer 0 (treated, sent and clicked) entered in the customer page test; add one more treated, two held out
    const [, , , treated, heldOutA, heldOutB] = h.customerIds;
    await enter(treated, "treatment", "sent");
    await enter(heldOutA, "holdout", "held-out");
    await enter(heldOutB, "holdout", "held-out");
    await order(treated, 9_000_001n, "2026-03-04T03:00:00Z", 8000);
    await order(heldOutB, 9_000_002n, "2026-03-05T03:00:00Z", 1000);

    const data = await report(followupId);
    if (data instanceof Response) throw new Error(`report answered ${data.status}`);
    expect(data.results.entered).toEqual({ treated: 2, holdout: 2 });
    expect(data.results.steps[1]).toMatchObject({ sent: 2, heldOut: 2, clicked: 1, converted: 1, revenueMinor: 8000 });
    expect(data.results.steps[3]).toMatchObject({ suppressed: 1 });
    expect(data.results.lift.lift?.perCustomerMinor).toBe(3500);
    expect(data.results.f2).toMatchObject({ treated: { customers: 2, converted: 1 }, holdout: { customers: 2, converted: 1 } });

    const row = (await list()).journeys.find((journey) => journey.id === followupId);
    expect(row?.lift?.perCustomerMinor).toBe(3500);
    expect(row?.lift?.lowMinor).toBeLessThan(3500);
    expect(row?.lift?.highMinor).toBeGreaterThan(3500);
  });

  it("is a 404 for another shop's journey", async () => {
    const other = await registerShop(db(), "reports-other-shop.myshopify.com", { name: "Other" });
    const theirs = await createJourneyFromTemplate(db(), { id: other.id, domain: other.domain }, "win-back", {
      name: "journeys.template.winBack.name",
    });
    const response = await report(theirs.id);
    expect(response).toBeInstanceOf(Response);
    expect((response as Response).status).toBe(404);
    const notANumber = await run(async () =>
      reportLoader({ request: await get("/app/journeys/abc/report"), params: { id: "abc" }, context: {} }),
    );
    expect((notANumber as Response).status).toBe(404);
  });
});
