import { describe, expect, it } from "vitest";
import { LookupBatch } from "./lookup-batch";

describe("LookupBatch", () => {
  it("answers lookups made together with one load, the same key asked twice included", async () => {
    const calls: string[][] = [];
    const b = new LookupBatch<number>(async (keys) => {
      calls.push(keys);
      return new Map(keys.filter((k) => k !== "missing").map((k) => [k, k.length]));
    });
    const got = await Promise.all([b.get("a"), b.get("bbb"), b.get("a"), b.get("missing")]);
    expect(got).toEqual([1, 3, 1, undefined]);
    expect(calls).toEqual([["a", "bbb", "missing"]]);
    // a later lookup is a new batch
    expect(await b.get("cc")).toBe(2);
    expect(calls).toHaveLength(2);
  });

  it("leaves at once when the batch is full, and fails every waiter of a failed load", async () => {
    let loads = 0;
    const b = new LookupBatch<string>(async (keys) => {
      loads++;
      if (keys.includes("boom")) throw new Error("database down");
      return new Map(keys.map((k) => [k, k]));
    }, 2, 10_000);
    // maxWaitMs is 10 s: only the size bound can answer these in time
    expect(await Promise.all([b.get("x"), b.get("y")])).toEqual(["x", "y"]);
    const failed = Promise.all([b.get("boom"), b.get("z")]);
    await expect(failed).rejects.toThrow("database down");
    expect(loads).toBe(2);
  });
});
