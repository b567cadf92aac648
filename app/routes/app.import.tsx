import { randomBytes } from "node:crypto";
import { mkdir, rm } from "node:fs/promises";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import {
  json,
  MaxPartSizeExceededError,
  unstable_createFileUploadHandler,
  unstable_parseMultipartFormData,
} from "@remix-run/node";
import { useFetcher, useLoaderData } from "@remix-run/react";
import { Badge, BlockStack, Button, Card, DataTable, InlineStack, Layout, Page, Select, Text } from "@shopify/polaris";
import { useEffect, useState } from "react";
import { queueRecompute } from "../analytics/job.server";
import { useFormat } from "../components/format";
import { useRevalidateWhile, useToastOnResult } from "../components/hooks";
import { pageTitle } from "../components/page-title";
import { SyncProgress } from "../components/SyncProgress";
import { db } from "../db/client.server";
import { shopFormat } from "../db/customers.server";
import { listBatches } from "../db/history-import.server";
import { getShop } from "../db/shops.server";
import { importMaxMegabytes, parseMapping, stepForm } from "../forms/history-import.server";
import { syncRunView } from "../db/sync-health.server";
import type { ImportProblem } from "../domain/import/orders";
import { type ColumnMapping, IMPORT_FIELDS, type ImportField, PRESET_IDS, type PresetId } from "../domain/import/presets";
import type { MessageKey } from "../i18n";
import { useT } from "../i18n/react";
import { JobNames, jobQueue } from "../jobs/index.server";
import { requireShop } from "../require-shop.server";
import {
  ImportFileError,
  importUploadDir,
  importUploadPath,
  inspectImportFile,
  previewRows,
  removeImportBatch,
  validateImportFile,
} from "../sync/history-import.server";

/**
 * Importing past orders (decision 029): upload (streamed to a file under data/imports/), choose the format
 * and columns with a preview of the first rows, a dry run with every problem by line, then the import as a
 * background job with its progress; imported files can be removed as one.
 */

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop } = await requireShop(request);
  const [batches, format, run] = await Promise.all([
    listBatches(db(), shop),
    shopFormat(db(), shop),
    db().syncRun.findFirst({ where: { shopId: shop.id, kind: "import" }, orderBy: { startedAt: "desc" } }),
  ]);
  return {
    shop: format,
    maxMegabytes: importMaxMegabytes(),
    run: run ? syncRunView(run) : null,
    batches: batches.map((batch) => ({
      id: batch.id,
      fileName: batch.fileName,
      status: batch.status,
      orders: batch.ordersImported,
      matched: batch.customersMatched,
      created: batch.customersCreated,
      createdAt: batch.createdAt.getTime(),
    })),
  };
};

type ActionResult =
  | { ok: false; message: MessageKey; values?: Record<string, string> }
  | { ok: true; message: MessageKey | null; check?: Awaited<ReturnType<typeof check>> };

async function check(
  shopRef: { id: number; domain: string },
  upload: string,
  fileName: string,
  preset?: PresetId,
  mapping?: ColumnMapping,
) {
  const path = importUploadPath(upload, shopRef.id);
  const info = await inspectImportFile(path, fileName);
  const record = await getShop(db(), shopRef);
  const options = { preset: preset ?? info.suggestedPreset, mapping, now: new Date() };
  const report = await validateImportFile(db(), shopRef, path, options);
  return {
    upload,
    fileName,
    encoding: info.encoding,
    header: info.header,
    suggestedPreset: info.suggestedPreset,
    preset: options.preset,
    mapping: report.mapping,
    preview: previewRows(info, { currency: record.currency, timezone: record.timezone }, { ...options, mapping: report.mapping }),
    report: { ...report, problems: report.problems.slice(0, 50) },
  };
}

