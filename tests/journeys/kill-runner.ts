/**
 * The child process of kill.test.ts: runs a shop's due journey steps through the real email channel
 * (SMTP_URL / MAIL_FROM from the environment) until nothing is due, then exits. The test SIGKILLs it mid-send.
 * usage: node --import tsx tests/journeys/kill-runner.ts <shopId> <shopDomain> <now ISO>
 */
import { db } from "../../app/db/client.server";
import { emailChannelFromEnv } from "../../app/journeys/email-channel.server";
import { runDueSteps } from "../../app/journeys/runner.server";

const [shopId, domain, nowIso] = process.argv.slice(2);
const mail = emailChannelFromEnv(process.env, process.env.SHOPIFY_API_SECRET ?? "");
const outcome = await runDueSteps(db(), { id: Number(shopId), domain }, new Date(nowIso), {
  channel: mail.channel,
  batchSize: 25,
  concurrency: 5,
  log: (line) => process.stderr.write(`${line}\n`),
});
process.stdout.write(`${JSON.stringify(outcome)}\n`);
mail.close();
await db().$disconnect();
process.exit(0);
