import { describe, expect, it } from "vitest";
import { assertCan, can } from "./assert-can";
import type { Actor } from "./actor";
import { ACTIONS, navigationFor, ROLES, roleAllows, type Action, type RoleName } from "./permissions";

// The specification, written per role (the table in permissions.ts is written per action),
// so a slip in either one shows up as a failing cell.
const SPEC: Record<RoleName, Action[]> = {
  admin: [...ACTIONS],
  designer: ["task.list", "task.read", "task.claim", "task.complete", "task.delegate", "definition.read", "definition.deploy", "instance.start", "instance.read", "incident.read", "token.manage"],
  operator: [
    "task.list", "task.read", "task.claim", "task.complete", "task.delegate", "task.assign", "definition.read", "instance.start", "instance.read",
    "instance.cancel", "instance.setVariables", "incident.read", "incident.retry", "message.correlate", "job.work", "sla.read", "token.manage",
  ],
  auditor: ["instance.read", "incident.read", "sla.read", "audit.read", "audit.export", "token.manage"],
  user: ["task.list", "task.read", "task.claim", "task.complete", "task.delegate", "definition.read", "instance.start", "token.manage"],
};

function actor(roles: RoleName[], extra: Partial<Actor> = {}): Actor {
  return { userId: "u1", organizationId: "org1", email: "u@x", name: "U", roles, groups: [], via: "session", ...extra };
}

describe("permissions table", () => {
  for (const role of ROLES) {
    for (const action of ACTIONS) {
      const expected = SPEC[role].includes(action);
      it(`${role} ${expected ? "may" : "may not"} ${action}`, () => {
        expect(roleAllows(role, action)).toBe(expected);
        expect(can(actor([role]), action)).toBe(expected);
        if (expected) expect(() => assertCan(actor([role]), action)).not.toThrow();
        else expect(() => assertCan(actor([role]), action)).toThrowError(expect.objectContaining({ code: "FORBIDDEN" }));
      });
    }
  }

  it("has no action missing from the spec", () => {
    const specified = new Set(Object.values(SPEC).flat());
    expect(ACTIONS.filter((a) => !specified.has(a) && !SPEC.admin.includes(a))).toEqual([]);
  });
});

describe("assertCan", () => {
  it("answers UNAUTHENTICATED without an actor", () => {
    expect(() => assertCan(null, "task.list")).toThrowError(expect.objectContaining({ code: "UNAUTHENTICATED" }));
  });
  it("answers NOT_FOUND (never FORBIDDEN) for another organization's resource", () => {
    expect(() => assertCan(actor(["admin"]), "instance.read", { organizationId: "other" })).toThrowError(expect.objectContaining({ code: "NOT_FOUND" }));
    expect(() => assertCan(actor(["user"]), "audit.read", { organizationId: "other" })).toThrowError(expect.objectContaining({ code: "NOT_FOUND" }));
  });
  it("limits API tokens to their scopes", () => {
    const t = actor(["admin"], { via: "token", tokenScopes: ["instance.start"] });
    expect(can(t, "instance.start")).toBe(true);
    expect(() => assertCan(t, "instance.cancel")).toThrowError(expect.objectContaining({ code: "FORBIDDEN" }));
  });
  it("combines roles: any role that allows is enough", () => {
    expect(can(actor(["auditor", "user"]), "task.complete")).toBe(true);
    expect(can(actor(["auditor", "user"]), "audit.export")).toBe(true);
  });
});

describe("navigation", () => {
  const keys = (roles: RoleName[]) => navigationFor(roles).map((n) => n.key);
  it("shows each role exactly its screens", () => {
    expect(keys(["admin"])).toEqual(["inbox", "processes", "instances", "slas", "audit", "admin"]);
    expect(keys(["designer"])).toEqual(["inbox", "processes", "instances"]);
    expect(keys(["operator"])).toEqual(["inbox", "processes", "instances", "slas"]);
    expect(keys(["auditor"])).toEqual(["instances", "slas", "audit"]);
    expect(keys(["user"])).toEqual(["inbox", "processes"]);
    expect(keys([])).toEqual([]);
  });
});
