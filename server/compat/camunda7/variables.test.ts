// Camunda 7 typed values <-> Baton's JSON variables, both ways, and the refusals naming the variable.
import { describe, expect, it } from "vitest";
import { C7Error } from "./errors";
import { fromTypedValue, fromTypedVariables, toTypedValue, toTypedVariables } from "./variables";

const refused = (name: string, tv: Parameters<typeof fromTypedValue>[1]) => {
  try {
    fromTypedValue(name, tv);
  } catch (err) {
    expect(err).toBeInstanceOf(C7Error);
    expect((err as C7Error).status).toBe(400);
    expect((err as C7Error).type).toBe("InvalidRequestException");
    return (err as C7Error).message;
  }
  throw new Error(`${name} was not refused`);
};

describe("Camunda 7 typed values -> Baton variables", () => {
  it("converts every JSON-representable type, case-insensitively (the JS client sends lower case)", () => {
    expect(
      fromTypedVariables({
        s: { value: "text", type: "String" },
        i: { value: 42, type: "Integer" },
        iText: { value: "42", type: "integer" },
        sh: { value: -7, type: "Short" },
        l: { value: 2 ** 40, type: "Long" },
        d: { value: 1.5, type: "Double" },
        dText: { value: "2.25", type: "double" },
        b: { value: true, type: "Boolean" },
        bText: { value: "false", type: "boolean" },
        n: { value: null, type: "Null" },
        date: { value: "2024-01-31T09:00:00.000+0100", type: "Date" },
        dateZ: { value: "2024-01-31T09:00:00.000Z", type: "date" },
        json: { value: '{"a":[1,{"b":null}]}', type: "Json" },
        jsonObj: { value: { already: "parsed" }, type: "json" },
        obj: { value: '{"k":"v"}', type: "Object", valueInfo: { objectTypeName: "java.util.HashMap", serializationDataFormat: "application/json" } },
        xml: { value: "<a/>", type: "Xml" },
        untyped: { value: { x: 1 } },
        missing: {},
        nullString: { value: null, type: "String" },
      }),
    ).toEqual({
      s: "text", i: 42, iText: 42, sh: -7, l: 2 ** 40, d: 1.5, dText: 2.25, b: true, bText: false, n: null,
      date: "2024-01-31T08:00:00.000Z", dateZ: "2024-01-31T09:00:00.000Z",
      json: { a: [1, { b: null }] }, jsonObj: { already: "parsed" }, obj: { k: "v" }, xml: "<a/>", untyped: { x: 1 }, missing: null, nullString: null,
    });
    expect(fromTypedVariables(undefined)).toEqual({});
  });

  it("refuses values that do not fit their type, and types Baton cannot store, naming the variable", () => {
    expect(refused("big", { value: 2 ** 31, type: "Integer" })).toContain("'big'");
    expect(refused("short", { value: 40_000, type: "Short" })).toContain("out of range");
    expect(refused("frac", { value: 1.5, type: "Long" })).toContain("not a whole number");
    expect(refused("nan", { value: "abc", type: "Double" })).toContain("not a number");
    expect(refused("flag", { value: "yes", type: "Boolean" })).toContain("true or false");
    expect(refused("str", { value: 1, type: "String" })).toContain("expected a string");
    expect(refused("when", { value: "31.01.2024", type: "Date" })).toContain("not a date");
    expect(refused("doc", { value: "{nope", type: "Json" })).toContain("not valid JSON");
    expect(refused("java", { value: "rO0AB", type: "Object", valueInfo: { serializationDataFormat: "application/x-java-serialized-object" } })).toContain("application/x-java-serialized-object");
    expect(refused("blob", { value: "AAEC", type: "Bytes" })).toContain("JSON");
    expect(refused("upload", { value: "AAEC", type: "File", valueInfo: { filename: "a.txt" } })).toContain("'upload'");
    expect(refused("odd", { value: 1, type: "Decimal" })).toContain("unknown value type");
  });
});

describe("Baton variables -> Camunda 7 typed values", () => {
  it("types each JSON value as Camunda 7 would, objects and lists as Json text", () => {
    expect(toTypedVariables({ s: "a", i: 7, l: 2 ** 33, neg: -(2 ** 31), d: 0.5, b: false, n: null, o: { a: 1 }, list: [1, "x"] })).toEqual({
      s: { type: "String", value: "a", valueInfo: {} },
      i: { type: "Integer", value: 7, valueInfo: {} },
      l: { type: "Long", value: 2 ** 33, valueInfo: {} },
      neg: { type: "Integer", value: -(2 ** 31), valueInfo: {} },
      d: { type: "Double", value: 0.5, valueInfo: {} },
      b: { type: "Boolean", value: false, valueInfo: {} },
      n: { type: "Null", value: null, valueInfo: {} },
      o: { type: "Json", value: '{"a":1}', valueInfo: {} },
      list: { type: "Json", value: '[1,"x"]', valueInfo: {} },
    });
    expect(toTypedValue(undefined)).toEqual({ type: "Null", value: null, valueInfo: {} });
  });

  it("round-trips: what Baton answers converts back to the same variables", () => {
    const vars = { s: "a", i: 7, l: 2 ** 33, d: 0.5, b: true, n: null, o: { deep: { list: [1, null, "z"] } } };
    expect(fromTypedVariables(toTypedVariables(vars))).toEqual(vars);
  });
});
