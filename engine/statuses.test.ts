import { describe, expect, it } from "vitest";
import { hasIncidents, isInstanceActive, isInstanceEnded, isInstanceStuck, isTokenInIncident, isTokenWaiting } from "./statuses";
import type { InstanceState } from "./runtime/state";

const base = { status: "active", incidents: {} } as unknown as InstanceState;

describe("statuses", () => {
  it("classifies instances and tokens", () => {
    expect(isInstanceActive(base)).toBe(true);
    expect(isInstanceEnded({ status: "terminated" })).toBe(true);
    expect(isInstanceEnded(base)).toBe(false);
    const stuck = { ...base, incidents: { i1: {} } } as unknown as InstanceState;
    expect(hasIncidents(stuck)).toBe(true);
    expect(isInstanceStuck(stuck)).toBe(true);
    expect(isInstanceStuck(base)).toBe(false);
    expect(isTokenWaiting({ status: "joining" })).toBe(true);
    expect(isTokenInIncident({ status: "incident" })).toBe(true);
  });
});
