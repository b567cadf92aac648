import { createHmac } from "node:crypto";
import type { Server } from "node:http";
import { createServer } from "node:net";
import express from "express";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_TOKEN_TTL_SECONDS, type RunningDemo, startDemo } from "../../app/cli/commands/demo";
import type { CommandIo } from "../../app/cli/io";
import { isWebhookTopic } from "../../app/sync/webhook-payloads";
import { handleWebhookRequest } from "../../app/sync/webhook-route.server";
import { TEST_APP } from "../support/env";

/**
 * The demo command's own sequence against the emulator (issue 12): the push-back's customers/update webhooks
 * reach a server that already listens (none fails, none needs a retry), and /demo-login mints a fresh token
 * on every visit instead of a 24-hour token printed once (issue 11). The server here is the app's webhook
 * handler and the demo's own routes; the production build is the browser tests' business.
 */
async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

let demo: RunningDemo;
let appPort: number;
const printed: string[] = [];
const io: CommandIo = { stdout: (text) => printed.push(text), stderr: (text) => printed.push(text) };

beforeAll(async () => {
  appPort = await freePort();
  const started = await startDemo({ port: appPort, emulatorPort: 0, customers: 40, seed: 7, currency: "JPY", locale: "en" }, io, {
    prepare: async () => true, // the test setup migrated this file's database already
    async listen(_io, options) {
      const app = express();
      options.routes?.(app);
      app.post("/webhooks/*", express.raw({ type: "*/*" }), async (req, res) => {
        const topic = req.path.replace(/^\/webhooks\//, "");
        if (!isWebhookTopic(topic)) return void res.status(404).end();
        const headers = new Headers();
        for (const [name, value] of Object.entries(req.headers)) if (typeof value === "string") headers.set(name, value);
        const response = await handleWebhookRequest(
          new Request(`http://127.0.0.1:${appPort}${req.path}`, {
            method: "POST",
            headers,
            body: new Uint8Array(req.body as Buffer),
          }),
          topic,
        );
        res.status(response.status).send(await response.text());
      });
      const server = await new Promise<Server>((resolve) => {
        const listening = app.listen(appPort, "127.0.0.1", () => resolve(listening));
      });
      return {
        url: `http://127.0.0.1:${appPort}`,
        stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
      };
    },
  });
  if (!started) throw new Error(`the demo did not start:\n${printed.join("\n")}`);
  demo = started;
  await demo.emulator.flush();
});

afterAll(async () => {
  await demo?.stop();
});

describe("kizuna demo", () => {
  it("listens before it pushes: every customers/update of the push is delivered on the first attempt", () => {
    const updates = demo.emulator.webhookLog.filter((delivery) => delivery.topic === "customers/update");
    expect(updates.length).toBeGreaterThan(0);
    const notFirstTime = updates.filter((delivery) => delivery.state !== "delivered" || delivery.attempts[0]?.status !== 200);
    expect(notFirstTime.map((delivery) => delivery.attempts)).toEqual([]);
  });

  it("prints a local sign-in link that carries no token", () => {
    expect(demo.loginUrl).toBe(`http://localhost:${appPort}/demo-login?locale=en`);
    expect(printed.join("\n")).not.toMatch(/id_token|eyJ/);
  });

  it("mints a fresh, short-lived token signed with this run's secret each time the link is opened", async () => {
    const open = async () => {
      const response = await fetch(`http://127.0.0.1:${appPort}/demo-login?locale=ja`, { redirect: "manual" });
      expect(response.status).toBe(302);
      expect(response.headers.get("cache-control")).toBe("no-store");
      const location = new URL(response.headers.get("location")!);
      expect(location.pathname).toBe("/app");
      expect(location.searchParams.get("locale")).toBe("ja");
      return location.searchParams.get("id_token")!;
    };
    const [first, second] = [await open(), await open()];
    expect(first).not.toBe(second);
    for (const token of [first, second]) {
      const [header, payload, signature] = token.split(".");
      expect(createHmac("sha256", TEST_APP.apiSecret).update(`${header}.${payload}`).digest("base64url")).toBe(signature);
      const claims = JSON.parse(Buffer.from(payload, "base64url").toString()) as { exp: number; iat: number; dest: string };
      expect(claims.dest).toBe("https://kizuna-demo.myshopify.com");
      expect(claims.exp - claims.iat).toBe(DEMO_TOKEN_TTL_SECONDS + 5);
      expect(DEMO_TOKEN_TTL_SECONDS).toBeLessThanOrEqual(3600);
    }
  });
});
