import { type ChildProcess, spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { type Browser, chromium, type Page } from "playwright-core";
import { projectRoot } from "../../app/db/database-url.mjs";

/**
 * The demo as a person starts it (`kizuna demo`: emulator, seeded store, backfill, analysis, production
 * server), on free ports and a database of its own, plus Debian's Chromium to drive it. App Bridge's CDN
 * script is not reachable here: requests to cdn.shopify.com are answered locally, and the app's own
 * stand-in (public/app-bridge-emulator.js) provides what App Bridge would.
 */
export const ARTIFACTS = path.join(projectRoot, "test-results/e2e");

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export interface RunningDemo {
  url: string;
  emulatorUrl: string;
  stop(): Promise<void>;
}

/** The demo with `customers` customers in a store seeded in `locale` (names, addresses, products), opened in that language. */
export async function startDemo(customers = 800, locale: "en" | "ja" = "en", extraArgs: string[] = []): Promise<RunningDemo> {
  const [port, emulatorPort] = [await freePort(), await freePort()];
  const dir = mkdtempSync(path.join(tmpdir(), "kizuna-e2e-"));
  const child: ChildProcess = spawn(
    process.execPath,
    [
      path.join(projectRoot, "bin/kizuna.js"),
      "demo",
      "--customers",
      String(customers),
      "--port",
      String(port),
      "--emulator-port",
      String(emulatorPort),
      "--locale",
      locale,
      ...extraArgs,
    ],
    {
      cwd: projectRoot,
      env: { ...process.env, DATABASE_URL: `file:${path.join(dir, "demo.db")}` },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let output = "";
  child.stdout?.on("data", (chunk) => {
    output += String(chunk);
  });
  child.stderr?.on("data", (chunk) => {
    output += String(chunk);
  });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setInterval(() => {
      const match = /(http:\/\/localhost:\d+\/demo-login\?\S+)/.exec(output);
      if (match && output.includes("Kizuna is serving")) {
        clearInterval(timer);
        resolve(match[1]);
      }
    }, 200);
    child.once("exit", (code) => {
      clearInterval(timer);
      reject(new Error(`the demo exited (${code}) before serving:\n${output}`));
    });
  });
  return {
    url,
    emulatorUrl: `http://127.0.0.1:${emulatorPort}`,
    stop: async () => {
      child.kill("SIGTERM");
      await new Promise((resolve) => child.once("exit", resolve));
    },
  };
}

export async function openBrowser(): Promise<{ browser: Browser; page: Page }> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
  // An explicit context: axe (@axe-core/playwright) opens a page of its own in it to collect its results.
  const context = await browser.newContext({
    viewport: { width: 1400, height: 1000 },
    userAgent: "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0.0.0 Safari/537.36",
  });
  const page = await context.newPage();
  const stub = readFileSync(path.join(projectRoot, "public/app-bridge-emulator.js"), "utf8");
  await page.route("https://cdn.shopify.com/**", (route) =>
    route.request().url().endsWith(".js")
      ? route.fulfill({ status: 200, contentType: "application/javascript", body: stub })
      : route.fulfill({ status: 200, contentType: "text/css", body: "" }),
  );
  return { browser, page };
}

export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });
}
