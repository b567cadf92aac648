import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { Session } from "@shopify/shopify-api";
import type express from "express";
import { type Emulator, startEmulator } from "../../../emulator/index";
import { type Mailbox, startMailbox } from "../../../emulator/mailbox/index";
import { type LineEmulator, startLineEmulator } from "../../../emulator/line/index";
import { generateStore } from "../../../emulator/seed/generate";
import type { Db } from "../../db/client.server";
import { projectRoot } from "../../db/database-url.mjs";
import type { ShopRef } from "../../db/shops.server";
import { clockFile, kizunaNow, readClockState, writeClockState } from "../../lib/clock.server";
import { WEBHOOK_TOPICS } from "../../sync/webhook-payloads";
import type { CommandIo } from "../io";
import { progressPrinter } from "../progress";
import { DEMO_CLOCK_FILE } from "./clock";
import type { ServeOptions, Serving } from "./serve";

/**
 * The demo: a seeded store in the local Shopify emulator, installed in Kizuna the way a real install
 * leaves it (shop + offline session with the store's token), copied by the real backfill, analysed, the app
 * served, and only then pushed back (the push's customers/update webhooks need a server that listens) — then
 * a local /demo-login link that signs in through the real embedded-auth path with a freshly minted token.
 */
const DEMO = {
  apiKey: "kizuna-demo-api-key",
  shop: "kizuna-demo.myshopify.com",
};

/** How long a token minted by /demo-login lasts: the embedded page keeps using it; open the link again for another. */
export const DEMO_TOKEN_TTL_SECONDS = 3600;

export interface DemoOptions {
  port: number;
  emulatorPort: number;
  customers: number;
  seed: number;
  currency: string;
  locale: "ja" | "en";
  /** where the local mailbox's page listens (0: any free port); unused when SMTP_URL is set */
  mailboxPort?: number;
  /** where the LINE emulator listens (0: any free port) */
  linePort?: number;
  /**
   * Kizuna's movable clock (KIZUNA_CLOCK_FILE, unless already set): `kizuna clock advance <days>` moves it and
   * the emulator's store clock together. The command passes data/demo-clock.json; without it the clock is not movable.
   */
  clockFile?: string;
  /** switch on the first-order follow-up journey (default); `--no-journeys` leaves every journey off */
  journeys?: boolean;
}

export interface DemoSteps {
  /** build and migrate (the real command); tests hand in a database their setup already migrated */
  prepare(io: CommandIo): Promise<boolean>;
  /** listen on $PORT with the given extra routes (the real command: the production server and its worker) */
  listen(io: CommandIo, options: ServeOptions): Promise<Serving | null>;
}

export interface RunningDemo {
  /** the link to print: it mints a fresh session token each time it is opened */
  loginUrl: string;
  emulator: Emulator;
  /** the local mailbox the demo's mail goes to (null when SMTP_URL pointed elsewhere) */
  mailbox: Mailbox | null;
  stop(): Promise<void>;
}

const productionSteps: DemoSteps = {
  async prepare(io) {
    if (!existsSync(path.join(projectRoot, "build/index.js"))) {
      io.stdout("Building the app…");
      const build = spawnSync("npx", ["remix", "build"], { cwd: projectRoot, stdio: "inherit" });
      if (build.status !== 0) return false;
    }
    const migrate = await import("./migrate");
    return (await migrate.run([], io)) === 0;
  },
  async listen(io, options) {
    return (await import("./serve")).startServing(io, options);
  },
};

/** A page of the embedded app to come back to after signing in again: /app or below, nothing else. */
function appPath(value: unknown): string {
  if (typeof value !== "string" || !/^\/app(?:[/?]|$)/.test(value) || value.includes("//")) return "/app";
  return value;
}

/**
 * GET /demo-login[?locale=en][&return=/app/customers]: a redirect into the embedded app with a token minted
 * now, never printed.
 *
 * Inside Shopify admin a reload (F5) reloads the admin, which opens the app again with a fresh token and the
 * admin's ?locale=. The demo has no admin around the app, so a reloaded page of the app arrives bare and
 * would land on the (English, browser-language) login page: such a document request goes through
 * /demo-login again and comes back to the same page, in the shop's language.
 */
