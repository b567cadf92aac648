/**
 * npm run mailbox -- [--smtp-port 2525] [--http-port 8025] [--reject '*@bounce.example'] [--jsonl mail.jsonl]
 * A local SMTP server that keeps what it receives; open the printed page to read it.
 */
import { parseArgs } from "node:util";
import { startMailbox } from "./index";

const { values } = parseArgs({
  options: {
    "smtp-port": { type: "string", default: "2525" },
    "http-port": { type: "string", default: "8025" },
    host: { type: "string", default: "127.0.0.1" },
    reject: { type: "string" },
    jsonl: { type: "string" },
  },
});

const mailbox = await startMailbox({
  smtpPort: Number(values["smtp-port"]),
  httpPort: Number(values["http-port"]),
  host: values.host,
  rejectRecipients: values.reject ?? null,
  jsonlFile: values.jsonl ?? null,
});
console.log(`Local mailbox: SMTP ${mailbox.smtpUrl}, messages at ${mailbox.httpUrl}`);
console.log(`Point Kizuna at it: SMTP_URL=${mailbox.smtpUrl} MAIL_FROM="Shop <shop@example.com>"`);
const stop = async () => {
  await mailbox.close();
  process.exit(0);
};
process.once("SIGINT", stop);
process.once("SIGTERM", stop);
