// Plain SQL over `pg` for the hot write path (server/runtime): the engine's batches are a few
// hand-written statements, and going through Prisma's client and query compiler cost about
// 40 % of the CPU of a start (profiled). Everything else keeps using Prisma.
import pg from "pg";

// timestamp(3) without time zone holds UTC (Prisma's convention): parse it as UTC, not local.
pg.types.setTypeParser(1114, (v: string) => new Date(`${v.replace(" ", "T")}Z`));
// ...and send Dates as UTC too, whatever the machine's time zone.
pg.defaults.parseInputDatesAsUTC = true;

export interface SqlTx {
  query<T = Record<string, unknown>>(sql: string, ...params: unknown[]): Promise<T[]>;
  exec(sql: string, ...params: unknown[]): Promise<number>;
}

function wrap(c: pg.PoolClient | pg.Pool): SqlTx {
  return {
    async query<T>(sql: string, ...params: unknown[]) {
      return (await c.query(sql, params)).rows as T[];
    },
    async exec(sql: string, ...params: unknown[]) {
      return (await c.query(sql, params)).rowCount ?? 0;
    },
  };
}

/** A checked-out client as SqlTx (the caller manages BEGIN/COMMIT and release). */
export function sqlClient(c: pg.PoolClient): SqlTx {
  return wrap(c);
}

export function sqlOf(pool: pg.Pool): SqlTx {
  return wrap(pool);
}

export async function withSqlTx<T>(pool: pg.Pool, fn: (tx: SqlTx) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query("BEGIN");
    const out = await fn(wrap(client));
    await client.query("COMMIT");
    return out;
  } catch (err) {
    await client.query("ROLLBACK").catch(() => {});
    throw err;
  } finally {
    client.release();
  }
}

// ---- literals, for batches sent as one multi-statement round trip --------------------------
// The hot write path sends a batch's writes and its COMMIT as one simple-protocol query (one
// round trip instead of one per table). Simple queries take no parameters, so values are
// inlined as literals: always through pg's escapeLiteral, never by hand.

/**
 * pg.escapeLiteral's exact output (quotes doubled; with a backslash, backslashes doubled and an
 * E'' string), by regular expressions instead of its character-by-character concatenation, which
 * was a visible share of the write path's CPU and garbage on large instance states.
 */
export function escapeLiteral(text: string): string {
  const quoted = `'${text.replace(/'/g, "''")}'`;
  return text.includes("\\") ? ` E${quoted.replace(/\\/g, "\\\\")}` : quoted;
}

/** A value as a jsonb literal (Dates become ISO strings, as JSON parameters did). */
export function jsonLiteral(v: unknown): string {
  return `${escapeLiteral(JSON.stringify(v))}::jsonb`;
}

/** A list of strings as a text[] literal. */
export function textArrayLiteral(list: readonly string[]): string {
  const body = list.map((s) => `"${s.replace(/[\\"]/g, "\\$&")}"`).join(",");
  return `${escapeLiteral(`{${body}}`)}::text[]`;
}
