// Another process holding a token cache (as a second web process would): reads `check <token>`
// lines on stdin and answers each with one JSON line. Used by token-revocations.test.ts.
import readline from "node:readline";
import { createDb } from "../../db/client";
import { actorFromToken } from "../api-token";

const db = createDb(process.env.DATABASE_URL!, 2);
const lines = readline.createInterface({ input: process.stdin });
for await (const line of lines) {
  const [cmd, token] = line.split(" ");
  if (cmd !== "check") continue;
  const actor = await actorFromToken(db, token);
  console.log(JSON.stringify({ userId: actor?.userId ?? null }));
}
await db.$disconnect();
process.exit(0);
