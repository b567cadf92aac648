import { type SpawnOptionsWithoutStdio, spawn } from "node:child_process";
import { chmodSync, chownSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { projectRoot } from "../../app/db/database-url.mjs";
import { TEST_APP } from "../support/env";

/**
 * `kizuna serve` with a database it cannot use stops before it listens, naming the database and the cause
 * (issue 11.9): never "serving" followed by a crash about a missing session table. The real command runs in a
 * child process, as an operator would start it.
 */
interface Outcome {
  code: number | null;
  stdout: string;
  stderr: string;
}

// root may write to any file; the read-only case runs as nobody there, as a read-only mount would behave.
const NOBODY = 65534;
const asRoot = process.getuid?.() === 0;

function serve(databaseUrl: string, options: { uid?: number; env?: Record<string, string> } = {}): Promise<Outcome> {
  return new Promise((resolve) => {
    const spawnOptions: SpawnOptionsWithoutStdio = {
      cwd: projectRoot,
      env: {
        PATH: process.env.PATH,
        HOME: tmpdir(),
        NODE_ENV: "test",
        SHOPIFY_API_KEY: TEST_APP.apiKey,
        SHOPIFY_API_SECRET: TEST_APP.apiSecret,
        SHOPIFY_APP_URL: TEST_APP.appUrl,
        DATABASE_URL: databaseUrl,
        KIZUNA_WORKER: "off",
        HOST: "127.0.0.1",
        PORT: "1",
        ...options.env,
      },
      ...(options.uid === undefined ? {} : { uid: options.uid, gid: options.uid }),
    };
    const child = spawn(process.execPath, [path.join(projectRoot, "bin/kizuna.js"), "serve"], spawnOptions);
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => {
      stdout += String(chunk);
    });
    child.stderr.on("data", (chunk) => {
      stderr += String(chunk);
    });
    // A server that got past the check would listen and wait for a signal: stop it so the test can fail.
    const timer = setTimeout(() => child.kill("SIGKILL"), 30_000);
    child.once("exit", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

function scratchDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), "kizuna-startup-"));
  chmodSync(dir, 0o755);
  return dir;
}

describe("start-up with a database that cannot be used", () => {
  it("names a SQLite path whose directory does not exist", async () => {
    const file = path.join(scratchDir(), "missing-dir", "kizuna.db");
    const result = await serve(`file:${file}`);
    expect(result.code).toBe(1);
    expect(result.stdout).not.toContain("serving");
    expect(result.stderr).toContain(file);
    expect(result.stderr).toMatch(/directory .* does not exist/);
  });

  it("names a SQLite file it may not write", async () => {
    const dir = scratchDir();
    const file = path.join(dir, "kizuna.db");
    writeFileSync(file, "");
    chmodSync(file, 0o444);
    if (asRoot) chownSync(dir, NOBODY, NOBODY);
    // A key of its own: nobody may not read the development key file under data/.
    const env = { KIZUNA_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString("base64") };
    const result = await serve(`file:${file}`, asRoot ? { uid: NOBODY, env } : { env });
    expect(result.code).toBe(1);
    expect(result.stdout).not.toContain("serving");
    expect(result.stderr).toContain(file);
    expect(result.stderr).toMatch(/read-only|cannot write/);
  });

  it("tells an operator to migrate a database without tables", async () => {
    let url = `file:${path.join(scratchDir(), "empty.db")}`;
    let drop = async () => {};
    const server = process.env.TEST_DATABASE_URL;
    if (server && /^postgres/.test(server)) {
      const name = `kizuna_unmigrated_${process.pid}`;
      const admin = new pg.Client({ connectionString: server });
      await admin.connect();
      await admin.query(`DROP DATABASE IF EXISTS ${name}`);
      await admin.query(`CREATE DATABASE ${name}`);
      await admin.end();
      const target = new URL(server);
      target.pathname = `/${name}`;
      url = target.href;
      drop = async () => {
        const dropper = new pg.Client({ connectionString: server });
        await dropper.connect();
        await dropper.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await dropper.end();
      };
    }
    try {
      const result = await serve(url);
      expect(result.code).toBe(1);
      expect(result.stdout).not.toContain("serving");
      expect(result.stderr).toContain("npx kizuna migrate");
    } finally {
      await drop();
    }
  });

  it("names a PostgreSQL host and database it cannot reach, without the password", async () => {
    const result = await serve("postgresql://kizuna:s3cret-pass@127.0.0.1:1/kizuna_prod");
    expect(result.code).toBe(1);
    expect(result.stdout).not.toContain("serving");
    expect(result.stderr).toContain("127.0.0.1:1/kizuna_prod");
    expect(result.stderr).not.toContain("s3cret-pass");
  });

  it("refuses to start in production without an encryption key", async () => {
    const result = await serve(`file:${path.join(scratchDir(), "kizuna.db")}`, { env: { NODE_ENV: "production" } });
    expect(result.code).toBe(1);
    expect(result.stdout).not.toContain("serving");
    expect(result.stderr).toContain("KIZUNA_ENCRYPTION_KEY is required in production");
  });
});
