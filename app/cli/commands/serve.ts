import { existsSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import compression from "compression";
import express from "express";
import { projectRoot } from "../../../scripts/database-url.mjs";
import { config } from "../../config.server";
import { db } from "../../db/client.server";
import { startBackgroundWork } from "../../jobs/runtime.server";
import { jobQueue } from "../../jobs/index.server";
import type { CommandIo } from "../io";

/** Serves the production build on $HOST:$PORT and, unless KIZUNA_WORKER=off, runs the worker in-process. */
export async function run(_args: string[], io: CommandIo): Promise<number> {
  const settings = config();
  const buildFile = path.join(projectRoot, "build/index.js");
  if (!existsSync(buildFile)) {
    io.stderr("No production build found: run `npm run build` first.");
    return 1;
  }
  const build = (await import(pathToFileURL(buildFile).href)) as ServerBuild;

  const app = express();
  app.disable("x-powered-by");
  app.use(compression());
  app.use("/build", express.static(path.join(projectRoot, "public/build"), { immutable: true, maxAge: "1y" }));
  app.use(express.static(path.join(projectRoot, "public"), { maxAge: "1h" }));
  app.all("*", createRequestHandler({ build, mode: "production" }));

  const server = await new Promise<import("node:http").Server>((resolve) => {
    const listening = app.listen(settings.PORT, settings.HOST, () => resolve(listening));
  });
  io.stdout(`Kizuna is serving ${settings.SHOPIFY_APP_URL} on http://${settings.HOST}:${settings.PORT}`);

  const work = settings.KIZUNA_WORKER === "embedded" ? await startBackgroundWork(db(), jobQueue()) : null;

  await new Promise<void>((resolve) => {
    process.once("SIGINT", resolve);
    process.once("SIGTERM", resolve);
  });
  await work?.stop();
  await new Promise((resolve) => server.close(resolve));
  return 0;
}
