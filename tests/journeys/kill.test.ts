import { type ChildProcess, spawn } from "node:child_process";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Mailbox, startMailbox } from "../../emulator/mailbox/index";
import { db } from "../../app/db/client.server";
import { projectRoot } from "../../app/db/database-url.mjs";
import { insertEntries, insertJourney } from "../../app/db/journeys.server";
import { registerShop, type ShopRef } from "../../app/db/shops.server";
import { upsertRows } from "../../app/db/upsert.server";

/**
 * Exactly once in effect against a real SMTP server (decision 020): a child process sends one step to 300
 * journey entries through the email channel into the local mailbox and is SIGKILLed mid-send three times, at
 * different points; a fresh one finishes. Every (entry, step) then has exactly one distinct Message-ID in the
 * mailbox — none missing — and every outbox row ends `sent`. A message the killed process may have handed to
 * the server before it could mark it `sent` arrives again with the same Message-ID (counted, not asserted away).
 */
const ENTRIES = 300;
const BASE = new Date("2026-03-02T03:00:00Z"); // 12:00 JST, outside quiet hours
/** each run is dated past the lease (5 min) of the run killed before it, so it takes over its claims */
const runAt = (run: number) => new Date(BASE.getTime() + run * 6 * 60_000);

let mailbox: Mailbox;
let shop: ShopRef;
let journeyId: number;
const children = new Set<ChildProcess>();

function startRunner(run: number): ChildProcess {
  const child = spawn(
    process.execPath,
    [
      "--import",
      "tsx",
      path.join(projectRoot, "tests/journeys/kill-runner.ts"),
      String(shop.id),
      shop.domain,
      runAt(run).toISOString(),
    ],
    {
      cwd: projectRoot,
      env: {
        ...process.env,
        SMTP_URL: mailbox.smtpUrl,
        MAIL_FROM: "Kill Test <shop@kill-test.example.jp>",
        MAIL_RATE_PER_SECOND: "100",
      },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  children.add(child);
  child.once("exit", () => children.delete(child));
  return child;
}

const exited = (child: ChildProcess) =>
  new Promise<number | null>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve(child.exitCode);
    else child.once("exit", (code) => resolve(code));
  });

async function until(condition: () => boolean | Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

beforeAll(async () => {
  mailbox = await startMailbox({ smtpPort: 0, httpPort: null, keep: 5_000 });
  const record = await registerShop(db(), "kill-test.myshopify.com", {
    name: "キルテスト",
    currency: "JPY",
    timezone: "Asia/Tokyo",
  });
  shop = { id: record.id, domain: record.domain };
  const at = new Date("2026-01-15T00:00:00Z");
  const customers = Array.from({ length: ENTRIES }, (_, i) => ({
    shopId: shop.id,
    id: BigInt(7_000_000 + i),
    firstName: `花子${i}`,
    lastName: "山田",
    email: `c${i}@kill-test.example.jp`,
    locale: "ja",
    emailMarketing: "SUBSCRIBED",
    shopifyCreatedAt: at,
    shopifyUpdatedAt: at,
  }));
  await upsertRows(db(), { table: "Customer", key: ["shopId", "id"], update: [] }, customers);
  const journey = await insertJourney(db(), shop, {
    templateKey: null,
    name: "kill test",
    definition: JSON.stringify({
      trigger: { kind: "first_order" },
      steps: [{ kind: "send", channel: "email", templateKey: "followup-1-reassure", marketing: true }],
    }),
    holdoutShare: 0,
    holdoutSalt: "kill",
    attributionDays: 7,
  });
  journeyId = journey.id;
  await db().journey.update({ where: { id: journeyId }, data: { status: "active", activatedAt: BASE } });
  const inserted = await insertEntries(
    db(),
    shop,
    journeyId,
    customers.map((c) => ({
      customerId: c.id,
      triggerKey: `order:${c.id}`,
      groupName: "treatment" as const,
      enteredAt: BASE,
      dueAt: BASE,
    })),
  );
  expect(inserted).toBe(ENTRIES);
}, 60_000);

afterAll(async () => {
  for (const child of children) child.kill("SIGKILL");
  await mailbox?.close();
});

describe("a sender SIGKILLed mid-send", () => {
  it("leaves, once a fresh one finished, exactly one distinct Message-ID per (entry, step) and every row sent", async () => {
    // killed: once the first mail arrived, then twice more about a quarter of the way further each time
    const killAt = [1, 80, 160];
    // rows a kill left `sending` (the mail may or may not have gone): the next run sends each again
    let leftSending = 0;
    for (const [run, threshold] of killAt.entries()) {
      const child = startRunner(run);
      await until(() => mailbox.received() >= threshold || child.exitCode !== null, 120_000, `${threshold} mails`);
      child.kill("SIGKILL");
      await exited(child);
      expect(mailbox.distinctMessageIds()).toBeLessThan(ENTRIES);
      leftSending += await db().journeyMessage.count({ where: { shopId: shop.id, status: "sending" } });
    }

    const last = startRunner(killAt.length);
    let output = "";
    last.stdout?.on("data", (chunk) => {
      output += String(chunk);
    });
    expect(await exited(last)).toBe(0);
    expect(JSON.parse(output.trim().split("\n").pop() ?? "{}")).toMatchObject({ errors: 0 });

    const rows = await db().journeyMessage.findMany({
      where: { shopId: shop.id, journeyId },
      select: { entryId: true, stepIndex: true, status: true, messageId: true, toAddress: true },
    });
    expect(rows).toHaveLength(ENTRIES);
    expect(rows.filter((row) => row.status !== "sent")).toEqual([]);
    expect(new Set(rows.map((row) => `${row.entryId}:${row.stepIndex}`)).size).toBe(ENTRIES);

    // the mailbox: every row's Message-ID arrived, to its address, and no other Message-ID did
    const arrived = new Map<string, Set<string>>();
    for (const mail of mailbox.messages()) {
      const id = mail.messageId ?? "(none)";
      arrived.set(id, new Set([...(arrived.get(id) ?? []), ...mail.envelopeTo]));
    }
    expect(mailbox.distinctMessageIds()).toBe(ENTRIES);
    expect([...arrived.keys()].sort()).toEqual(rows.map((row) => row.messageId).sort());
    for (const row of rows) expect([...(arrived.get(row.messageId) ?? [])]).toEqual([row.toAddress]);
    // resends after a kill carry the same Message-ID: at most one per row a kill caught in `sending`
    const resent = mailbox.received() - mailbox.distinctMessageIds();
    expect(resent).toBeLessThanOrEqual(leftSending);
    console.info(`kill test: ${mailbox.received()} mails received, ${resent} resent with the same Message-ID`);
  }, 240_000);
});
