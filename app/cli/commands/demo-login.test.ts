import type { Server } from "node:http";
import express from "express";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoLoginRoute, stopDemo } from "./demo";

// The demo's sign-in routes on their own, in front of a stand-in for the app.
let server: Server;
let base: string;

beforeAll(async () => {
  const app = express();
  (
    await demoLoginRoute({
      appUrl: "http://localhost:3999",
      shop: "kizuna-demo.myshopify.com",
      apiKey: "key",
      apiSecret: "secret",
      locale: "ja",
    })
  )(app);
  app.use((request, response) => response.json({ reached: request.originalUrl }));
  server = await new Promise<Server>((resolve) => {
    const listening = app.listen(0, "127.0.0.1", () => resolve(listening));
  });
  const address = server.address();
  base = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const get = (path: string, headers: Record<string, string> = { accept: "text/html" }) =>
  fetch(`${base}${path}`, { redirect: "manual", headers });

describe("the demo after a reload (F5)", () => {
  it("signs in again and comes back to the same page, in the shop's language", async () => {
    // a browser reloading /app/customers?segment=at_risk, with an English browser
    const reload = await get("/app/customers?segment=at_risk", { accept: "text/html", "accept-language": "en-US" });
    expect(reload.status).toBe(302);
    const login = new URL(reload.headers.get("location")!, base);
    expect(login.pathname).toBe("/demo-login");
    expect(login.searchParams.get("locale")).toBe("ja");

    const signedIn = await get(`${login.pathname}${login.search}`);
    expect(signedIn.status).toBe(302);
    const page = new URL(signedIn.headers.get("location")!);
    expect(page.pathname).toBe("/app/customers");
    expect(page.searchParams.get("segment")).toBe("at_risk");
    expect(page.searchParams.get("locale")).toBe("ja");
    expect(page.searchParams.get("shop")).toBe("kizuna-demo.myshopify.com");
    expect(page.searchParams.get("id_token")).toMatch(/^eyJ/);
  });

  it("leaves signed-in loads, data requests and fetches alone", async () => {
    for (const [path, headers] of [
      ["/app/customers?shop=kizuna-demo.myshopify.com&id_token=x", { accept: "text/html" }],
      ["/app/customers?_data=routes%2Fapp.customers._index", { accept: "*/*" }],
      ["/app/customers/export", { accept: "application/json", authorization: "Bearer x" }],
    ] as const) {
      const response = await get(path, headers);
      expect(response.status, path).toBe(200);
    }
  });

  it("returns only to a page of the app", async () => {
    for (const target of ["https://evil.example/app", "//evil.example/app", "/auth/login", "/app//evil.example"]) {
      const response = await get(`/demo-login?return=${encodeURIComponent(target)}`);
      expect(new URL(response.headers.get("location")!).pathname, target).toBe("/app");
    }
  });
});

describe("stopping the demo", () => {
  it("says that it is stopping and when it has stopped", async () => {
    const printed: string[] = [];
    let stopped = false;
    await stopDemo(
      {
        stop: async () => {
          stopped = true;
        },
      },
      { stdout: (s) => printed.push(s), stderr: (s) => printed.push(s) },
    );
    expect(stopped).toBe(true);
    expect(printed[0]).toMatch(/Stopping the demo/);
    expect(printed.at(-1)).toMatch(/^Demo stopped \(\d+\.\d s\)\.$/);
  });
});
