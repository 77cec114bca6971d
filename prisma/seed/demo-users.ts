// The demo accounts (documented in README.md). Local use only: seed.ts refuses production.
export const DEMO_PASSWORD = "baton-demo";

export const DEMO_ORG = { id: "org_acme", slug: "acme", name: "Acme Corp" };

export interface DemoUser {
  id: string;
  email: string;
  name: string;
  roles: Array<"admin" | "designer" | "operator" | "auditor" | "user">;
  groups: string[];
}

export const DEMO_USERS: DemoUser[] = [
  { id: "usr_admin", email: "admin@acme.test", name: "Ada Admin", roles: ["admin"], groups: [] },
  { id: "usr_designer", email: "designer@acme.test", name: "Dev Designer", roles: ["designer"], groups: [] },
  { id: "usr_operator", email: "operator@acme.test", name: "Otto Operator", roles: ["operator"], groups: [] },
  { id: "usr_auditor", email: "auditor@acme.test", name: "Aria Auditor", roles: ["auditor"], groups: [] },
  { id: "usr_mia", email: "mia.manager@acme.test", name: "Mia Manager", roles: ["user"], groups: ["managers"] },
  { id: "usr_max", email: "max.manager@acme.test", name: "Max Manager", roles: ["user"], groups: ["managers"] },
  { id: "usr_fay", email: "fay.finance@acme.test", name: "Fay Finance", roles: ["user"], groups: ["finance"] },
  { id: "usr_finn", email: "finn.finance@acme.test", name: "Finn Finance", roles: ["user"], groups: ["finance"] },
  { id: "usr_rita", email: "rita.requester@acme.test", name: "Rita Requester", roles: ["user"], groups: [] },
];
