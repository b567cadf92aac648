import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { build, type Metafile, type Plugin } from "esbuild";
import { beforeAll, describe, expect, it } from "vitest";
import { projectRoot } from "../../app/db/database-url.mjs";

/**
 * What each admin page sends to the browser, checked without a production build: every route module is bundled
 * for the browser the way the Remix compiler does it (only the browser-safe exports of the route, `.server`
 * modules and the Node runtime replaced by empty modules, tree shaking on), and the modules that end up in a
 * page's code — its entry and the chunks it imports statically — are checked (decision 022):
 * - zod never reaches the browser: schemas live in `*.server.ts` modules (app/forms, …);
 * - no message catalogue is bundled: the active language's messages come with the app layout's data;
 * - recharts is not in the dashboard's own code: the chart drawings load after hydration.
 * npm packages other than zod and recharts stay external: the check is about which of them a page reaches.
 */
const APP = path.join(projectRoot, "app");
const ROUTES = path.join(APP, "routes");

// As @remix-run/dev (compiler/js/plugins/routes.js): the route exports a browser receives.
const BROWSER_SAFE_EXPORTS = new Set([
  "clientAction",
  "clientLoader",
  "ErrorBoundary",
  "HydrateFallback",
  "Layout",
  "default",
  "handle",
  "links",
  "meta",
  "shouldRevalidate",
]);

/** Route module files as Remix's flat routes find them: `name.tsx`, or `name/route.tsx`. */
function routeFiles(): string[] {
  const files = [path.join(APP, "root.tsx")];
  for (const entry of readdirSync(ROUTES, { withFileTypes: true })) {
    if (entry.isDirectory()) {
      const inside = readdirSync(path.join(ROUTES, entry.name)).find((name) => /^route\.tsx?$/.test(name));
      if (inside) files.push(path.join(ROUTES, entry.name, inside));
    } else if (/\.tsx?$/.test(entry.name) && !/\.test\./.test(entry.name)) {
      files.push(path.join(ROUTES, entry.name));
    }
  }
  return files;
}

async function exportsOf(file: string): Promise<string[]> {
  const result = await build({
    entryPoints: [file],
    bundle: false,
    write: false,
    metafile: true,
    format: "esm",
    outdir: "out",
    logLevel: "silent",
  });
  return Object.values(result.metafile.outputs)[0]?.exports ?? [];
}

const BUNDLED_PACKAGES = /^(zod|recharts)(\/|$)/;

const browserLikeRemix: Plugin = {
  name: "browser-like-remix",
  setup(pluginBuild) {
    pluginBuild.onResolve({ filter: /^virtual-route:/ }, (args) => ({
      path: args.path.slice("virtual-route:".length),
      namespace: "virtual-route",
    }));
    pluginBuild.onLoad({ filter: /.*/, namespace: "virtual-route" }, (args) => ({
      contents: args.pluginData ?? ENTRY_SOURCES.get(args.path) ?? "",
      resolveDir: APP,
      loader: "js",
    }));
    // `.server` modules of the app and the server runtimes are empty in the browser build.
    pluginBuild.onResolve({ filter: /\.server(\.[jt]sx?)?$/ }, (args) =>
      path.resolve(args.resolveDir, args.path).startsWith(APP) ? { path: args.path, namespace: "empty-module" } : undefined,
    );
    pluginBuild.onResolve({ filter: /^@remix-run\/(deno|cloudflare|node)(\/.*)?$/ }, (args) => ({
      path: args.path,
      namespace: "empty-module",
    }));
    pluginBuild.onLoad({ filter: /.*/, namespace: "empty-module" }, () => ({ contents: "module.exports = {};", loader: "js" }));
    // Every other package stays out of the bundle (only which of them a page reaches matters here).
    pluginBuild.onResolve({ filter: /^[^./]/ }, (args) =>
      BUNDLED_PACKAGES.test(args.path) || args.path.startsWith("virtual-route:")
        ? undefined
        : { path: args.path, external: true },
    );
  },
};

const ENTRY_SOURCES = new Map<string, string>();
/** App modules whose browser code reads process.env (undefined in the browser: the page would not load). */
const READS_ENVIRONMENT: string[] = [];

