/**
 * Journey broadcast benchmark (issue 15): one send step due for N customers at once, run by the journey
 * step runner through the real email channel (Liquid render, CSS-inlined layout, plain text, signed links,
 * nodemailer pool) into the local SMTP mailbox (its own process, mailparser included). Measures
 *   - messages/s from the first claim until every outbox row is `sent`,
 *   - the sender's peak RSS (sampled every 100 ms, with the RSS at 10/50/90 % of the way: flat = streaming),
 *   - webhook intake latency (the 200 of POST /webhooks/orders/create, production build, a fixed rate of
 *     deliveries/s) alone and during the broadcast,
 * and, as the floor in the same run, raw nodemailer sends of one pre-rendered message to the same mailbox
 * (what the mailbox and SMTP on this machine allow without rendering or database work).
 *   npm run build && npx tsx bench/journey-broadcast.ts [--customers 100000] [--intake-rate 100] [--intake-seconds 10]
 * Target: ≥ 500 messages/s on 2 cores, flat memory, intake not starved. Results: bench/results/journey-broadcast.json.
 * MAIL_RATE_PER_SECOND is lifted for the run (the production default, 50/s, is a provider courtesy, not capacity).
 */
import { type ChildProcess, spawn } from "node:child_process";
import { createHmac, randomUUID } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import type autocannon from "autocannon";
import { projectRoot } from "../app/db/database-url.mjs";

const { values } = parseArgs({
  options: {
    role: { type: "string", default: "main" },
    customers: { type: "string", default: "10000" },
    "intake-rate": { type: "string", default: "100" },
    "intake-seconds": { type: "string", default: "10" },
    "floor-messages": { type: "string", default: "5000" },
    url: { type: "string" },
    shop: { type: "string" },
    secret: { type: "string" },
    seconds: { type: "string" },
    rate: { type: "string" },
  },
});

const SHOP = "bench-broadcast.myshopify.com";
const SECRET = "bench-broadcast-secret";
/** the step runs "now" at 12:00 JST, outside quiet hours */
const NOW = new Date("2026-03-02T03:00:00Z");

if (values.role === "mailbox") await mailboxRole();
else if (values.role === "intake") await intakeRole();
else await main();

/** A child: the local mailbox, keeping only the last few messages in memory (counts stay exact). */
async function mailboxRole(): Promise<void> {
  const { startMailbox } = await import("../emulator/mailbox/index");
  const mailbox = await startMailbox({ smtpPort: 0, httpPort: 0, keep: 5 });
  process.stdout.write(`${JSON.stringify({ smtpUrl: mailbox.smtpUrl, httpUrl: mailbox.httpUrl })}\n`);
  process.once("SIGTERM", () => void mailbox.close().then(() => process.exit(0)));
}

/** A child: orders/create deliveries at a fixed rate until SIGTERM (or `seconds`), then latency as JSON. */
async function intakeRole(): Promise<void> {
  const { default: runLoad } = await import("autocannon");
  const { generateStore } = await import("../emulator/seed/generate");
  const { orderPayload } = await import("../emulator/webhooks/payloads");
  const shopDomain = values.shop ?? SHOP;
  const store = generateStore({ seed: 5, customers: 50, shopDomain });
  const order = [...store.orders.values()].find((o) => o.lineItems.length >= 3) ?? [...store.orders.values()][0];
  const body = JSON.stringify(orderPayload(store, order));
  const hmac = createHmac("sha256", values.secret ?? SECRET)
    .update(body, "utf8")
    .digest("base64");
  const headers = {
    "content-type": "application/json",
    "x-shopify-topic": "orders/create",
    "x-shopify-shop-domain": shopDomain,
    "x-shopify-api-version": "2026-07",
    "x-shopify-hmac-sha256": hmac,
  };
  let finish: (result: autocannon.Result) => void = () => {};
  const done = new Promise<autocannon.Result>((resolve) => {
    finish = resolve;
  });
  const instance = runLoad(
    {
      url: `${values.url}/webhooks/orders/create`,
      connections: 10,
      overallRate: Number(values.rate ?? 100),
      duration: Number(values.seconds ?? 3600),
      requests: [
        {
          method: "POST",
          body,
          setupRequest: (request) => ({
            ...request,
            headers: {
              ...headers,
              "x-shopify-webhook-id": randomUUID(),
              "x-shopify-event-id": randomUUID(),
              "x-shopify-triggered-at": new Date().toISOString(),
            },
          }),
        },
      ],
    },
    (error, result) => {
      if (error) throw error;
      finish(result);
    },
  );
  process.once("SIGTERM", () => instance.stop());
  const result = await done;
  process.stdout.write(
    `${JSON.stringify({
      requests: result.requests.total,
      ok2xx: result["2xx"],
      non2xx: result.non2xx,
      errors: result.errors,
      seconds: result.duration,
      latencyMs: { p50: result.latency.p50, p90: result.latency.p90, p99: result.latency.p99, max: result.latency.max },
    })}\n`,
  );
  process.exit(0);
}

