#!/usr/bin/env node
// Baton CLI entry: lets Node load the TypeScript sources through tsx, then runs cli/main.ts.
import { register } from "tsx/esm/api";

register();
const { main } = await import(new URL("../cli/main.ts", import.meta.url).href);
process.exitCode = await main(process.argv.slice(2));