/** Browser bundles of the given entries (name → module source): per entry, the inputs of its static code. */
async function browserBundles(entries: Map<string, string>): Promise<Map<string, { inputs: Set<string>; lazy: Set<string> }>> {
  ENTRY_SOURCES.clear();
  for (const [name, source] of entries) ENTRY_SOURCES.set(name, source);
  const result = await build({
    entryPoints: [...entries.keys()].map((name) => ({ in: `virtual-route:${name}`, out: name.replace(/[^\w.-]/g, "_") })),
    bundle: true,
    splitting: true,
    format: "esm",
    platform: "browser",
    outdir: path.join(projectRoot, "node_modules/.cache/bundle-test"),
    write: false,
    metafile: true,
    treeShaking: true,
    jsx: "automatic",
    define: { "process.env.NODE_ENV": '"production"' },
    plugins: [browserLikeRemix],
    absWorkingDir: projectRoot,
    logLevel: "silent",
  });
  const outputs: Metafile["outputs"] = result.metafile.outputs;
  READS_ENVIRONMENT.length = 0;
  for (const file of result.outputFiles ?? []) {
    if (/\bprocess\.env\b/.test(file.text)) {
      const inputs = Object.keys(outputs[path.relative(projectRoot, file.path)]?.inputs ?? {});
      READS_ENVIRONMENT.push(
        ...inputs.filter((input) => input.startsWith("app/") && /\bprocess\.env\b/.test(readFileSync(input, "utf8"))),
      );
    }
  }
  const staticInputs = (output: string, seen = new Set<string>()): Set<string> => {
    if (seen.has(output)) return new Set();
    seen.add(output);
    const inputs = new Set(
      Object.entries(outputs[output]?.inputs ?? {})
        .filter(([, input]) => input.bytesInOutput > 0)
        .map(([input]) => input),
    );
    for (const imported of outputs[output]?.imports ?? []) {
      if (imported.kind === "import-statement" && !imported.external) {
        for (const input of staticInputs(imported.path, seen)) inputs.add(input);
      }
    }
    return inputs;
  };
  const bundles = new Map<string, { inputs: Set<string>; lazy: Set<string> }>();
  for (const [output, meta] of Object.entries(outputs)) {
    const entry = meta.entryPoint?.replace(/^virtual-route:/, "");
    if (!entry) continue;
    // dynamic imports of the page's chunk and of every chunk it loads statically (a component shared by two pages
    // lands in a shared chunk, with its lazy imports)
    const lazy = new Set<string>();
    const visit = (chunk: string, seen: Set<string>) => {
      if (seen.has(chunk)) return;
      seen.add(chunk);
      for (const imported of outputs[chunk]?.imports ?? []) {
        if (imported.external) continue;
        if (imported.kind === "dynamic-import") for (const input of staticInputs(imported.path)) lazy.add(input);
        else if (imported.kind === "import-statement") visit(imported.path, seen);
      }
    };
    visit(output, new Set());
    bundles.set(entry, { inputs: staticInputs(output), lazy });
  }
  return bundles;
}

const isZod = (input: string) => /node_modules\/zod\//.test(input);
const isCatalogue = (input: string) => /^app\/i18n\/catalog\//.test(input);
const isRecharts = (input: string) => /node_modules\/recharts\//.test(input);

let pages: Map<string, { inputs: Set<string>; lazy: Set<string> }>;

beforeAll(async () => {
  const entries = new Map<string, string>();
  for (const file of routeFiles()) {
    const safe = (await exportsOf(file)).filter((name) => BROWSER_SAFE_EXPORTS.has(name));
    const name = path.relative(APP, file);
    entries.set(name, safe.length ? `export { ${safe.join(", ")} } from ${JSON.stringify(file)};` : "export {};");
  }
  pages = await browserBundles(entries);
}, 60_000);

describe("what the admin pages send to the browser", () => {
  it("bundles every page with a component", () => {
    expect(pages.size).toBeGreaterThan(10);
    expect([...(pages.get("routes/app._index.tsx")?.inputs ?? [])]).toContain("app/routes/app._index.tsx");
  });

  it("reads no process.env in the browser (the route module would throw and the page never open)", () => {
    expect([...new Set(READS_ENVIRONMENT)]).toEqual([]);
  });

  it("ships no zod to the browser", () => {
    const withZod = [...pages].filter(([, bundle]) => [...bundle.inputs].some(isZod)).map(([page]) => page);
    expect(withZod).toEqual([]);
  });

  it("bundles no message catalogue: the active language's messages come with the page's data", () => {
    const withCatalogues = [...pages]
      .map(([page, bundle]) => [page, [...bundle.inputs, ...bundle.lazy].filter(isCatalogue)] as const)
      .filter(([, catalogues]) => catalogues.length > 0)
      .map(([page, catalogues]) => `${page}: ${catalogues.join(", ")}`);
    expect(withCatalogues).toEqual([]);
  });

  it("loads the dashboard's chart library after hydration, not with the page", () => {
    const dashboard = pages.get("routes/app._index.tsx");
    expect([...(dashboard?.inputs ?? [])].filter(isRecharts)).toEqual([]);
    expect([...(dashboard?.lazy ?? [])].some(isRecharts)).toBe(true);
  });

  it("would notice a page that builds a zod schema or imports a catalogue at module level", async () => {
    const bundles = await browserBundles(
      new Map([
        [
          "fixture-zod",
          'import { z } from "zod"; const schema = z.object({ a: z.string() }); export default function Page() { return schema.shape.a ? null : null; }',
        ],
        ["fixture-catalogue", 'import { en } from "./i18n/catalog"; export default function Page() { return en["meta.app"]; }'],
      ]),
    );
    expect([...(bundles.get("fixture-zod")?.inputs ?? [])].some(isZod)).toBe(true);
    expect([...(bundles.get("fixture-catalogue")?.inputs ?? [])].some(isCatalogue)).toBe(true);
  });
});
