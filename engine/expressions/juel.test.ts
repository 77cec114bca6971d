import { describe, expect, it } from "vitest";
import { evaluateFeel } from "./feel";
import { juelToFeel } from "./juel";

// Variables every row sees; a row may add or override some.
const sample: Record<string, unknown> = {
  score: 7,
  approved: true,
  amount: 1500,
  urgent: false,
  comments: null,
  customer: { tier: "gold", "first name": "Ann", address: { city: "Lyon" } },
  a: { b: 2 },
  x: "yes",
  name: "Ann",
  items: [10, 20, 30],
  n: -7,
  price: 19.5,
  qty: 3,
  status: "open",
};

type Row = [juel: string, feel: string, expected: unknown, vars?: Record<string, unknown>];

const rows: Row[] = [
  ["${score > 5}", "score > 5", true],
  ["${score > 5}", "score > 5", false, { score: 3 }],
  ["#{approved}", "approved", true],
  ["${approved}", "approved", false, { approved: false }],
  ["${amount >= 1000 && !urgent}", "amount >= 1000 and not(urgent)", true],
  ["${amount >= 1000 && !urgent}", "amount >= 1000 and not(urgent)", false, { urgent: true }],
  ["${empty comments}", '(comments = null or comments = "" or comments = [] or comments = {}) = true', true],
  ["${empty comments}", '(comments = null or comments = "" or comments = [] or comments = {}) = true', true, { comments: "" }],
  ["${empty comments}", '(comments = null or comments = "" or comments = [] or comments = {}) = true', true, { comments: [] }],
  ["${empty comments}", '(comments = null or comments = "" or comments = [] or comments = {}) = true', true, { comments: {} }],
  ["${empty comments}", '(comments = null or comments = "" or comments = [] or comments = {}) = true', false, { comments: "ok" }],
  ["${empty comments}", '(comments = null or comments = "" or comments = [] or comments = {}) = true', false, { comments: [1] }],
  ["${empty comments}", '(comments = null or comments = "" or comments = [] or comments = {}) = true', false, { comments: 0 }],
  ["${not empty name}", 'not((name = null or name = "" or name = [] or name = {}) = true)', true],
  ["${customer.tier eq 'gold'}", 'customer.tier = "gold"', true],
  ['${customer.tier == "silver"}', 'customer.tier = "silver"', false],
  ["${customer.address.city ne 'Paris'}", 'customer.address.city != "Paris"', true],
  ["${a != null and a.b lt 3}", "a != null and a.b < 3", true],
  ["${a != null and a.b lt 3}", "a != null and a.b < 3", false, { a: null }],
  ['${x == "yes" ? 1 : 2}', 'if x = "yes" then 1 else 2', 1],
  ['${x == "yes" ? 1 : 2}', 'if x = "yes" then 1 else 2', 2, { x: "no" }],
  ["${score gt 5 || urgent}", "score > 5 or urgent", true],
  ["${score le 7 and score ge 7}", "score <= 7 and score >= 7", true],
  ["${not (score < 5)}", "not(score < 5)", true],
  ["${price * qty}", "price * qty", 58.5],
  ["${price * qty + 1.5}", "price * qty + 1.5", 60],
  ["${(price + 0.5) * qty}", "(price + 0.5) * qty", 60],
  ["${qty - 1 - 1}", "qty - 1 - 1", 1],
  ["${qty - (1 - 1)}", "qty - (1 - 1)", 3],
  ["${score / 2}", "score / 2", 3.5],
  ["${score div 2}", "score / 2", 3.5],
  ["${score % 4}", "modulo(score, 4)", 3],
  ["${score mod 2 == 1}", "modulo(score, 2) = 1", true],
  ["${-score}", "-score", -7],
  ["${-(score + 1) * 2}", "-(score + 1) * 2", -16],
  ["${qty - -1}", "qty - -1", 4],
  ["${1 < 2 == true}", "(1 < 2) = true", true],
  ["${items[0]}", "items[1]", 10],
  ["${items[2] > 25}", "items[3] > 25", true],
  ["${customer['first name']}", 'get value(customer, "first name")', "Ann"],
  ['${customer["tier"]}', "customer.tier", "gold"],
  ["${a.if}", 'get value(a, "if")', 3, { a: { if: 3 } }],
  ["${approved ? (urgent ? 'rush' : 'normal') : 'none'}", 'if approved then (if urgent then "rush" else "normal") else "none"', "normal"],
  ["${'it\\'s'}", '"it\'s"', "it's"],
  ['${"say \\"hi\\""}', '"say \\"hi\\""', 'say "hi"'],
  ["${'back\\\\slash'}", '"back\\\\slash"', "back\\slash"],
  ["${null}", "null", null],
  ["${true && false}", "true and false", false],
  ["${1.25}", "1.25", 1.25],
  ["${.5 + 1e2}", "0.5 + 100", 100.5],
  ["${status == 'open' && amount > 1000 || urgent}", 'status = "open" and amount > 1000 or urgent', true],
  ["${status == 'open' && (amount > 1000 || urgent)}", 'status = "open" and (amount > 1000 or urgent)', true],
  ["${ score }", "score", 7],
  ["demo", '"demo"', "demo"],
  ["", '""', ""],
  ['say "hi"', '"say \\"hi\\""', 'say "hi"'],
  ["Hello ${name}", '"Hello " + string(name)', "Hello Ann"],
  ["Hello ${name}, you scored #{score}!", '"Hello " + string(name) + ", you scored " + string(score) + "!"', "Hello Ann, you scored 7!"],
  ["${name}${score}", "string(name) + string(score)", "Ann7"],
  ["cost: \\${price}", '"cost: ${price}"', "cost: ${price}"],
];