export async function demoLoginRoute(settings: {
  appUrl: string;
  shop: string;
  apiKey: string;
  apiSecret: string;
  locale: string;
}): Promise<(app: express.Express) => void> {
  // Loaded before the routes are handed over: the server mounts them synchronously, ahead of the app's
  // catch-all (mounted after an await, they came after it and /demo-login answered 404).
  const { signSessionToken, embeddedAppUrl } = await import("../../shopify/session-token");
  return (app: express.Express) => {
    app.get("/demo-login", (request, response) => {
      const locale = request.query.locale === "en" || request.query.locale === "ja" ? request.query.locale : settings.locale;
      const token = signSessionToken({
        shopDomain: settings.shop,
        apiKey: settings.apiKey,
        apiSecret: settings.apiSecret,
        ttlSeconds: DEMO_TOKEN_TTL_SECONDS,
      });
      response
        .set("Cache-Control", "no-store")
        .redirect(302, embeddedAppUrl(settings.appUrl, settings.shop, token, locale, appPath(request.query.return)));
    });
    app.get(/^\/app(?:\/|$)/, (request, response, next) => {
      const bare = !request.query.shop && !request.query.id_token && !request.headers.authorization;
      const document = request.accepts(["html", "json"]) === "html" && !("_data" in request.query);
      if (!bare || !document) return next();
      const back = new URLSearchParams({ locale: settings.locale, return: request.originalUrl });
      response.set("Cache-Control", "no-store").redirect(302, `/demo-login?${back}`);
    });
  };
}