export const action = async ({ request }: ActionFunctionArgs): Promise<ReturnType<typeof json<ActionResult>>> => {
  const { shop } = await requireShop(request);
  if ((request.headers.get("Content-Type") ?? "").startsWith("multipart/form-data")) {
    await mkdir(importUploadDir(), { recursive: true });
    const upload = `${shop.id}-${randomBytes(8).toString("hex")}.csv`;
    let form: FormData;
    try {
      form = await unstable_parseMultipartFormData(
        request,
        unstable_createFileUploadHandler({
          directory: importUploadDir(),
          file: () => upload,
          maxPartSize: importMaxMegabytes() * 1024 * 1024,
          filter: ({ name }) => name === "file",
        }),
      );
    } catch (error) {
      await rm(importUploadPath(upload, shop.id), { force: true });
      if (error instanceof MaxPartSizeExceededError) {
        return json(
          { ok: false, message: "import.upload.errors.tooLarge", values: { size: String(importMaxMegabytes()) } },
          { status: 413 },
        );
      }
      throw error;
    }
    const file = form.get("file");
    if (!file || typeof file === "string") return json({ ok: false, message: "import.upload.errors.missing" }, { status: 400 });
    const fileName = (file as File).name || "import.csv";
    try {
      return json({ ok: true, message: null, check: await check(shop, upload, fileName.slice(0, 300)) });
    } catch (error) {
      await rm(importUploadPath(upload, shop.id), { force: true });
      if (error instanceof ImportFileError) {
        const message = error.code === "empty" ? "import.upload.errors.empty" : "import.upload.errors.unreadable";
        return json({ ok: false, message }, { status: 422 });
      }
      throw error;
    }
  }

  const parsed = stepForm.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) return json({ ok: false, message: "import.upload.errors.unreadable" }, { status: 400 });
  const input = parsed.data;
  if (input.intent === "remove") {
    const removed = input.batchId ? await removeImportBatch(db(), shop, input.batchId, new Date()) : null;
    if (!removed) return json({ ok: false, message: "import.batches.removeFailed" }, { status: 404 });
    await queueRecompute(jobQueue(), shop.id, 0);
    return json({ ok: true, message: "import.batches.removed" });
  }
  if (!input.upload) return json({ ok: false, message: "import.upload.errors.missing" }, { status: 400 });
  const mapping = parseMapping(input.mapping);
  try {
    if (input.intent === "check") {
      return json({
        ok: true,
        message: null,
        check: await check(shop, input.upload, input.fileName ?? "import.csv", input.preset, mapping),
      });
    }
    importUploadPath(input.upload, shop.id);
    await jobQueue().enqueue(
      JobNames.historyImport,
      {
        shopId: shop.id,
        file: input.upload,
        fileName: input.fileName ?? "import.csv",
        preset: input.preset ?? "generic",
        ...(mapping ? { mapping } : {}),
      },
      { shopId: shop.id },
    );
    return json({ ok: true, message: "import.queued" });
  } catch (error) {
    if (error instanceof ImportFileError || (error as NodeJS.ErrnoException).code === "ENOENT") {
      return json({ ok: false, message: "import.upload.errors.gone" }, { status: 410 });
    }
    throw error;
  }
};

export const meta = pageTitle("import.title");

type Check = NonNullable<Extract<ActionResult, { ok: true }>["check"]>;

