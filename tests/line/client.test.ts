import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LineEmulator, startLineEmulator } from "../../emulator/line/index";
import { textMessage } from "../../app/line/api";
import { createLineClient, LineApiError, LineQuotaError } from "../../app/line/client.server";

/** The LINE client against the LINE emulator: retry keys, 429 backoff, quota, and no token in any error. */
const CHANNEL = {
  channelId: "2000000009",
  channelSecret: "0123456789abcdef0123456789abcdef",
  accessToken: "secret-access-token-do-not-log-1234",
  basicId: "@client-test",
  displayName: "Client Test",
  monthlyLimit: 5,
};

let emulator: LineEmulator;
let userId: string;
const sleeps: number[] = [];
const client = () =>
  createLineClient({
    accessToken: CHANNEL.accessToken,
    baseUrl: emulator.url,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
  });

beforeAll(async () => {
  emulator = await startLineEmulator({ channels: [CHANNEL] });
  userId = (await emulator.control.follow(CHANNEL.channelId, { displayName: "山田 花子" })).user.userId;
});
afterAll(() => emulator.stop());

describe("the LINE client", () => {
  it("delivers a push retried with the same retry key once (LINE's 409 counts as sent)", async () => {
    const retryKey = randomUUID();
    const first = await client().push(userId, [textMessage("こんにちは")], { retryKey });
    const again = await client().push(userId, [textMessage("こんにちは")], { retryKey });
    expect(first.status).toBe("accepted");
    expect(again.status).toBe("duplicate");
    expect(emulator.control.pushesTo(CHANNEL.channelId, userId)).toHaveLength(1);
    expect(emulator.control.stats(CHANNEL.channelId)).toMatchObject({ pushesAccepted: 1, duplicateRetries: 1 });
  });

  it("waits as Retry-After says after a 429, then succeeds", async () => {
    sleeps.length = 0;
    emulator.control.failNext(2, { retryAfterSeconds: 3 });
    const outcome = await client().push(userId, [textMessage("429のあと")], { retryKey: randomUUID() });
    expect(outcome.status).toBe("accepted");
    expect(sleeps).toEqual([3000, 3000]);
    expect(emulator.control.pushesTo(CHANNEL.channelId, userId)).toHaveLength(2);
  });

  it("backs off exponentially without Retry-After and gives up after a bounded number of tries", async () => {
    sleeps.length = 0;
    emulator.control.failNext(10);
    const error = await client()
      .push(userId, [textMessage("届かない")], { retryKey: randomUUID() })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LineApiError);
    expect((error as LineApiError).temporary).toBe(true);
    expect(sleeps).toEqual([1000, 2000, 4000, 8000]);
    emulator.control.failNext(0);
  });

  it("reads the quota and this month's usage, and stops at the monthly limit without retrying", async () => {
    const line = client();
    expect(await line.quota()).toEqual({ type: "limited", value: 5 });
    expect(await line.consumption()).toBe(2);
    await line.push(userId, [textMessage("3"), textMessage("4"), textMessage("5")], { retryKey: randomUUID() });
    sleeps.length = 0;
    await expect(line.push(userId, [textMessage("6")], { retryKey: randomUUID() })).rejects.toBeInstanceOf(LineQuotaError);
    expect(sleeps).toEqual([]);
  });

  it("reads the profile and bot info; a non-friend has no profile", async () => {
    const line = client();
    expect(await line.profile(userId)).toMatchObject({ userId, displayName: "山田 花子" });
    expect(await line.profile("Unobody")).toBeNull();
    expect(await line.botInfo()).toMatchObject({ basicId: "@client-test", displayName: "Client Test" });
  });

  it("never puts the access token in an error", async () => {
    const wrong = createLineClient({ accessToken: "wrong-token-abcdef", baseUrl: emulator.url });
    const error = (await wrong.botInfo().catch((e: unknown) => e)) as LineApiError;
    expect(error.status).toBe(401);
    expect(error.message).not.toContain("wrong-token-abcdef");
    const refused = (await client()
      .push("", [textMessage("x")], { retryKey: randomUUID() })
      .catch((e: unknown) => e)) as Error;
    expect(refused.message).not.toContain(CHANNEL.accessToken);
    expect(JSON.stringify(refused)).not.toContain(CHANNEL.accessToken);
  });
});
