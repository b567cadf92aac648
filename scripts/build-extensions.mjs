#!/usr/bin/env node
// Bundles the customer account UI extension as `shopify app build` does (esbuild, one ES module per target,
// preact bundled), offline: `npm run build:extensions`. The bundles go to extensions/<name>/dist/ (ignored by
// git); Shopify's CLI builds its own on deploy. Decision 027.
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const extension = path.join(root, "extensions/kizuna-customer-account");
const toml = readFileSync(path.join(extension, "shopify.extension.toml"), "utf8");
const modules = [...toml.matchAll(/^module\s*=\s*"([^"]+)"/gm)].map((match) => match[1]);
if (modules.length === 0) throw new Error("No [[extensions.targeting]] module in shopify.extension.toml");

for (const module of modules) {
  const entry = path.join(extension, module);
  const outfile = path.join(extension, "dist", `${path.basename(module).replace(/\.[tj]sx?$/, "")}.js`);
  const result = await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    format: "esm",
    target: "es2020",
    minify: true,
    legalComments: "none",
    jsx: "automatic",
    jsxImportSource: "preact",
    metafile: true,
    logLevel: "warning",
  });
  const bytes = Object.values(result.metafile.outputs).reduce((sum, output) => sum + output.bytes, 0);
  console.log(`${path.relative(root, outfile)}: ${(bytes / 1024).toFixed(1)} KiB`);
}
