import { describe, expect, it } from "vitest";
import { addDuration, nextCron, nextOccurrence, parseIsoDate, planCycle, planTimer } from "./timers";

const T0 = Date.UTC(2025, 0, 31, 12, 0, 0);

describe("timers", () => {
  it("adds ISO 8601 durations, months along the UTC calendar", () => {
    expect(addDuration(T0, "PT1H30M")).toBe(T0 + 90 * 60_000);
    expect(addDuration(T0, "P1DT0.5S")).toBe(T0 + 86_400_000 + 500);
    expect(addDuration(T0, "P2W")).toBe(T0 + 14 * 86_400_000);
    expect(new Date(addDuration(T0, "P1M")!).toISOString()).toBe("2025-03-03T12:00:00.000Z");
    expect(new Date(addDuration(T0, "P1Y")!).toISOString()).toBe("2026-01-31T12:00:00.000Z");
    expect(addDuration(T0, "PT")).toBeUndefined();
    expect(addDuration(T0, "5 minutes")).toBeUndefined();
  });

  it("reads dates without a zone as UTC", () => {
    expect(parseIsoDate("2025-02-01T08:00:00")).toBe(Date.UTC(2025, 1, 1, 8));
    expect(parseIsoDate("2025-02-01")).toBe(Date.UTC(2025, 1, 1));
    expect(parseIsoDate("2025-02-01T08:00:00+01:00")).toBe(Date.UTC(2025, 1, 1, 7));
    expect(parseIsoDate("tomorrow")).toBeUndefined();
  });

  it("plans repeating cycles with and without a start date", () => {
    expect(planCycle("R5/PT1H", T0)).toEqual({ ok: true, dueAt: T0 + 3_600_000, repeat: { remaining: 4, interval: "PT1H" } });
    expect(planCycle("R/PT10M", T0)).toEqual({ ok: true, dueAt: T0 + 600_000, repeat: { remaining: null, interval: "PT10M" } });
    expect(planCycle("R2/2025-02-01T00:00:00Z/P1D", T0)).toMatchObject({ ok: true, dueAt: Date.UTC(2025, 1, 1), repeat: { remaining: 1 } });
    expect(planCycle("PT1H", T0).ok).toBe(false);
    expect(planCycle("R0/PT1H", T0).ok).toBe(false);
  });

  it("steps a cycle until it runs out", () => {
    let repeat = { remaining: 2 as number | null, interval: "PT1H" };
    const fired: number[] = [];
    let at = T0;
    for (;;) {
      const n = nextOccurrence(repeat, at, "e");
      if (!n) break;
      fired.push(n.dueAt - T0);
      repeat = n.repeat as typeof repeat;
      at = n.dueAt;
    }
    expect(fired).toEqual([3_600_000, 7_200_000]);
  });

  it("computes cron occurrences in UTC, deterministically", () => {
    expect(nextCron("0 9 * * MON", T0, "e")).toBe(Date.UTC(2025, 1, 3, 9));
    expect(nextCron("H * * * *", T0, "seed-a")).toBe(nextCron("H * * * *", T0, "seed-a"));
    expect(nextCron("not cron", T0, "e")).toBeUndefined();
    expect(planTimer("cycle", "0 9 * * MON", T0, "e")).toEqual({ ok: true, dueAt: Date.UTC(2025, 1, 3, 9), repeat: { remaining: null, cron: "0 9 * * MON" } });
  });

  it("explains what is wrong with a bad timer", () => {
    expect(planTimer("duration", "5m", T0, "e")).toEqual({ ok: false, message: '"5m" is not an ISO 8601 duration (e.g. PT5M)' });
    expect(planTimer("date", "soon", T0, "e").ok).toBe(false);
  });
});
