/**
 * npm run line-emulator -- [--port 4020] [--channel-id 2000000001] [--secret S] [--token T] [--basic-id @kizuna-demo]
 *   [--webhook http://127.0.0.1:3000/webhooks/line/kizuna-demo.myshopify.com]
 * A LINE Messaging API emulator with one channel; open the printed page to read the conversations.
 */
import { randomBytes } from "node:crypto";
import { parseArgs } from "node:util";
import { startLineEmulator } from "./index";

const { values } = parseArgs({
  options: {
    port: { type: "string", default: "4020" },
    host: { type: "string", default: "127.0.0.1" },
    "channel-id": { type: "string", default: "2000000001" },
    secret: { type: "string" },
    token: { type: "string" },
    "basic-id": { type: "string", default: "@kizuna-demo" },
    name: { type: "string", default: "Kizuna Demo" },
    webhook: { type: "string" },
  },
});

const channel = {
  channelId: values["channel-id"],
  channelSecret: values.secret ?? randomBytes(16).toString("hex"),
  accessToken: values.token ?? randomBytes(32).toString("base64url"),
  basicId: values["basic-id"],
  displayName: values.name,
  webhookUrl: values.webhook ?? null,
};
const emulator = await startLineEmulator({ port: Number(values.port), host: values.host, channels: [channel] });
console.log(`LINE emulator: ${emulator.url} (conversations at ${emulator.url}/)`);
console.log(
  `Channel ${channel.channelId} ${channel.basicId}: secret ${channel.channelSecret}, access token ${channel.accessToken}`,
);
console.log(`Point Kizuna at it: LINE_API_BASE=${emulator.url}`);
const stop = async () => {
  await emulator.stop();
  process.exit(0);
};
process.once("SIGINT", stop);
process.once("SIGTERM", stop);