describe("juelToFeel", () => {
  it("has a table of at least 40 rows", () => {
    expect(rows.length).toBeGreaterThanOrEqual(40);
  });

  it.each(rows)("%s → %s", (juel, feel, expected, vars) => {
    const res = juelToFeel(juel);
    expect(res).toEqual({ ok: true, feel });
    expect(evaluateFeel(feel, { ...sample, ...vars })).toMatchObject({ ok: true, value: expected });
  });
});

type Refused = [juel: string, reason: RegExp];

const refused: Refused[] = [
  ["${execution.getVariable('x')}", /"execution" \(Camunda 7's Java context object\)/],
  ["${execution.processBusinessKey}", /"execution"/],
  ["${myBean.check(x)}", /method call "myBean\.check\(\)"/],
  ["${a.b.size()}", /method call "a\.b\.size\(\)"/],
  ["${task.assignee}", /"task" \(Camunda 7's Java context object\)/],
  ["${authenticatedUserId}", /"authenticatedUserId"/],
  ["${currentUser()}", /function call "currentUser\(\)"/],
  ["${a = 1}", /assignment "="/],
  ["${a += 'x'}", /"\+=" operator/],
  ["${x -> x + 1}", /lambda/],
  ["${[1, 2]}", /collection literal/],
  ["${a; b}", /several expressions/],
  ["${a instanceof b}", /instanceof/],
  ["${items[i]}", /computed index/],
  ["${a > ", /missing closing "}"/],
  ["${a > }", /ends unexpectedly after ">"/],
  ["${(a > 1}", /unexpected "}"|ends unexpectedly/],
  ["${a > 1)}", /unexpected "\)"/],
  ["${}", /empty expression/],
  ["${'open}", /unterminated string/],
  ["${a @ b}", /unexpected character "@"/],
  ["${if > 1}", /variable name "if" cannot be used in FEEL/],
  ["${total$ > 1}", /variable name "total\$"/],
  ["${1e300 * 1e300}", /cannot be written in FEEL/],
];

describe("juelToFeel refusals", () => {
  it.each(refused)("refuses %s", (juel, reason) => {
    const res = juelToFeel(juel);
    expect(res.ok).toBe(false);
    if (!res.ok) expect(res.reason).toMatch(reason);
  });

  it("suggests an external task for unsupported features", () => {
    const res = juelToFeel("${myBean.check(x)}");
    expect(res.ok || res.reason).toContain('camunda:type="external"');
  });

  it("names the offending input in every reason", () => {
    const res = juelToFeel("${task.assignee}");
    expect(res.ok || res.reason).toContain("${task.assignee}");
  });
});
