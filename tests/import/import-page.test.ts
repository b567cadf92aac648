import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import iconv from "iconv-lite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "../../app/db/client.server";
import { JobNames } from "../../app/jobs/catalog";
import { action, loader } from "../../app/routes/app.import";
import { runHistoryImportJob } from "../../app/sync/history-import.server";
import { type ShopHarness, startShopHarness } from "../pushback/harness";
import { queuedJobsNamed } from "../support/queued-jobs";
import { embeddedAdminRequest } from "../support/shopify-requests";

/**
 * The import page as the merchant uses it: upload a Shift_JIS file → the preview with what each column became →
 * the import queued as a job → the batch in the list. An upload name from another shop is refused.
 */
let h: ShopHarness;

beforeAll(async () => {
  process.env.KIZUNA_IMPORT_DIR = mkdtempSync(path.join(tmpdir(), "kizuna-import-page-"));
  h = await startShopHarness({ customers: 3, seed: 31 });
});
afterAll(async () => {
  delete process.env.KIZUNA_IMPORT_DIR;
  await h?.stop();
});

const CSV = [
  "受注番号,注文日,メールアドレス,注文者名字,注文者名前,合計金額",
  "A-1,2023/4/1,tanaka@example.jp,田中,一郎,￥３，３００",
  "A-2,2023年5月3日,tanaka@example.jp,田中,一郎,5000円",
].join("\r\n");

async function upload(bytes: Buffer) {
  const form = new FormData();
  form.append("file", new File([new Uint8Array(bytes)], "rakuten.csv", { type: "text/csv" }));
  const request = await embeddedAdminRequest("/app/import", h.shop.domain, { method: "POST", body: form });
  return (await action({ request, params: {}, context: {} })) as Response;
}

async function post(fields: Record<string, string>) {
  const request = await embeddedAdminRequest("/app/import", h.shop.domain, {
    method: "POST",
    body: new URLSearchParams(fields),
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
  });
  return (await action({ request, params: {}, context: {} })) as Response;
}

describe("the history import page", () => {
  it("previews a Shift_JIS upload, queues the import and lists the batch", async () => {
    const uploaded = await upload(iconv.encode(CSV, "cp932"));
    expect(uploaded.status).toBe(200);
    const body = (await uploaded.json()) as {
      ok: boolean;
      check: { upload: string; encoding: string; header: string[]; report: { problems: unknown[] }; preview: unknown[] };
    };
    expect(body.ok).toBe(true);
    expect(body.check.encoding.toLowerCase()).toContain("932");
    expect(body.check.header).toContain("受注番号");
    expect(body.check.report.problems).toEqual([]);
    expect(body.check.preview.length).toBeGreaterThan(0);

    const queued = await post({ intent: "import", upload: body.check.upload, fileName: "rakuten.csv", preset: "generic" });
    expect(((await queued.json()) as { message: string }).message).toBe("import.queued");
    const jobs = await queuedJobsNamed(JobNames.historyImport);
    // the embedded queue stores the payload; pg-boss wraps it with the shop id
    const queuedPayload = jobs.at(-1)?.payload as { payload?: unknown } | undefined;
    const job = (queuedPayload?.payload ?? queuedPayload) as { file: string; fileName: string; preset: string };
    expect(job.file).toBe(body.check.upload);

    // the worker runs the job
    expect(await runHistoryImportJob(db(), h.shop, job, new Date("2026-11-01T00:00:00Z"))).toBe(true);
    const orders = await db().order.findMany({ where: { shopId: h.shop.id, importBatchId: { not: null } } });
    expect(orders.map((order) => order.totalMinor).sort((a, b) => a - b)).toEqual([3300, 5000]);

    const request = await embeddedAdminRequest("/app/import", h.shop.domain);
    const page = (await loader({ request, params: {}, context: {} })) as unknown as Response | { batches: unknown[] };
    const data = page instanceof Response ? ((await page.json()) as { batches: { orders: number }[] }) : page;
    expect((data.batches as { orders: number }[]).map((batch) => batch.orders)).toEqual([2]);
  });

  it("refuses an upload name that belongs to another shop", async () => {
    // another shop's upload, really there on disk
    const foreign = `${h.shop.id + 1}-0123456789abcdef.csv`;
    writeFileSync(path.join(process.env.KIZUNA_IMPORT_DIR ?? "", foreign), CSV);
    const answer = await post({ intent: "check", upload: foreign, fileName: "x.csv" });
    expect(answer.status).toBe(410);
    const importing = await post({ intent: "import", upload: foreign, fileName: "x.csv" });
    expect(importing.status).toBe(410);
  });

  it("answers a malformed mapping or an unknown step with a clear error, not a crash", async () => {
    const unknown = await post({ intent: "explode" });
    expect(unknown.status).toBe(400);
    const uploaded = (await (await upload(Buffer.from(CSV, "utf8"))).json()) as { check: { upload: string } };
    const answer = await post({ intent: "check", upload: uploaded.check.upload, fileName: "a.csv", mapping: "{not json" });
    expect(answer.status).toBe(200);
  });
});
