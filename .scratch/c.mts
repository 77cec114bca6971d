import { readFileSync } from "node:fs";
import { compile } from "../engine/compiler/index.ts";
const r = await compile(readFileSync(process.argv[2]!, "utf8"));
console.log(JSON.stringify(r, null, 1).slice(0, 6000));
