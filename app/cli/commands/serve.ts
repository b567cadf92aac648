import { existsSync } from "node:fs";
import type { Server } from "node:http";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import compression from "compression";
import express from "express";
import { projectRoot } from "../../db/database-url.mjs";
import { config } from "../../config.server";
import { db } from "../../db/client.server";
import { checkDatabase } from "../../db/database-check.server";
import { DEV_KEY_FILE, encryptionKeysFrom } from "../../db/encryption.server";
import { markDraining } from "../../jobs/health.server";
import type { CommandIo } from "../io";

export interface Serving {
  /** where it listens, e.g. http://127.0.0.1:3000 */
  url: string;
  stop(): Promise<void>;
}

export interface ServeOptions {
  /** routes mounted before the app's own (the demo's /demo-login) */
  routes?: (app: express.Express) => void;
}

/**
 * Checks the configuration, the database and the build, then listens on $HOST:$PORT and, unless
 * KIZUNA_WORKER=off, runs the worker in-process. Anything that would fail later fails here, before listening.
 */
export async function startServing(io: CommandIo, options: ServeOptions = {}): Promise<Serving | null> {
  const settings = config();
  const keys = encryptionKeysFrom(process.env);
  if (keys.source !== "KIZUNA_ENCRYPTION_KEY") {
    io.stdout(
      `Access tokens are encrypted with the development key in ${DEV_KEY_FILE}; set KIZUNA_ENCRYPTION_KEY in production.`,
    );
  }
  await checkDatabase(settings.databaseUrl);
  const buildFile = path.join(projectRoot, "build/index.js");
  if (!existsSync(buildFile)) {
    io.stderr("No production build found: run `npm run build` first.");
    return null;
  }
  const build = (await import(pathToFileURL(buildFile).href)) as ServerBuild;

  const app = express();
  app.disable("x-powered-by");
  app.use(compression());
  options.routes?.(app);
  app.use("/build", express.static(path.join(projectRoot, "public/build"), { immutable: true, maxAge: "1y" }));
  app.use(express.static(path.join(projectRoot, "public"), { maxAge: "1h" }));
  app.all("*", createRequestHandler({ build, mode: "production" }));

  const server = await new Promise<Server>((resolve, reject) => {
    const listening = app.listen(settings.PORT, settings.HOST, () => resolve(listening));
    listening.once("error", reject);
  });
  io.stdout(`Kizuna is serving ${settings.SHOPIFY_APP_URL} on http://${settings.HOST}:${settings.PORT}`);

  // Loaded after the checks: the worker pulls in every job's code, which start-up errors need not wait for.
  const work =
    settings.KIZUNA_WORKER === "embedded"
      ? await (async () => {
          const [{ startBackgroundWork }, { jobQueue }] = await Promise.all([
            import("../../jobs/runtime.server"),
            import("../../jobs/index.server"),
          ]);
          return startBackgroundWork(db(), jobQueue());
        })()
      : null;
  return {
    url: `http://${settings.HOST}:${settings.PORT}`,
    async stop() {
      // Unready at once, no new connections; requests in flight and running jobs get until the deadline.
      markDraining();
      const closed = new Promise((resolve) => server.close(resolve));
      server.closeIdleConnections();
      const force = setTimeout(() => server.closeAllConnections(), SHUTDOWN_MS - 1_000);
      await Promise.all([work?.stop({ graceMs: SHUTDOWN_MS - 3_000 }), closed]);
      clearTimeout(force);
    },
  };
}

/** SIGTERM to exit: inside a 10 s budget, well within a usual 30 s deploy grace period (decision 018). */
export const SHUTDOWN_MS = 10_000;

/**
 * A released job's handler may still hold a socket (a Shopify call): once everything is stopped and
 * released the process exits instead of waiting for it.
 */
export function exitSoon(): void {
  setTimeout(() => process.exit(process.exitCode ?? 0), 200).unref();
}

/** Resolves on the first SIGINT or SIGTERM. */
export function untilStopped(): Promise<void> {
  return new Promise<void>((resolve) => {
    process.once("SIGINT", resolve);
    process.once("SIGTERM", resolve);
  });
}

/** `kizuna serve`: serves the production build until SIGINT/SIGTERM. */
export async function run(_args: string[], io: CommandIo): Promise<number> {
  const serving = await startServing(io);
  if (!serving) return 1;
  await untilStopped();
  await serving.stop();
  await db().$disconnect();
  exitSoon();
  return 0;
}
