import { describe, expect, it } from "vitest";
import { canonicalJson } from "./canonical";

describe("canonicalJson", () => {
  it("sorts keys by UTF-16 code units at every level, drops undefined members, keeps array holes as null", () => {
    const v = { b: 1, a: [3, undefined, { d: "x", c: null }], é: true, Z: "z", e: undefined, "10": 0, "9": 0 };
    expect(canonicalJson(v)).toBe('{"10":0,"9":0,"Z":"z","a":[3,null,{"c":null,"d":"x"}],"b":1,"é":true}');
  });

  it("writes dates as ISO strings in ms, bigints as strings, and escapes like JSON", () => {
    expect(canonicalJson({ at: new Date(Date.UTC(2026, 10, 23, 1, 2, 3, 4)), n: 10n, s: 'a"b\\n' })).toBe(
      '{"at":"2026-11-23T01:02:03.004Z","n":"10","s":"a\\"b\\\\n"}',
    );
  });

  it("is the same as a naive sorted-entries rendering for random JSON", () => {
    const naive = (x: unknown): string => {
      if (x === null || x === undefined) return "null";
      if (Array.isArray(x)) return `[${x.map((e) => naive(e === undefined ? null : e)).join(",")}]`;
      if (typeof x === "object") {
        const entries = Object.entries(x as Record<string, unknown>).filter(([, e]) => e !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
        return `{${entries.map(([k, e]) => `${JSON.stringify(k)}:${naive(e)}`).join(",")}}`;
      }
      return JSON.stringify(x);
    };
    let seed = 7;
    const rnd = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
    const gen = (depth: number): unknown => {
      const k = rnd(depth > 3 ? 4 : 7);
      if (k === 0) return rnd(1000) - 500;
      if (k === 1) return String.fromCharCode(...Array.from({ length: rnd(6) }, () => 32 + rnd(400)));
      if (k === 2) return rnd(2) === 0;
      if (k === 3) return null;
      if (k === 4) return Array.from({ length: rnd(4) }, () => gen(depth + 1));
      return Object.fromEntries(Array.from({ length: rnd(5) }, () => [String.fromCharCode(...Array.from({ length: 1 + rnd(3) }, () => 48 + rnd(300))), rnd(5) === 0 ? undefined : gen(depth + 1)]));
    };
    for (let i = 0; i < 500; i++) {
      const v = gen(0);
      expect(canonicalJson(v)).toBe(naive(v));
    }
  });

  it("refuses what has no canonical form", () => {
    expect(() => canonicalJson({ x: Number.NaN })).toThrow("non-finite");
    expect(() => canonicalJson({ f: () => 1 })).toThrow("unsupported type function");
  });
});
