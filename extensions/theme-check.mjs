#!/usr/bin/env node
// Lints every theme app extension in extensions/ with Shopify's theme check (theme-app-extension
// rules). Run: `node extensions/theme-check.mjs` (needs the devDependency @shopify/theme-check-node).
//
// Theme check globs `<root>/**/*.{liquid,json}` from an absolute root and reports nothing when the
// root is wrong, so this script resolves roots from its own location and fails unless every block
// and locale file of each extension was actually checked.
import { readdirSync, existsSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

const require = createRequire(import.meta.url);
const { themeCheckRun } = require("@shopify/theme-check-node");

const SEVERITY = ["error", "warning", "info"];
const here = path.dirname(fileURLToPath(import.meta.url));
const roots = readdirSync(here, { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && existsSync(path.join(here, entry.name, "shopify.extension.toml")))
  .map((entry) => path.join(here, entry.name))
  .filter((root) => readdirSync(root).includes("blocks"));

if (roots.length === 0) {
  console.error(`theme-check: no theme app extension found under ${here}`);
  process.exit(1);
}

let failures = 0;
for (const root of roots) {
  const { theme, offenses } = await themeCheckRun(root, "theme-check:theme-app-extension");
  const checked = new Set(theme.map((file) => path.relative(root, fileURLToPath(file.uri))));
  const expected = ["blocks", "snippets", "locales"].flatMap((dir) =>
    existsSync(path.join(root, dir)) ? readdirSync(path.join(root, dir)).map((name) => path.join(dir, name)) : [],
  );
  const missed = expected.filter((file) => /\.(liquid|json)$/.test(file) && !checked.has(file));
  if (checked.size === 0 || missed.length > 0) {
    console.error(`theme-check: ${root} — files not checked: ${missed.join(", ") || "all"}`);
    failures++;
    continue;
  }
  for (const offense of offenses) {
    const file = path.relative(root, fileURLToPath(offense.uri));
    const line = offense.start ? offense.start.line + 1 : 0;
    console.log(`${path.basename(root)}/${file}:${line} ${SEVERITY[offense.severity] ?? offense.severity} ${offense.check}: ${offense.message}`);
  }
  const blocking = offenses.filter((offense) => offense.severity <= 1).length;
  failures += blocking;
  console.log(`theme-check: ${path.basename(root)} — ${checked.size} files checked, ${offenses.length} offenses (${blocking} errors or warnings)`);
}
process.exit(failures > 0 ? 1 : 0);