export async function startDemo(
  options: DemoOptions,
  io: CommandIo,
  steps: DemoSteps = productionSteps,
): Promise<RunningDemo | null> {
  const appUrl = `http://localhost:${options.port}`;
  const apiKey = process.env.SHOPIFY_API_KEY ?? DEMO.apiKey;
  // A secret of this run only: a session token or a signed link from the demo is worthless once it stops.
  const apiSecret = process.env.SHOPIFY_API_SECRET ?? randomBytes(24).toString("base64url");
  process.env.SHOPIFY_API_KEY = apiKey;
  process.env.SHOPIFY_API_SECRET = apiSecret;
  process.env.SHOPIFY_APP_URL ??= appUrl;
  process.env.PORT = String(options.port);
  process.env.HOST ??= "127.0.0.1";
  process.env.DATABASE_URL ??= `file:${path.join(projectRoot, "data/demo.db")}`;
  if (options.clockFile) process.env.KIZUNA_CLOCK_FILE ??= options.clockFile;

  if (!(await steps.prepare(io))) return null;

  io.stdout(`Seeding a store of ${options.customers} customers (seed ${options.seed})…`);
  // The store's history ends now (to the hour), so the first analysis and the ones the worker runs later,
  // as orders arrive, measure recency from the same present.
  // Kizuna's clock, moved forward by earlier `kizuna clock advance`s: the new store starts in the same present.
  const store = generateStore({
    now: Math.floor(kizunaNow().getTime() / 3_600_000) * 3_600_000,
    seed: options.seed,
    customers: options.customers,
    currency: options.currency,
    shopDomain: DEMO.shop,
    locale: options.locale,
  });
  const emulator = await startEmulator({
    port: options.emulatorPort,
    stores: [store],
    webhooks: { appUrl: `http://127.0.0.1:${options.port}`, apiSecret, topics: WEBHOOK_TOPICS },
  });
  process.env.SHOPIFY_ADMIN_ORIGIN = emulator.url;
  io.stdout(`Shopify emulator: ${emulator.url} (${store.orders.size.toLocaleString("en")} orders)`);
  // `kizuna clock advance` reads the emulator from the clock file and moves both clocks (README, Journeys).
  const clock = clockFile();
  if (clock) writeClockState(clock, { ...readClockState(clock), emulator: { url: emulator.url, shop: store.shop.domain } });
  // Mail goes to a real local SMTP server unless the operator named one.
  let mailbox: Mailbox | null = null;
  if (!process.env.SMTP_URL) {
    mailbox = await startMailbox({ smtpPort: 0, httpPort: options.mailboxPort ?? 0 });
    process.env.SMTP_URL = mailbox.smtpUrl;
    process.env.MAIL_FROM ??= `"${store.shop.name.replace(/["\\]/g, "")}" <shop@${DEMO.shop}>`;
    io.stdout(`Local mailbox: ${mailbox.httpUrl} (SMTP ${mailbox.smtpUrl})`);
  }

  // Imported after the environment is set: these modules read it on first use.
  const { db } = await import("../../db/client.server");
  const { registerShop } = await import("../../db/shops.server");
  const { secretBox } = await import("../../db/encryption.server");
  const { EncryptedSessionStorage } = await import("../../db/session-storage.server");
  const { PrismaSessionStorage } = await import("@shopify/shopify-app-session-storage-prisma");
  const { runBackfill } = await import("../../sync/backfill.server");
  const { adminClientFor } = await import("../../shopify/shop-client.server");
  const { recomputeShopAnalytics } = await import("../../analytics/recompute.server");
  const { pushToShopify } = await import("../../pushback/push.server");

  // LINE goes to the LINE emulator (decision 025), its channel entered in Settings as a merchant would.
  const lineChannel = {
    channelId: "2000000001",
    channelSecret: randomBytes(16).toString("hex"),
    accessToken: randomBytes(32).toString("base64url"),
    basicId: "@kizuna-demo",
    displayName: store.shop.name,
    webhookUrl: `http://127.0.0.1:${options.port}/webhooks/line/${store.shop.domain}`,
  };
  const line: LineEmulator = await startLineEmulator({ port: options.linePort ?? 0, channels: [lineChannel] });
  process.env.LINE_API_BASE = line.url;
  io.stdout(`LINE emulator: ${line.url} (conversations on that page; friends: POST ${line.url}/_line/follow)`);

  const client = db();
  const registered = await registerShop(client, store.shop.domain, {
    name: store.shop.name,
    email: store.shop.email,
    currency: store.shop.currency,
    timezone: store.shop.ianaTimezone,
    locale: store.shop.primaryLocale,
  });
  // Stored as an install stores it: through the session storage, token sealed at rest.
  await new EncryptedSessionStorage(new PrismaSessionStorage(client), secretBox()).storeSession(
    new Session({
      id: `offline_${store.shop.domain}`,
      shop: store.shop.domain,
      state: "installed",
      isOnline: false,
      accessToken: store.accessToken,
      scope:
        process.env.SCOPES ??
        "read_customers,write_customers,read_orders,read_all_orders,read_products,read_discounts,write_discounts",
    }),
  );
  const shop = { id: registered.id, domain: registered.domain, currency: registered.currency };
  const { saveLineChannel } = await import("../../db/line.server");
  await saveLineChannel(client, shop, { ...lineChannel, botUserId: null });
  const admin = await adminClientFor(client, shop);

  const progress = progressPrinter(io);
  await runBackfill(client, shop, { admin, tickMs: 100, pollMs: 250, onProgress: progress.update });
  await recomputeShopAnalytics(client, shop, { now: kizunaNow(), onProgress: progress.update });
  progress.done();

  // Listen before pushing: every tag the push writes comes back as a customers/update webhook.
  const serving = await steps.listen(io, {
    routes: await demoLoginRoute({
      appUrl,
      shop: store.shop.domain,
      apiKey,
      apiSecret,
      locale: options.locale,
    }),
  });
  const forgetEmulator = () => {
    if (clock) writeClockState(clock, { offsetMs: readClockState(clock).offsetMs });
  };
  if (!serving) {
    await emulator.stop();
    await mailbox?.close();
    await line.stop();
    forgetEmulator();
    return null;
  }
  await pushToShopify(client, shop, admin);
  if (options.journeys !== false) await switchOnFollowup(client, shop, io);

  return {
    loginUrl: `${appUrl}/demo-login?locale=${options.locale}`,
    emulator,
    mailbox,
    async stop() {
      await serving.stop();
      await emulator.stop();
      await mailbox?.close();
      await line.stop();
      forgetEmulator();
    },
  };
}

