/**
 * Kizuna's import rules, checked in CI by `npm run lint:deps` (dependency-cruiser). Data flows one way:
 * Shopify → app/shopify → app/sync → app/db → app/domain → app/routes, and back out through app/shopify.
 * A module never imports from a layer above it. Test files (*.test.ts[x]) are exempt from the layer rules
 * (they test across layers on purpose) but not from the cycle rule. Type-only imports count: a type that a
 * lower layer needs belongs in that layer. See docs/decisions/014-generated-admin-types-and-import-rules.md
 * and docs/architecture.md.
 */
const TEST_FILE = "\\.test\\.tsx?$";

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: "no-circular",
      severity: "error",
      comment: "A cycle means two modules are one: split out what both need, or move it down a layer.",
      from: {},
      to: { circular: true },
    },
    {
      name: "domain-is-pure",
      severity: "error",
      comment:
        "app/domain is pure TypeScript: it imports only app/domain and plain npm packages — no Prisma, no Shopify, no Node I/O.",
      from: { path: "^app/domain/", pathNot: TEST_FILE },
      to: { path: "^(app/(?!domain/)|emulator/|scripts/|tests/|bench/|bin/|prisma/)" },
    },
    {
      name: "domain-no-io-packages",
      severity: "error",
      comment: "app/domain does no I/O: no Prisma, Shopify, database, queue, HTTP or Remix packages.",
      from: { path: "^app/domain/", pathNot: TEST_FILE },
      to: {
        path: "(^|/)node_modules/(@prisma/|prisma/|@shopify/|better-sqlite3/|pg/|pg-boss/|graphql-request/|express/|@remix-run/)",
      },
    },
    {
      name: "domain-no-node-builtins",
      severity: "error",
      comment: "app/domain does no I/O: no node:fs, node:path, node:crypto … (time and data come in as arguments).",
      from: { path: "^app/domain/", pathNot: TEST_FILE },
      to: { dependencyTypes: ["core"] },
    },
    {
      name: "db-imports-only-domain",
      severity: "error",
      comment:
        "app/db is the shop-scoped data access: it imports app/db, app/domain, app/lib and its Prisma client, nothing above it and nothing from scripts/.",
      from: { path: "^app/db/", pathNot: TEST_FILE },
      to: { path: "^(app/(?!db/|domain/|lib/)|emulator/|scripts/|tests/|bench/|bin/)" },
    },
    {
      name: "lib-is-foundation",
      severity: "error",
      comment:
        "app/lib holds small generic utilities (CSV, secret box) that any layer may use: it imports nothing else of the app.",
      from: { path: "^app/lib/", pathNot: TEST_FILE },
      to: { path: "^(app/(?!lib/)|emulator/|scripts/|tests/|bench/|bin/)" },
    },
    {
      name: "mail-is-the-smtp-door",
      severity: "error",
      comment:
        "app/mail (SMTP client, message rendering, signed mail links) imports app/mail, app/db, app/domain, app/lib and app/i18n only: the email channel and the routes above it use it, never the other way.",
      from: { path: "^app/mail/", pathNot: TEST_FILE },
      to: { path: "^(app/(?!mail/|db/|domain/|lib/|i18n/)|emulator/|scripts/|tests/|bench/|bin/)" },
    },
    {
      name: "nothing-imports-routes",
      severity: "error",
      comment:
        "Routes are the top of the house: nothing in the app imports a route module (tests and bench/ call loaders and actions directly).",
      // app/root.tsx is Remix's root route, part of the routes layer (it reads app.tsx's loader type).
      from: { path: "^(app|emulator|scripts|bin)/", pathNot: [TEST_FILE, "^app/root\\.tsx$"] },
      to: { path: "^app/routes/" },
    },
    {
      name: "shopify-not-upward",
      severity: "error",
      comment: "app/shopify talks to Shopify for the layers above it; it never imports app/sync, app/routes or app/jobs.",
      from: { path: "^app/shopify/", pathNot: TEST_FILE },
      to: { path: "^app/(sync|routes|jobs)/" },
    },
    {
      name: "app-not-scripts-or-tests",
      severity: "error",
      comment: "The app does not import development scripts or test code.",
      from: { path: "^app/", pathNot: TEST_FILE },
      to: { path: "^(scripts|tests|bench)/" },
    },
    {
      name: "emulator-imports-only-domain",
      severity: "error",
      comment: "The emulator stands in for Shopify: of the app it may use app/domain (pure helpers) only.",
      from: { path: "^emulator/", pathNot: TEST_FILE },
      to: { path: "^(app/(?!domain/)|scripts/|tests/|bench/)" },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "^app/shopify/generated/|^build/|^public/build/" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: {
      exportsFields: ["exports"],
      conditionNames: ["import", "require", "node", "default", "types"],
      extensions: [".ts", ".tsx", ".d.ts", ".js", ".mjs", ".cjs", ".json"],
    },
    reporterOptions: {
      text: { highlightFocused: true },
    },
  },
};
