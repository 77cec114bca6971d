// The group claim of an SSO sign-in: which names a token carries and what changes in Baton.
import { describe, expect, it } from "vitest";
import { groupClaimValues, planGroupSync } from "./oidc-groups";

describe("groupClaimValues", () => {
  it("reads a list under the configured name, trimmed, without duplicates or non-strings", () => {
    expect(groupClaimValues({ groups: [" finance ", "managers", "finance", 7, null, ""] }, "groups")).toEqual(["finance", "managers"]);
    expect(groupClaimValues({ groups: ["x"], roles: ["finance"] }, "roles")).toEqual(["finance"]);
  });

  it("tells an absent claim (null) from an empty one", () => {
    expect(groupClaimValues({ sub: "u1" }, "groups")).toBeNull();
    expect(groupClaimValues({ groups: null }, "groups")).toBeNull();
    expect(groupClaimValues({ groups: [] }, "groups")).toEqual([]);
  });

  it("takes a single string as one group and drops Keycloak's leading slash", () => {
    expect(groupClaimValues({ groups: "finance" }, "groups")).toEqual(["finance"]);
    expect(groupClaimValues({ groups: ["/finance", "/dept/sales"] }, "groups")).toEqual(["finance", "dept/sales"]);
  });

  it("follows a dotted path into nested claims, unless a claim has that literal name", () => {
    const claims = { realm_access: { roles: ["finance"] }, "realm_access.roles": undefined };
    expect(groupClaimValues(claims, "realm_access.roles")).toEqual(["finance"]);
    expect(groupClaimValues({ "https://baton/groups": ["managers"] }, "https://baton/groups")).toEqual(["managers"]);
    expect(groupClaimValues({ "a.b": ["literal"], a: { b: ["nested"] } }, "a.b")).toEqual(["literal"]);
    expect(groupClaimValues({ a: ["not-an-object"] }, "a.b")).toBeNull();
  });
});

describe("planGroupSync", () => {
  const org = [
    { id: "g_fin", key: "finance" },
    { id: "g_mgr", key: "managers" },
    { id: "g_ops", key: "ops" },
  ];

  it("adds what the claim lists, removes what it does not, and reports unknown names", () => {
    expect(planGroupSync(org, ["g_mgr", "g_ops"], ["Finance", "ops", "sso-only"])).toEqual({ add: ["g_fin"], remove: ["g_mgr"], unknown: ["sso-only"] });
  });

  it("changes nothing when the memberships already match", () => {
    expect(planGroupSync(org, ["g_fin"], ["finance"])).toEqual({ add: [], remove: [], unknown: [] });
  });

  it("an empty claim removes every membership", () => {
    expect(planGroupSync(org, ["g_fin", "g_ops"], [])).toEqual({ add: [], remove: ["g_fin", "g_ops"], unknown: [] });
  });
});
