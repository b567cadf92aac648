#!/usr/bin/env node
// Vendored into Kizuna (see docs/decisions/010-repository-stands-alone.md): Prisma's CLI runs a native
// `schema-engine` for `migrate deploy`, `migrate dev` and even `generate`, and downloads it from
// binaries.prisma.sh on first use. Where that host cannot be reached (offline CI, locked-down servers) the CLI
// fails before doing anything, so scripts/prisma.mjs points PRISMA_SCHEMA_ENGINE_BINARY at this file whenever no
// native engine is installed. It needs only packages in package.json (@prisma/schema-engine-wasm, the driver
// adapters, better-sqlite3, pg). A machine that downloads the native engine never runs it.
//
// Offline stand-in for Prisma's native `schema-engine` binary.
//
// The Prisma 7 CLI spawns the binary named by PRISMA_SCHEMA_ENGINE_BINARY and talks
// JSON-RPC 2.0 to it over stdin/stdout (one JSON document per line). This script
// answers that protocol with the WebAssembly build of the same engine
// (@prisma/schema-engine-wasm, from npm) and a Prisma driver adapter
// (@prisma/adapter-better-sqlite3 for `file:` URLs, @prisma/adapter-pg for
// `postgres://` URLs), so no binary has to be downloaded from binaries.prisma.sh.
import { readFileSync, existsSync, mkdirSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import readline from "node:readline";

const projectRequire = createRequire(path.join(process.cwd(), "package.json"));
const selfRequire = createRequire(import.meta.url);
function req(name) {
  try {
    return projectRequire(name);
  } catch {
    return selfRequire(name);
  }
}
function resolve(name) {
  try {
    return projectRequire.resolve(name);
  } catch {
    return selfRequire.resolve(name);
  }
}

const log = (message, level = "INFO", extra = {}) =>
  process.stderr.write(JSON.stringify({ level, fields: { message, ...extra }, target: "schema_engine::logger" }) + "\n");

// ---------------------------------------------------------------- arguments
const argv = process.argv.slice(2);
const datamodelPaths = [];
let datasource = {};
let cliCommand = null;
for (let i = 0; i < argv.length; i++) {
  const a = argv[i];
  if (a === "--version" || a === "-V") {
    const pkg = JSON.parse(readFileSync(path.join(path.dirname(resolve("@prisma/schema-engine-wasm")), "package.json"), "utf8"));
    process.stdout.write(`schema-engine-cli ${pkg.version.split(".").pop()} (wasm shim)\n`);
    process.exit(0);
  } else if (a === "--help" || a === "-h") {
    process.stdout.write("prisma-schema-engine shim: JSON-RPC on stdio, backed by @prisma/schema-engine-wasm\n");
    process.exit(0);
  } else if (a === "--datamodels" || a === "-d" || a === "--datamodel") {
    datamodelPaths.push(argv[++i]);
  } else if (a === "--datasource") {
    // Prisma 7: JSON `{"url": ...}`; Prisma 6 `cli` subcommands: a bare connection string
    const v = argv[++i];
    datasource = v.trim().startsWith("{") ? JSON.parse(v) : { url: v };
  } else if (a === "--enabled-preview-features" || a === "--extension-types") {
    i++;
  } else if (a === "cli") {
    cliCommand = true;
  } else if (cliCommand === true && !a.startsWith("-")) {
    cliCommand = a;
  }
}

// ---------------------------------------------------------------- adapter
function urlFromSchema() {
  // Prisma 7 keeps the URL in prisma.config.ts, but accept a schema `url = "..."` too.
  for (const p of datamodelPaths) {
    const m = /url\s*=\s*"([^"]+)"/.exec(readFileSync(p, "utf8"));
    if (m) return m[1];
  }
  return undefined;
}

function sqliteFilePath(url) {
  let p = url.replace(/^file:/, "").replace(/^sqlite:/, "");
  p = p.split("?")[0];
  return p;
}

