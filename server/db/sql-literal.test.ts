import pg from "pg";
import { describe, expect, it } from "vitest";
import { pgServerUrl } from "../testing/test-db";
import { escapeLiteral, jsonLiteral, textArrayLiteral } from "./sql";

describe("SQL literals for the multi-statement write", () => {
  it("escapes exactly as pg.escapeLiteral does", () => {
    const alphabet = ["'", "\\\\", '"', "a", "é", "\\n", " ", "E", "$", "😀"];
    let seed = 11;
    const rnd = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
    const samples = ["", "plain", "it's", "back\\\\slash", "both ' and \\\\", "''\\\\\\\\''"];
    for (let i = 0; i < 2000; i++) samples.push(Array.from({ length: rnd(12) }, () => alphabet[rnd(alphabet.length)]).join(""));
    for (const s of samples) expect(escapeLiteral(s)).toBe(pg.escapeLiteral(s));
  });

  it("round-trips through PostgreSQL: JSON with quotes and backslashes, and text arrays", async () => {
    const client = new pg.Client({ connectionString: pgServerUrl() });
    await client.connect();
    try {
      const value = { q: "it's", b: 'a\\\\b "c"', u: "é😀", n: [1, null, { k: "\\n" }] };
      const list = ["a", "b,c", 'd"e', "f\\\\g", "h'i", "{j}", ""];
      const res = await client.query(`SELECT ${jsonLiteral(value)} AS j, ${textArrayLiteral(list)} AS t`);
      expect(res.rows[0].j).toEqual(value);
      expect(res.rows[0].t).toEqual(list);
    } finally {
      await client.end();
    }
  });
});