function child(args: string[], env: NodeJS.ProcessEnv): ChildProcess {
  return spawn(process.execPath, args, { cwd: projectRoot, env, stdio: ["ignore", "pipe", "inherit"] });
}

function firstLine(proc: ChildProcess, includes?: string): Promise<string> {
  return new Promise((resolve, reject) => {
    let buffer = "";
    proc.stdout?.on("data", (chunk) => {
      buffer += String(chunk);
      const lines = buffer.split("\n");
      const line = lines.find((l) => (includes ? l.includes(includes) : l.trim().length > 0));
      if (line !== undefined && (includes || buffer.includes("\n"))) resolve(line);
    });
    proc.once("exit", (code) => reject(new Error(`child exited (${code}) before printing`)));
  });
}

function lastJson<T>(proc: ChildProcess): Promise<T> {
  return new Promise((resolve, reject) => {
    let buffer = "";
    proc.stdout?.on("data", (chunk) => {
      buffer += String(chunk);
    });
    proc.once("exit", () => {
      try {
        resolve(JSON.parse(buffer.trim().split("\n").pop() ?? "") as T);
      } catch (error) {
        reject(error);
      }
    });
  });
}

interface IntakeResult {
  requests: number;
  ok2xx: number;
  non2xx: number;
  errors: number;
  seconds: number;
  latencyMs: { p50: number; p90: number; p99: number; max: number };
}