function createFactory(url, shadowDatabaseUrl) {
  if (!url) throw userError("P1012", "No datasource URL: set `datasource.url` in prisma.config.ts.");
  if (/^(file|sqlite):/.test(url)) {
    const mod = req("@prisma/adapter-better-sqlite3");
    const PrismaBetterSqlite3 = mod.PrismaBetterSqlite3 ?? mod.PrismaBetterSQLite3; // 7.x / 6.x name
    const file = sqliteFilePath(url);
    if (file !== ":memory:") mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    const opts = shadowDatabaseUrl ? { shadowDatabaseUrl: sqliteFilePath(shadowDatabaseUrl) } : undefined;
    return wrapSqliteFactory(new PrismaBetterSqlite3({ url: file }, opts));
  }
  if (/^postgres(ql)?:/.test(url)) {
    const { PrismaPg } = req("@prisma/adapter-pg");
    // Pass discrete pool settings, not { connectionString }: PrismaPg.connectToShadowDb() spreads
    // the config and overrides `database`, and node-postgres lets a connectionString win over
    // that override, which would make the "shadow" database the real one.
    const pgConfig = (u) => {
      const { parse } = createRequire(resolve("pg"))("pg-connection-string");
      const c = parse(u);
      const schema = new URL(u).searchParams.get("schema") ?? undefined;
      return [{ ...c, port: c.port ? Number(c.port) : undefined }, schema ? { schema } : undefined];
    };
    // The wasm Postgres describer selects catalog columns of type "char" (OID 18), which
    // @prisma/adapter-pg 7.10 rejects as UnsupportedNativeDataType; node-postgres returns them
    // as strings, so report them as text.
    const patchPg = (q) => {
      const performIO = q.performIO;
      if (typeof performIO === "function") {
        q.performIO = async function (...args) {
          const res = await performIO.apply(this, args);
          for (const f of res?.fields ?? []) if (f.dataTypeID === 18) f.dataTypeID = 25;
          return res;
        };
      }
      const startTransaction = q.startTransaction;
      if (typeof startTransaction === "function") {
        q.startTransaction = async function (...args) {
          return patchPg(await startTransaction.apply(this, args));
        };
      }
      return q;
    };
    const [mainConfig, mainOptions] = pgConfig(url);
    const baseFactory = new PrismaPg(mainConfig, mainOptions);
    const factory = new Proxy(baseFactory, {
      get(target, prop, receiver) {
        if (prop === "connect") return async () => patchPg(await target.connect());
        const v = Reflect.get(target, prop, receiver);
        return typeof v === "function" ? v.bind(target) : v;
      },
    });
    const withDispose = (conn, dispose) =>
      new Proxy(conn, {
        get(target, prop, receiver) {
          if (prop === "dispose") return dispose;
          const v = Reflect.get(target, prop, receiver);
          return typeof v === "function" ? v.bind(target) : v;
        },
      });
    // Own shadow-database handling: PrismaPg 7.10's connectToShadowDb() drops the temporary
    // database before closing its pool ("database ... is being accessed by other users").
    const connectToShadowDb = async () => {
      if (shadowDatabaseUrl) {
        const [c, o] = pgConfig(shadowDatabaseUrl);
        const conn = patchPg(await new PrismaPg(c, o).connect());
        const schema = o?.schema ?? "public";
        await conn.executeScript(`DROP SCHEMA IF EXISTS "${schema}" CASCADE; CREATE SCHEMA "${schema}";`);
        return conn;
      }
      const admin = await factory.connect();
      const database = `prisma_migrate_shadow_db_${globalThis.crypto.randomUUID()}`;
      await admin.executeScript(`CREATE DATABASE "${database}"`);
      const shadow = patchPg(await new PrismaPg({ ...mainConfig, database }, mainOptions).connect());
      return withDispose(shadow, async () => {
        await shadow.dispose();
        await admin.executeScript(`DROP DATABASE IF EXISTS "${database}"`);
        await admin.dispose();
      });
    };
    return new Proxy(factory, {
      get(target, prop, receiver) {
        if (prop === "connectToShadowDb") return connectToShadowDb;
        const v = Reflect.get(target, prop, receiver);
        return typeof v === "function" ? v.bind(target) : v;
      },
    });
  }
  throw userError("P1013", `The schema-engine shim supports only sqlite (file:) and postgres URLs, got: ${url.split(":")[0]}:`);
}