/**
 * Switches on the four-step first-order follow-up through the journeys page's own one-click switch, so a
 * first order made in the emulator starts it. Already on (an earlier demo run) or no mail set up: says so.
 */
async function switchOnFollowup(client: Db, shop: ShopRef, io: CommandIo): Promise<void> {
  const { switchOnTemplate } = await import("../../forms/journeys-list.server");
  const form = new FormData();
  form.set("templateKey", "first-order-followup");
  const result = await switchOnTemplate(client, shop, form, kizunaNow());
  if (result.ok) io.stdout("Journey switched on: the four-step first-order follow-up (days 1, 7, 21, 45).");
  else if (result.error !== "journeys.errors.alreadyOn") io.stdout(`The first-order follow-up is not on (${result.error}).`);
}

export async function run(args: string[], io: CommandIo): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      port: { type: "string", default: process.env.PORT ?? "3000" },
      "emulator-port": { type: "string", default: "4010" },
      customers: { type: "string", default: "5000" },
      seed: { type: "string", default: "42" },
      currency: { type: "string", default: "JPY" },
      locale: { type: "string", default: "ja" },
      "mailbox-port": { type: "string", default: "8025" },
      "line-port": { type: "string", default: "4020" },
      "no-journeys": { type: "boolean", default: false },
    },
  });
  const demo = await startDemo(
    {
      port: Number(values.port),
      emulatorPort: Number(values["emulator-port"]),
      customers: Number(values.customers),
      seed: Number(values.seed),
      currency: values.currency,
      locale: values.locale === "en" ? "en" : "ja",
      mailboxPort: Number(values["mailbox-port"]),
      linePort: Number(values["line-port"]),
      clockFile: DEMO_CLOCK_FILE,
      journeys: !values["no-journeys"],
    },
    io,
  );
  if (!demo) return 1;
  io.stdout(
    [
      "",
      "Kizuna demo is running. Open this link in a browser: it signs you in as the shop's staff with a session",
      `token minted when you open it (valid ${DEMO_TOKEN_TTL_SECONDS / 60} minutes and only while this demo runs; open it again for another):`,
      "",
      `  ${demo.loginUrl}`,
      "",
      ...(demo.mailbox ? [`Mail the shop sends arrives in the local mailbox: ${demo.mailbox.httpUrl}`, ""] : []),
      `Change the store while it runs: POST ${demo.emulator.url}/_emulator/createOrder {"customerId": …} (see emulator/README.md).`,
      "Move time (Kizuna's clock and the emulator's together): npx kizuna clock advance <days>",
      "Ctrl-C stops the demo.",
    ].join("\n"),
  );
  const { untilStopped, exitSoon } = await import("./serve");
  await untilStopped();
  await stopDemo(demo, io);
  exitSoon();
  return 0;
}

/**
 * Ctrl-C / SIGTERM: says that it is stopping and when it has stopped. The server and worker get their
 * shutdown budget; a second Ctrl-C stops at once. The database is disconnected so that nothing keeps the
 * process alive afterwards (an open pool or client used to hold it for half a minute or more).
 */
export async function stopDemo(demo: Pick<RunningDemo, "stop">, io: CommandIo): Promise<void> {
  const started = Date.now();
  io.stdout("\nStopping the demo… (Ctrl-C again to stop at once)");
  const force = () => {
    io.stdout("Stopped at once.");
    process.exit(130);
  };
  process.once("SIGINT", force);
  process.once("SIGTERM", force);
  try {
    await demo.stop();
    const { db } = await import("../../db/client.server");
    await db().$disconnect();
  } finally {
    process.off("SIGINT", force);
    process.off("SIGTERM", force);
  }
  io.stdout(`Demo stopped (${((Date.now() - started) / 1000).toFixed(1)} s).`);
}
