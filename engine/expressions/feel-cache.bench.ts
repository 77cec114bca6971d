// Micro-benchmark of FEEL evaluation with and without the parse cache (feel-parse-cache.ts).
// Not a test. Run:  node --import tsx engine/expressions/feel-cache.bench.ts [--cache=on|off|both] [--seconds=N]
// `both` (default) alternates off/on rounds in one process and prints evaluations/s per expression.
import { evaluateFeel } from "./feel";
import { feelParseCacheStats, resetFeelParseCache, setFeelParseCacheEnabled } from "./feel-parse-cache";

const arg = (name: string, dflt: string) =>
  process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? dflt;
const mode = arg("cache", "both");
const seconds = Number(arg("seconds", "1"));
const rounds = Number(arg("rounds", "3"));

// A process-variable context of a typical size, and the kinds of expressions models contain.
const context: Record<string, unknown> = {
  amount: 1250,
  currency: "EUR",
  vip: false,
  "order total": 1250,
  customer: { id: "c-42", name: "Ann", address: { city: "Berlin", zip: "10115" }, "credit-limit": 5000 },
  items: Array.from({ length: 5 }, (_, i) => ({ sku: `s${i}`, qty: i + 1, price: 10 * (i + 1) })),
  approved: true,
  retries: 2,
  region: "eu-west",
  tags: ["a", "b", "c"],
};

const EXPRESSIONS = [
  "= amount > 1000",
  '= approved and region = "eu-west"',
  "= order total * 1.19",
  "= customer.credit-limit - amount",
  "= sum(items[qty > 2].price)",
  '= {id: customer.id, city: customer.address.city, big: amount > 1000, n: count(tags)}',
  '= if vip then "fast" else if amount > 1000 then "review" else "auto"',
];

function measure(expression: string, ms: number): number {
  // warm-up (and, with the cache on, the single miss)
  for (let i = 0; i < 200; i++) evaluateFeel(expression, context);
  let n = 0;
  const start = performance.now();
  let now = start;
  while (now - start < ms) {
    for (let i = 0; i < 100; i++) evaluateFeel(expression, context);
    n += 100;
    now = performance.now();
  }
  return (n * 1000) / (now - start);
}

const modes: boolean[] = mode === "on" ? [true] : mode === "off" ? [false] : [false, true];
const best = new Map<string, number>(); // best of the rounds, per mode and expression
for (let r = 0; r < rounds; r++) {
  for (const on of modes) {
    setFeelParseCacheEnabled(on);
    resetFeelParseCache();
    for (const e of EXPRESSIONS) {
      const k = `${on}\u0000${e}`;
      best.set(k, Math.max(best.get(k) ?? 0, measure(e, seconds * 1000)));
    }
  }
}

const fmt = (n: number) => Math.round(n).toLocaleString("en-US").padStart(9);
console.log(`node ${process.version}, ${rounds} round(s) × ${seconds}s per expression and mode; best round, evaluations/s`);
console.log(`${"expression".padEnd(88)} ${modes.map((m) => (m ? "cache on" : "cache off").padStart(9)).join(" ")}${modes.length === 2 ? "  speed-up" : ""}`);
let sumOff = 0;
let sumOn = 0;
for (const e of EXPRESSIONS) {
  const off = best.get(`false\u0000${e}`);
  const on = best.get(`true\u0000${e}`);
  if (off) sumOff += 1 / off;
  if (on) sumOn += 1 / on;
  const cols = modes.map((m) => fmt((m ? on : off)!)).join(" ");
  console.log(`${e.padEnd(88)} ${cols}${off && on ? `  ×${(on / off).toFixed(2)}` : ""}`);
}
if (sumOff && sumOn) {
  console.log(`mix of all (one of each, harmonic): off ${fmt(EXPRESSIONS.length / sumOff)}/s, on ${fmt(EXPRESSIONS.length / sumOn)}/s, ×${(sumOff / sumOn).toFixed(2)}`);
}
console.log("cache stats of the last mode:", feelParseCacheStats());