// The wasm build of the SQLite connector does not treat a missing `_prisma_migrations`
// table as "migrations not initialised" (only the native rusqlite build does), so
// `migrate dev` / `migrate status` fail with P1014 on a fresh database. Answer that one
// query with an empty result instead, which is what the native engine ends up doing.
const MIGRATIONS_COLUMNS = [
  "id",
  "checksum",
  "finished_at",
  "migration_name",
  "logs",
  "rolled_back_at",
  "started_at",
  "applied_steps_count",
];
function isMissingMigrationsTable(sql, err) {
  if (!/FROM\s+[`"]?_prisma_migrations/i.test(sql)) return false;
  const text = `${err?.message ?? ""} ${JSON.stringify(err?.cause ?? {})}`;
  return /no such table|TableDoesNotExist/i.test(text);
}
function wrapQueryable(q) {
  return new Proxy(q, {
    get(target, prop, receiver) {
      const v = Reflect.get(target, prop, receiver);
      if (prop === "queryRaw") {
        return async (query) => {
          try {
            return await v.call(target, query);
          } catch (err) {
            if (isMissingMigrationsTable(query.sql, err)) {
              return { columnNames: MIGRATIONS_COLUMNS, columnTypes: [7, 7, 10, 7, 7, 10, 10, 1], rows: [] };
            }
            throw err;
          }
        };
      }
      // The wasm connector replays migration scripts on the shadow database with a single
      // executeRaw call; better-sqlite3 can only prepare one statement at a time, so run
      // multi-statement scripts through executeScript (sqlite3_exec) instead.
      if (prop === "executeRaw" && typeof target.executeScript === "function") {
        return async (query) => {
          try {
            return await v.call(target, query);
          } catch (err) {
            if ((query.args?.length ?? 0) === 0 && /more than one statement/i.test(String(err?.message))) {
              await target.executeScript(query.sql);
              return 0;
            }
            throw err;
          }
        };
      }
      if (prop === "startTransaction") {
        return async (...args) => wrapQueryable(await v.apply(target, args));
      }
      return typeof v === "function" ? v.bind(target) : v;
    },
  });
}
const openSqliteConnections = new Set();
function wrapSqliteFactory(factory) {
  return new Proxy(factory, {
    get(target, prop, receiver) {
      const v = Reflect.get(target, prop, receiver);
      if (prop === "connect") {
        return async (...args) => {
          const conn = await v.apply(target, args);
          openSqliteConnections.add(conn);
          return wrapQueryable(conn);
        };
      }
      if (prop === "connectToShadowDb") {
        return async (...args) => wrapQueryable(await v.apply(target, args));
      }
      return typeof v === "function" ? v.bind(target) : v;
    },
  });
}

function userError(code, message) {
  const e = new Error(message);
  e.code = code;
  return e;
}

// ---------------------------------------------------------------- `cli` subcommands
async function runCliCommand(cmd) {
  // The CLI drops the first stderr line of a `cli` subcommand before parsing the JSON log lines.
  log(`schema-engine shim: cli ${cmd}`);
  const url = datasource.url ?? urlFromSchema();
  if (/^(file|sqlite):/.test(url ?? "")) {
    const file = path.resolve(sqliteFilePath(url));
    if (cmd === "can-connect-to-database") {
      if (existsSync(file)) return;
      log(`Database file ${file} does not exist`, "ERROR", {
        error_code: "P1003",
        message: `Database ${path.basename(file)} does not exist at ${file}`,
      });
      process.exit(1);
    }
    if (cmd === "create-database") {
      mkdirSync(path.dirname(file), { recursive: true });
      const Database = req("better-sqlite3");
      new Database(file).close();
      return;
    }
    if (cmd === "drop-database") {
      const { rmSync } = await import("node:fs");
      rmSync(file, { force: true });
      return;
    }
  } else if (/^postgres(ql)?:/.test(url ?? "")) {
    const pg = req("pg");
    const target = new URL(url);
    const dbName = decodeURIComponent(target.pathname.slice(1)) || "postgres";
    const admin = new URL(url);
    admin.pathname = "/postgres";
    if (cmd === "can-connect-to-database") {
      const c = new pg.Client({ connectionString: url });
      try {
        await c.connect();
        await c.end();
        return;
      } catch (e) {
        const code = e.code === "3D000" ? "P1003" : "P1001";
        log(e.message, "ERROR", { error_code: code, message: e.message });
        process.exit(1);
      }
    }
    if (cmd === "create-database" || cmd === "drop-database") {
      const c = new pg.Client({ connectionString: admin.toString() });
      await c.connect();
      const ident = '"' + dbName.replace(/"/g, '""') + '"';
      await c.query(cmd === "create-database" ? `CREATE DATABASE ${ident}` : `DROP DATABASE IF EXISTS ${ident}`);
      await c.end();
      return;
    }
  }
  log(`unsupported cli command ${cmd}`, "ERROR", { message: `unsupported cli command ${cmd}` });
  process.exit(1);
}

if (cliCommand) {
  await runCliCommand(cliCommand);
  process.exit(0);
}

// ---------------------------------------------------------------- wasm engine
globalThis.PRISMA_WASM_PANIC_REGISTRY ??= {
  message: "",
  get() {
    return this.message;
  },
  set_message(m) {
    this.message = `RuntimeError: ${m}`;
  },
};

const wasmDir = path.dirname(resolve("@prisma/schema-engine-wasm"));
const bg = await import(path.join(wasmDir, "schema_engine_bg.js"));
const wasmModule = new WebAssembly.Module(readFileSync(path.join(wasmDir, "schema_engine_bg.wasm")));
const instance = new WebAssembly.Instance(wasmModule, { "./schema_engine_bg.js": bg });
bg.__wbg_set_wasm(instance.exports);
instance.exports.__wbindgen_start?.();

const { bindMigrationAwareSqlAdapterFactory } = req("@prisma/driver-adapter-utils");

let enginePromise = null;
function getEngine() {
  if (!enginePromise) {
    enginePromise = (async () => {
      const factory = createFactory(datasource.url ?? urlFromSchema(), datasource.shadowDatabaseUrl);
      const adapter = bindMigrationAwareSqlAdapterFactory(factory);
      const datamodels = datamodelPaths.length ? datamodelPaths.map((p) => [p, readFileSync(p, "utf8")]) : undefined;
      const debug = (line) => process.stderr.write(String(line).replace(/\n$/, "") + "\n");
      return bg.SchemaEngine.new({ datamodels }, debug, adapter);
    })();
  }
  return enginePromise;
}

// CLI RPC method name -> wasm method name (where they differ)
const methodMap = { getDatabaseVersion: "version" };

function send(obj) {
  process.stdout.write(JSON.stringify(obj) + "\n");
}

let nextServerId = 1_000_000;
const pendingServerRequests = new Map();
function printToCli(content) {
  return new Promise((res) => {
    const id = nextServerId++;
    pendingServerRequests.set(id, res);
    send({ jsonrpc: "2.0", id, method: "print", params: { content } });
  });
}

function toRpcError(err) {
  if (err && (err.name === "RuntimeError" || /unreachable/.test(String(err.message)))) {
    const message = globalThis.PRISMA_WASM_PANIC_REGISTRY.get() || String(err.message);
    return {
      code: 4466,
      message: "An error happened. Check the data field for details.",
      data: { is_panic: true, message, backtrace: err.stack },
    };
  }
  if (err?.code) {
    return {
      code: 4466,
      message: "An error happened. Check the data field for details.",
      data: { is_panic: false, message: err.message, error_code: err.code, meta: err.meta ?? null },
    };
  }
  const message = err?.message ?? String(err);
  return { code: 4466, message: "An error happened. Check the data field for details.", data: { is_panic: false, message } };
}

async function handle(msg) {
  if (msg.method === undefined && msg.id !== undefined && pendingServerRequests.has(msg.id)) {
    pendingServerRequests.get(msg.id)(msg.result);
    pendingServerRequests.delete(msg.id);
    return;
  }
  const { id, method, params } = msg;
  try {
    if (method === "createDatabase") {
      await runCliCommand("create-database");
      send({ jsonrpc: "2.0", id, result: { databaseName: path.basename(String(datasource.url ?? "")) } });
      return;
    }
    // Like the native engine, reset a SQLite database by recreating the file: the wasm
    // connector drops tables one by one and leaves `sqlite_sequence` behind, which then
    // makes `applyMigrations` fail with P3005 ("database schema is not empty").
    const url = datasource.url ?? urlFromSchema();
    if (method === "reset" && /^(file|sqlite):/.test(url ?? "") && !params?.filter?.externalTables?.length) {
      if (enginePromise) {
        const engine = await enginePromise.catch(() => null);
        try {
          engine?.free();
        } catch {}
        enginePromise = null;
      }
      for (const conn of openSqliteConnections) await conn.dispose().catch(() => {});
      openSqliteConnections.clear();
      const file = path.resolve(sqliteFilePath(url));
      const { rmSync } = await import("node:fs");
      for (const suffix of ["", "-journal", "-wal", "-shm"]) rmSync(file + suffix, { force: true });
      const Database = req("better-sqlite3");
      new Database(file).close();
      send({ jsonrpc: "2.0", id, result: {} });
      return;
    }
    const engine = await getEngine();
    const wasmMethod = methodMap[method] ?? method;
    if (typeof engine[wasmMethod] !== "function")
      throw new Error(`Method ${method} is not supported by the schema-engine wasm shim`);
    let result;
    try {
      result = await engine[wasmMethod](params);
    } catch (err) {
      // evaluateDataLoss/createMigration in the wasm engine get no shadow-database factory and
      // rely on the migration-schema cache filled by devDiagnostic. After `migrate dev` has
      // applied pending migrations (e.g. ones made with --create-only) that cache is stale, so
      // refill it with a read-only devDiagnostic over the same migrations list and retry once.
      if (
        (method === "evaluateDataLoss" || method === "createMigration") &&
        /shadow DB must be provided through an external factory/.test(String(err?.message)) &&
        params?.migrationsList
      ) {
        await engine.devDiagnostic({
          migrationsList: params.migrationsList,
          filters: params.filters ?? { externalTables: [], externalEnums: [] },
        });
        result = await engine[wasmMethod](params);
      } else {
        throw err;
      }
    }
    if (method === "diff" && result && typeof result.stdout === "string") {
      const { stdout, ...rest } = result;
      if (stdout.length) await printToCli(stdout.replace(/\n$/, ""));
      result = rest;
    }
    send({ jsonrpc: "2.0", id, result: result === undefined ? null : result });
  } catch (err) {
    send({ jsonrpc: "2.0", id, error: toRpcError(err) });
  }
}

const rl = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
const inflight = new Set();
rl.on("line", (line) => {
  if (!line.trim()) return;
  let msg;
  try {
    msg = JSON.parse(line);
  } catch {
    send({ jsonrpc: "2.0", id: null, error: { code: -32700, message: "Parse error" } });
    return;
  }
  const p = handle(msg).finally(() => inflight.delete(p));
  inflight.add(p);
});
// The CLI ends stdin and sends SIGTERM straight after; better-sqlite3 closes synchronously.
process.on("SIGTERM", () => {
  for (const conn of openSqliteConnections) conn.dispose().catch(() => {});
  process.exit(0);
});
rl.on("close", async () => {
  await Promise.allSettled([...inflight]);
  // Close SQLite handles so SQLite can remove the (already committed) rollback journal that
  // the engine's `PRAGMA locking_mode=EXCLUSIVE` keeps around while the connection is open.
  for (const conn of openSqliteConnections) await conn.dispose().catch(() => {});
  process.exit(0);
});
