#!/usr/bin/env node
// The whole test suite (`npm test`): every vitest test on the embedded default (SQLite), then every suite
// that touches the database (POSTGRES_FOLDERS) again on PostgreSQL, then the browser tests. Ends with the plain line
// `N passed, N failed` that CI reads.
//   --no-postgres   skip the PostgreSQL pass (a machine without PostgreSQL and without root)
//   --no-e2e        skip the browser tests
//   other arguments are passed to vitest (e.g. a file filter)
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { projectRoot } from "../app/db/database-url.mjs";

// Every folder whose tests reach the database through the data-access layer runs on PostgreSQL too, so every
// data-access path (raw SQL differs between the two) is tested on both.
const POSTGRES_FOLDERS = [
  "tests/db",
  "tests/sync",
  "tests/points",
  "tests/pushback",
  "tests/campaigns",
  "tests/analytics",
  "tests/ui",
  "tests/mail",
  "tests/journeys/",
  "tests/journeys-admin",
  "tests/storefront",
  "tests/line",
  "tests/flow",
  "tests/segments",
  "tests/customer-account",
  "tests/import",
];

const args = process.argv.slice(2);
const skipPostgres = args.includes("--no-postgres");
const skipE2e = args.includes("--no-e2e");
const vitestArgs = args.filter((arg) => !arg.startsWith("--no-"));
const strict = process.env.CI === "true";
const totals = { passed: 0, failed: 0, skipped: 0 };
const reportDir = mkdtempSync(path.join(tmpdir(), "kizuna-tests-"));

function vitest(label, extraArgs, env = {}, config) {
  const report = path.join(reportDir, `${label}.json`);
  console.log(`\n=== ${label} ===`);
  const child = spawnSync(
    process.execPath,
    [
      path.join(projectRoot, "node_modules/vitest/vitest.mjs"),
      "run",
      ...(config ? ["--config", config] : []),
      "--reporter=default",
      "--reporter=json",
      `--outputFile.json=${report}`,
      ...extraArgs,
    ],
    { cwd: projectRoot, stdio: "inherit", env: { ...process.env, ...env } },
  );
  if (!existsSync(report)) {
    console.log(`${label}: vitest produced no report (exit ${child.status})`);
    totals.failed += 1;
    return;
  }
  const result = JSON.parse(readFileSync(report, "utf8"));
  totals.passed += result.numPassedTests;
  totals.failed += result.numFailedTests;
  totals.skipped += result.numPendingTests + (result.numTodoTests ?? 0);
  // A file that fails to load has no tests but still fails the run.
  const brokenFiles = result.testResults.filter((file) => file.status === "failed" && file.assertionResults.length === 0);
  totals.failed += brokenFiles.length;
  if (child.status !== 0 && result.numFailedTests === 0 && brokenFiles.length === 0) totals.failed += 1;
}

vitest("vitest (SQLite)", vitestArgs);

if (!skipPostgres && vitestArgs.length === 0) {
  const start = spawnSync("bash", [path.join(projectRoot, "scripts/postgres.sh"), "start"], { encoding: "utf8" });
  if (start.status === 0) {
    const url = start.stdout.trim().split("\n").pop();
    vitest("vitest (PostgreSQL)", POSTGRES_FOLDERS, { TEST_DATABASE_URL: url });
    // 2 web + 2 worker processes on this server, one SIGKILLed (PostgreSQL only; needs the production build)
    vitest("scale-out (PostgreSQL)", [], { TEST_DATABASE_URL: url }, "tests/scale/vitest.config.ts");
    spawnSync("bash", [path.join(projectRoot, "scripts/postgres.sh"), "stop"], { stdio: "inherit" });
  } else {
    console.log(`PostgreSQL could not be started:\n${start.stderr}`);
    if (strict) totals.failed += 1;
  }
}

if (!skipE2e && vitestArgs.length === 0 && existsSync(path.join(projectRoot, "tests/e2e/vitest.config.ts"))) {
  vitest("browser (Playwright)", [], {}, "tests/e2e/vitest.config.ts");
}

const skipped = totals.skipped ? `, ${totals.skipped} skipped` : "";
console.log(`\n${totals.passed} passed, ${totals.failed} failed${skipped}`);
process.exit(totals.failed > 0 ? 1 : 0);
