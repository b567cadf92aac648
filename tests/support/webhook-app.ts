import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { handleWebhookRequest } from "../../app/sync/webhook-route.server";
import { isWebhookTopic } from "../../app/sync/webhook-payloads";

/**
 * The app's webhook endpoints on a real port, for the emulator to deliver to: each POST /webhooks/<topic>
 * goes through the same handler as the `webhooks.*` routes (HMAC check, validation, inbox).
 */
export interface WebhookApp {
  url: string;
  statuses: number[];
  close(): Promise<void>;
}

export async function startWebhookApp(): Promise<WebhookApp> {
  const statuses: number[] = [];
  const server: Server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const topic = (req.url ?? "").replace(/^\/webhooks\//, "");
    if (req.method !== "POST" || !isWebhookTopic(topic)) {
      res.writeHead(404).end();
      return;
    }
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) if (typeof value === "string") headers.set(name, value);
    const request = new Request(`http://127.0.0.1${req.url}`, { method: "POST", headers, body: Buffer.concat(chunks) });
    try {
      const response = await handleWebhookRequest(request, topic);
      statuses.push(response.status);
      res.writeHead(response.status, { "content-type": "application/json" }).end(await response.text());
    } catch (error) {
      statuses.push(500);
      res.writeHead(500).end(String(error));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    statuses,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
