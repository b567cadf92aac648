import { type Command, type CommandIo, processIo } from "./io";

/** The command table; each command lives in its own module, loaded only when it runs. */
const commands: Record<string, { summary: string; usage: string; load: () => Promise<Command["run"]> }> = {
  migrate: {
    summary: "Apply database migrations (SQLite by default, PostgreSQL when DATABASE_URL says so)",
    usage: "kizuna migrate",
    load: async () => (await import("./commands/migrate")).run,
  },
  serve: {
    summary: "Serve the built app on $PORT with the embedded worker (what `npm start` runs)",
    usage: "kizuna serve",
    load: async () => (await import("./commands/serve")).run,
  },
  demo: {
    summary: "Seed a store in the local Shopify emulator, sync and analyse it, serve the app and print its URL",
    usage: "kizuna demo [--customers 5000] [--seed 42] [--port 3000] [--emulator-port 4010] [--currency JPY] [--locale ja|en]",
    load: async () => (await import("./commands/demo")).run,
  },
  "rotate-key": {
    summary: "Seal stored access tokens again with KIZUNA_ENCRYPTION_KEY (old keys in KIZUNA_ENCRYPTION_KEYS_OLD)",
    usage: "kizuna rotate-key",
    load: async () => (await import("./commands/rotate-key")).run,
  },
  status: {
    summary: "Print the webhook inbox's depth and oldest event, and background jobs queued, running and failed",
    usage: "kizuna status [--json]",
    load: async () => (await import("./commands/status")).run,
  },
  worker: {
    summary: "Run the background worker on its own (sync, analytics)",
    usage: "kizuna worker",
    load: async () => (await import("./commands/worker")).run,
  },
  backfill: {
    summary: "Copy a shop's customers and orders now through bulk exports (resumes an interrupted run)",
    usage: "kizuna backfill --shop example.myshopify.com",
    load: async () => (await import("./commands/backfill")).run,
  },
  reconcile: {
    summary: "Apply what webhooks missed: customers and orders updated since the last reconciliation",
    usage: "kizuna reconcile --shop example.myshopify.com",
    load: async () => (await import("./commands/reconcile")).run,
  },
  recompute: {
    summary: "Recompute a shop's analytics now (RFM, CLV, cohorts, loyalty), with progress",
    usage: "kizuna recompute --shop example.myshopify.com",
    load: async () => (await import("./commands/recompute")).run,
  },
  "clv-fit": {
    summary: "Fit BG/NBD + Gamma-Gamma to a transactions CSV (customer_id,date,amount) and print JSON",
    usage: "kizuna clv-fit --transactions FILE.csv --calibration-end YYYY-MM-DD [--holdout-end YYYY-MM-DD] [--period day|week]",
    load: async () => (await import("./commands/clv-fit")).run,
  },
  clock: {
    summary: "Show or move Kizuna's clock forward (demo and tests; needs KIZUNA_CLOCK_FILE)",
    usage: "kizuna clock [show] | kizuna clock advance <days>",
    load: async () => (await import("./commands/clock")).run,
  },
  "import-history": {
    summary: "Import past orders from the previous shop system (CSV; EC-CUBE, 楽天, … presets), dry run, or remove a batch",
    usage:
      "kizuna import-history --shop DOMAIN --file FILE.csv [--preset generic|ec-cube|makeshop|futureshop|colorme|rakuten|yahoo|transaction-log|online-retail] [--dry-run] | --remove BATCH_ID | --list",
    load: async () => (await import("./commands/import-history")).run,
  },
  rfm: {
    summary: "Score every customer of a transactions CSV and print RFM scores and segments as CSV",
    usage: "kizuna rfm --transactions FILE.csv --as-of YYYY-MM-DD [--scoring quintiles|fixed]",
    load: async () => (await import("./commands/rfm")).run,
  },
};

function help(io: CommandIo): void {
  const width = Math.max(...Object.keys(commands).map((name) => name.length));
  io.stdout(
    [
      "kizuna — operate a Kizuna installation",
      "",
      "Usage: npx kizuna <command> [options]",
      "",
      "Commands:",
      ...Object.entries(commands).map(([name, command]) => `  ${name.padEnd(width)}  ${command.summary}`),
      "",
      "Run `npx kizuna <command> --help` for a command's options.",
    ].join("\n"),
  );
}

export async function main(argv: string[], io: CommandIo = processIo): Promise<number> {
  const [name, ...args] = argv;
  if (!name || name === "--help" || name === "-h" || name === "help") {
    help(io);
    return 0;
  }
  const command = commands[name];
  if (!command) {
    io.stderr(`Unknown command "${name}". Run \`npx kizuna --help\` for the list.`);
    return 2;
  }
  if (args.includes("--help") || args.includes("-h")) {
    io.stdout(`${command.summary}\n\nUsage: ${command.usage}`);
    return 0;
  }
  try {
    const run = await command.load();
    return await run(args, io);
  } catch (error) {
    // Errors an operator acts on (configuration, an unusable database) are said plainly; others keep their stack.
    const plain = error instanceof Error && (error.name === "ConfigError" || error.name === "DatabaseUnavailableError");
    io.stderr(error instanceof Error ? (plain ? error.message : (error.stack ?? error.message)) : String(error));
    return 1;
  }
}