export default function ImportPage() {
  const data = useLoaderData<typeof loader>();
  const t = useT();
  const format = useFormat(data.shop);
  const upload = useFetcher<typeof action>();
  const step = useFetcher<typeof action>();
  const [current, setCurrent] = useState<Check | null>(null);
  const [file, setFile] = useState<File | null>(null);
  const [preset, setPreset] = useState<PresetId>("generic");
  const [mapping, setMapping] = useState<ColumnMapping>({});

  for (const fetcher of [upload, step]) {
    const result = fetcher.state === "idle" ? (fetcher.data as ActionResult | undefined) : undefined;
    if (result?.ok && result.check && result.check !== current) {
      setCurrent(result.check);
      setPreset(result.check.preset);
      setMapping(result.check.mapping);
    }
  }
  const lastResult = (step.state === "idle" ? step.data : undefined) ?? (upload.state === "idle" ? upload.data : undefined);
  useToastOnResult(
    lastResult,
    lastResult?.message ? t(lastResult.message, "values" in lastResult ? lastResult.values : undefined) : null,
    { isError: lastResult ? !lastResult.ok : false },
  );
  useEffect(() => {
    if (lastResult?.ok && lastResult.message === "import.queued") setCurrent(null);
  }, [lastResult]);
  const running = data.run !== null && (data.run.status === "running" || data.run.status === "queued");
  useRevalidateWhile(running || data.batches.some((batch) => batch.status === "validating" || batch.status === "importing"));

  const submitFile = () => {
    if (!file) return;
    const form = new FormData();
    form.append("file", file);
    upload.submit(form, { method: "post", encType: "multipart/form-data" });
  };
  const submitStep = (intent: "check" | "import", next: { preset?: PresetId; mapping?: ColumnMapping } = {}) => {
    if (!current) return;
    step.submit(
      {
        intent,
        upload: current.upload,
        fileName: current.fileName,
        preset: next.preset ?? preset,
        ...(next.preset ? {} : { mapping: JSON.stringify(next.mapping ?? mapping) }),
      },
      { method: "post" },
    );
  };
  const columnOptions = [
    { label: t("import.mapping.none"), value: "" },
    ...(current?.header ?? []).map((name, index) => ({ label: name || String(index + 1), value: String(index) })),
  ];
  const report = current?.report;

  return (
    <Page title={t("import.title")}>
      <Layout>
        <Layout.Section>
          <Card>
            <BlockStack gap="300">
              <Text as="p">{t("import.intro")}</Text>
              <Text as="h2" variant="headingSm">
                {t("import.upload.heading")}
              </Text>
              <Text as="p" tone="subdued" variant="bodySm">
                {t("import.upload.help", { size: String(data.maxMegabytes) })}
              </Text>
              <InlineStack gap="200" blockAlign="center">
                <label>
                  <Text as="span" visuallyHidden>
                    {t("import.upload.choose")}
                  </Text>
                  <input
                    type="file"
                    accept=".csv,text/csv"
                    onChange={(event) => setFile(event.currentTarget.files?.[0] ?? null)}
                  />
                </label>
                <Button onClick={submitFile} disabled={!file} loading={upload.state !== "idle"}>
                  {t("import.upload.submit")}
                </Button>
              </InlineStack>
              {running && data.run ? <SyncProgress run={data.run} shop={data.shop} /> : null}
            </BlockStack>
          </Card>
        </Layout.Section>

        {current && report ? (
          <Layout.Section>
            <Card>
              <BlockStack gap="300">
                <Text as="p" tone="subdued">
                  {t("import.file", {
                    name: current.fileName,
                    encoding: current.encoding.toUpperCase(),
                    columns: String(current.header.length),
                  })}
                </Text>
                <Text as="h2" variant="headingSm">
                  {t("import.mapping.heading")}
                </Text>
                <Select
                  label={t("import.mapping.preset")}
                  options={PRESET_IDS.map((id) => ({ label: t(`import.preset.${id}`), value: id }))}
                  value={preset}
                  helpText={t("import.mapping.suggested", { preset: t(`import.preset.${current.suggestedPreset}`) })}
                  onChange={(value) => {
                    setPreset(value as PresetId);
                    submitStep("check", { preset: value as PresetId });
                  }}
                />
                <DataTable
                  columnContentTypes={["text", "text"]}
                  headings={[t("import.mapping.field"), t("import.mapping.column")]}
                  rows={IMPORT_FIELDS.map((field: ImportField) => [
                    t(`import.field.${field}`),
                    <Select
                      key={field}
                      label={t(`import.field.${field}`)}
                      labelHidden
                      options={columnOptions}
                      value={mapping[field]?.length === 1 ? String(mapping[field]?.[0]) : (mapping[field]?.join(",") ?? "")}
                      onChange={(value) => setMapping({ ...mapping, [field]: value === "" ? undefined : [Number(value)] })}
                    />,
                  ])}
                />
                {report.missing.length > 0 ? (
                  <Text as="p" tone="critical">
                    {t("import.mapping.missing", {
                      fields: report.missing.map((field) => t(`import.field.${field}`)).join("、"),
                    })}
                  </Text>
                ) : null}
                <InlineStack>
                  <Button onClick={() => submitStep("check")} loading={step.state !== "idle"}>
                    {t("import.mapping.apply")}
                  </Button>
                </InlineStack>

                <Text as="h3" variant="headingSm">
                  {t("import.preview.heading")}
                </Text>
                <DataTable
                  columnContentTypes={["numeric", "text", "text"]}
                  headings={[t("import.preview.line"), t("import.mapping.column"), t("import.preview.became")]}
                  rows={current.preview.map((row) => [
                    row.line,
                    row.cells.map((cell) => `${t(`import.field.${cell.field}`)}: ${cell.raw}`).join(" / "),
                    row.skipped
                      ? t("import.preview.skipped")
                      : row.became
                        ? [
                            row.became.orderId,
                            format.dateTime(Date.parse(row.became.processedAt)),
                            row.became.customer,
                            row.became.amountMinor === null ? null : format.money(row.became.amountMinor),
                            row.became.lineItem ? `${row.became.lineItem.title} × ${row.became.lineItem.quantity}` : null,
                          ]
                            .filter((part) => part !== null)
                            .join(" / ")
                        : row.cells
                            .filter((cell) => cell.problem)
                            .map((cell) => `${t(`import.field.${cell.field}`)}: ${cell.raw || "—"}`)
                            .join(" / "),
                  ])}
                />

                <Text as="h2" variant="headingSm">
                  {t("import.dryRun.heading")}
                </Text>
                <Text as="p">
                  {t("import.dryRun.counts", {
                    rows: format.number(report.rows),
                    orders: format.number(report.orders),
                    lineItems: format.number(report.lineItems),
                    skipped: format.number(report.skippedRows),
                    duplicates: format.number(report.duplicateOrders),
                  })}
                </Text>
                <Text as="p">
                  {t("import.dryRun.customers", {
                    customers: format.number(report.customers),
                    matched: format.number(report.customersMatched),
                    created: format.number(report.customersCreated),
                  })}
                </Text>
                {report.firstOrderAt && report.lastOrderAt ? (
                  <Text as="p" tone="subdued">
                    {t("import.dryRun.range", {
                      first: format.date(Date.parse(report.firstOrderAt)),
                      last: format.date(Date.parse(report.lastOrderAt)),
                    })}
                  </Text>
                ) : null}
                {report.problemCount > 0 ? (
                  <BlockStack gap="100">
                    <Text as="p" tone="critical">
                      {t("import.dryRun.problems", { count: format.number(report.problemCount) })}
                    </Text>
                    {report.problems.map((problem: ImportProblem) => (
                      <Text as="p" key={`${problem.line}-${problem.code}-${problem.field ?? ""}`} variant="bodySm">
                        {t(`import.problem.${problem.code}`, {
                          line: String(problem.line),
                          value: problem.value ?? "",
                          otherLine: String(problem.otherLine ?? ""),
                        })}
                      </Text>
                    ))}
                    {report.problemCount > report.problems.length ? (
                      <Text as="p" variant="bodySm" tone="subdued">
                        {t("import.dryRun.more", { count: format.number(report.problemCount - report.problems.length) })}
                      </Text>
                    ) : null}
                  </BlockStack>
                ) : report.missing.length === 0 && report.orders > 0 ? (
                  <Text as="p" tone="success">
                    {t("import.dryRun.ok")}
                  </Text>
                ) : null}
                <InlineStack>
                  <Button
                    variant="primary"
                    disabled={report.problemCount > 0 || report.missing.length > 0 || report.orders === 0}
                    loading={step.state !== "idle" && step.formData?.get("intent") === "import"}
                    onClick={() => submitStep("import")}
                  >
                    {t("import.start", { orders: format.number(report.orders) })}
                  </Button>
                </InlineStack>
              </BlockStack>
            </Card>
          </Layout.Section>
        ) : null}

        <Layout.Section>
          <Card>
            <BlockStack gap="300">
              <Text as="h2" variant="headingSm">
                {t("import.batches.heading")}
              </Text>
              {data.batches.length === 0 ? (
                <Text as="p" tone="subdued">
                  {t("import.batches.none")}
                </Text>
              ) : (
                <DataTable
                  columnContentTypes={["text", "text", "numeric", "text", "text", "text"]}
                  headings={[
                    t("import.batches.file"),
                    t("import.batches.status"),
                    t("import.batches.orders"),
                    t("import.batches.customers"),
                    t("import.batches.date"),
                    "",
                  ]}
                  rows={data.batches.map((batch) => [
                    batch.fileName,
                    <Badge
                      key="status"
                      tone={batch.status === "done" ? "success" : batch.status === "failed" ? "critical" : undefined}
                    >
                      {t(statusKey(batch.status))}
                    </Badge>,
                    format.number(batch.orders),
                    `${format.number(batch.matched)} / ${format.number(batch.created)}`,
                    format.dateTime(batch.createdAt),
                    batch.status === "done" ? (
                      <step.Form method="post" key="remove">
                        <input type="hidden" name="intent" value="remove" />
                        <input type="hidden" name="batchId" value={batch.id} />
                        <Button submit size="slim" tone="critical">
                          {t("import.batches.remove")}
                        </Button>
                      </step.Form>
                    ) : (
                      ""
                    ),
                  ])}
                />
              )}
            </BlockStack>
          </Card>
        </Layout.Section>
      </Layout>
    </Page>
  );
}

function statusKey(status: string): MessageKey {
  switch (status) {
    case "validating":
      return "import.status.validating";
    case "importing":
      return "import.status.importing";
    case "done":
      return "import.status.done";
    case "removed":
      return "import.status.removed";
    default:
      return "import.status.failed";
  }
}
