#!/usr/bin/env node
// The `kizuna` operator command. It runs the TypeScript sources through tsx so the CLI always uses the
// same services as the app, never copies of them.
import { register } from "tsx/esm/api";

register();
const { main } = await import("../app/cli/main.ts");
process.exitCode = await main(process.argv.slice(2));
