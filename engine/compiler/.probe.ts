import { readFileSync } from "node:fs";
import { compile } from "./index";
const r = await compile(readFileSync(process.argv[2], "utf8"));
console.log(JSON.stringify({ ...r, model: process.argv.includes("-m") ? r.model : undefined }, null, 1).slice(0, Number(process.argv[3] ?? 6000)));
