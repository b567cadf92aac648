import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { action as lineWebhookAction } from "../../app/routes/webhooks.line.$shop";

/**
 * Kizuna's LINE webhook route behind a real HTTP port, so the LINE emulator POSTs its signed webhooks to it
 * as LINE's platform would: /webhooks/line/<shop> → the route's action with the raw body.
 */
export async function startLineWebhookServer(): Promise<{ url: (shop: string) => string; stop(): Promise<void> }> {
  const server: Server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const match = /^\/webhooks\/line\/([^/?]+)/.exec(req.url ?? "");
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) if (typeof value === "string") headers.set(name, value);
    const request = new Request(`http://127.0.0.1${req.url}`, { method: req.method, headers, body: Buffer.concat(chunks) });
    try {
      const response = await lineWebhookAction({ request, params: { shop: match?.[1] ?? "" }, context: {} });
      res.writeHead(response.status, Object.fromEntries(response.headers));
      res.end(Buffer.from(await response.arrayBuffer()));
    } catch (error) {
      res.writeHead(500);
      res.end(String(error));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    url: (shop) => `http://127.0.0.1:${port}/webhooks/line/${shop}`,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