async function main(): Promise<void> {
  const customers = Number(values.customers);
  const intakeRate = Number(values["intake-rate"]);
  const dir = mkdtempSync(path.join(tmpdir(), "kizuna-broadcast-"));
  const databaseUrl = `file:${path.join(dir, "broadcast.db")}`;
  const port = 3950 + Math.floor(Math.random() * 40);
  const tsx = ["--import", "tsx", path.join(projectRoot, "bench/journey-broadcast.ts")];

  const mailboxProc = child([...tsx, "--role", "mailbox"], process.env);
  const mailboxInfo = JSON.parse(await firstLine(mailboxProc)) as { smtpUrl: string; httpUrl: string };
  const mailboxCount = async () =>
    (await (await fetch(new URL("messages", mailboxInfo.httpUrl))).json()) as { received: number; distinctMessageIds: number };

  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: databaseUrl,
    SHOPIFY_API_KEY: "bench-key",
    SHOPIFY_API_SECRET: SECRET,
    SHOPIFY_APP_URL: `http://127.0.0.1:${port}`,
    PORT: String(port),
    HOST: "127.0.0.1",
    KIZUNA_WORKER: "off",
    SMTP_URL: mailboxInfo.smtpUrl,
    MAIL_FROM: '"ベンチ茶舗" <shop@bench-broadcast.example.jp>',
    MAIL_RATE_PER_SECOND: "100000",
  };
  Object.assign(process.env, env);
  const migrate = child([path.join(projectRoot, "bin/kizuna.js"), "migrate"], env);
  await new Promise((resolve) => migrate.once("exit", resolve));

  const { upsertRows } = await import("../app/db/upsert.server");
  const { insertEntries, insertJourney } = await import("../app/db/journeys.server");
  const { registerShop } = await import("../app/db/shops.server");
  const { emailChannelFromEnv } = await import("../app/journeys/email-channel.server");
  const { runDueSteps } = await import("../app/journeys/runner.server");
  const { db } = await import("../app/db/client.server");
  const nodemailer = (await import("nodemailer")).default;
  const client = db();

  // ---------------------------------------------------------------- data: N subscribed customers, one entry each
  const seedStarted = Date.now();
  const record = await registerShop(client, SHOP, { name: "ベンチ茶舗", currency: "JPY", timezone: "Asia/Tokyo", locale: "ja" });
  const shop = { id: record.id, domain: record.domain };
  await client.session.create({
    data: { id: `offline_${SHOP}`, shop: SHOP, state: "installed", accessToken: "bench-token", scope: "read_orders" },
  });
  const at = new Date("2026-01-15T00:00:00Z");
  const ids: bigint[] = [];
  for (let start = 0; start < customers; start += 1000) {
    const rows = [];
    for (let i = start; i < Math.min(customers, start + 1000); i++) {
      const id = BigInt(5_000_000 + i);
      ids.push(id);
      rows.push({
        shopId: shop.id,
        id,
        firstName: "花子",
        lastName: `山田${i}`,
        email: `c${i}@bench-broadcast.example.jp`,
        locale: i % 5 === 0 ? "en" : "ja",
        emailMarketing: "SUBSCRIBED",
        shopifyCreatedAt: at,
        shopifyUpdatedAt: at,
      });
    }
    await upsertRows(client, { table: "Customer", key: ["shopId", "id"], update: [] }, rows);
  }
  const journey = await insertJourney(client, shop, {
    templateKey: null,
    name: "broadcast",
    definition: JSON.stringify({
      trigger: { kind: "future_loyal_candidate" },
      steps: [{ kind: "send", channel: "email", templateKey: "future-loyal", marketing: true }],
    }),
    holdoutShare: 0,
    holdoutSalt: "bench",
    attributionDays: 7,
  });
  await client.journey.update({ where: { id: journey.id }, data: { status: "active", activatedAt: NOW } });
  await insertEntries(
    client,
    shop,
    journey.id,
    ids.map((customerId) => ({ customerId, triggerKey: "bench", groupName: "treatment" as const, enteredAt: NOW, dueAt: NOW })),
  );
  const seedSeconds = (Date.now() - seedStarted) / 1000;
  console.log(`seeded ${customers} customers and entries in ${seedSeconds.toFixed(1)} s`);

  // ---------------------------------------------------------------- floor: raw nodemailer, one pre-rendered message
  const { renderMessage } = await import("../app/mail/render.server");
  const sample = renderMessage({
    templateKey: "future-loyal",
    context: {
      shop: { name: "ベンチ茶舗", domain: SHOP, url: `https://${SHOP}`, currency: "JPY", timezone: "Asia/Tokyo" },
      customer: { id: "1", firstName: "花子", lastName: "山田", email: "c@bench-broadcast.example.jp", locale: "ja" },
    },
    links: { track: (target) => target, unsubscribeUrl: `https://${SHOP}/apps/kizuna/unsubscribe?m=1&t=x` },
  });
  const floorMessages = Math.min(customers, Number(values["floor-messages"]));
  const transport = nodemailer.createTransport({ url: mailboxInfo.smtpUrl, pool: true, maxConnections: 5, maxMessages: 1000 });
  const before = (await mailboxCount()).received;
  const floorStarted = performance.now();
  for (let start = 0; start < floorMessages; start += 200) {
    await Promise.all(
      Array.from({ length: Math.min(200, floorMessages - start) }, (_, k) =>
        transport.sendMail({
          from: env.MAIL_FROM,
          to: `floor${start + k}@bench-broadcast.example.jp`,
          subject: sample.subject,
          html: sample.html,
          text: sample.text,
          messageId: `<floor.${start + k}@bench>`,
        }),
      ),
    );
  }
  const floorSeconds = (performance.now() - floorStarted) / 1000;
  transport.close();
  const floorReceived = (await mailboxCount()).received - before;
  const floorPerSecond = Math.round(floorMessages / floorSeconds);
  console.log(`floor: ${floorMessages} raw sends in ${floorSeconds.toFixed(1)} s = ${floorPerSecond}/s`);

  // ---------------------------------------------------------------- intake server (production build, no worker)
  const server = child([path.join(projectRoot, "bin/kizuna.js"), "serve"], env);
  await firstLine(server, "Kizuna is serving");
  const intakeArgs = (seconds?: number) => [
    ...tsx,
    "--role",
    "intake",
    "--url",
    `http://127.0.0.1:${port}`,
    "--shop",
    SHOP,
    "--secret",
    SECRET,
    "--rate",
    String(intakeRate),
    ...(seconds ? ["--seconds", String(seconds)] : []),
  ];
  const aloneProc = child(intakeArgs(Number(values["intake-seconds"])), process.env);
  const intakeAlone = await lastJson<IntakeResult>(aloneProc);
  console.log(`intake alone: p50 ${intakeAlone.latencyMs.p50} ms, p99 ${intakeAlone.latencyMs.p99} ms`);

  // ---------------------------------------------------------------- the broadcast, with intake running beside it
  const mailStart = (await mailboxCount()).received;
  const duringProc = child(intakeArgs(), process.env);
  const duringResult = lastJson<IntakeResult>(duringProc);
  await new Promise((resolve) => setTimeout(resolve, 1000)); // the load is running
  const mail = emailChannelFromEnv(env, SECRET);
  let peakRss = process.memoryUsage().rss;
  const rssAt: Record<string, number> = {};
  let sent = 0;
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }, 100);
  const started = performance.now();
  let batches = 0;
  for (;;) {
    const outcome = await runDueSteps(client, shop, NOW, {
      channel: mail.channel,
      maxBatches: 5,
      log: (line) => console.warn(line),
    });
    batches += 5;
    sent += outcome.sent;
    for (const mark of [0.1, 0.5, 0.9]) {
      if (rssAt[mark] === undefined && sent >= customers * mark) rssAt[mark] = process.memoryUsage().rss;
    }
    if (outcome.claimed === 0) break;
  }
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  duringProc.kill("SIGTERM");
  const intakeDuring = await duringResult;
  mail.close();
  const statuses = await client.journeyMessage.groupBy({ by: ["status"], _count: { _all: true } });
  // the mailbox may still be parsing the last few
  const deadline = Date.now() + 30_000;
  let arrived = await mailboxCount();
  while (arrived.received - mailStart < sent && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 200));
    arrived = await mailboxCount();
  }
  server.kill("SIGTERM");
  mailboxProc.kill("SIGTERM");

  const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);
  const report = {
    measuredAt: new Date().toISOString(),
    machine: `2 cores shared by the sender, the mailbox (smtp-server + mailparser), the intake server and its load; SQLite; Node ${process.version}`,
    customers,
    broadcast: {
      sent,
      seconds: Number(seconds.toFixed(1)),
      messagesPerSecond: Math.round(sent / seconds),
      outbox: Object.fromEntries(statuses.map((s) => [s.status, s._count._all])),
      mailboxReceived: arrived.received - mailStart,
      runnerBatchesOf200: batches,
      peakRssMb: mb(peakRss),
      rssMbAt: { "10%": mb(rssAt[0.1] ?? 0), "50%": mb(rssAt[0.5] ?? 0), "90%": mb(rssAt[0.9] ?? 0) },
    },
    floor: {
      what: "raw nodemailer (pool of 5) sends of one pre-rendered message to the same mailbox",
      messages: floorMessages,
      received: floorReceived,
      messagesPerSecond: floorPerSecond,
    },
    intake: { ratePerSecond: intakeRate, alone: intakeAlone, duringBroadcast: intakeDuring },
    seedSeconds: Number(seedSeconds.toFixed(1)),
    targets: { messagesPerSecond: 500 },
  };
  console.log(JSON.stringify(report, null, 2));
  mkdirSync(path.join(projectRoot, "bench/results"), { recursive: true });
  writeFileSync(path.join(projectRoot, "bench/results/journey-broadcast.json"), `${JSON.stringify(report, null, 2)}\n`);
  await client.$disconnect();
  rmSync(dir, { recursive: true, force: true });
  process.exit(0);
}
