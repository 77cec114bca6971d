// Permissions as data: every action × role in one table. Tested cell by cell in
// permissions.test.ts. Pages, server actions and route handlers all ask assertCan().
export const ROLES = ["admin", "designer", "operator", "auditor", "user"] as const;
export type RoleName = (typeof ROLES)[number];

export const ACTIONS = [
  "task.list",
  "task.read",
  "task.claim",
  "task.complete",
  "task.delegate",
  "task.assign",
  "definition.read",
  "definition.deploy",
  "instance.start",
  "instance.read",
  "instance.cancel",
  "instance.setVariables",
  "incident.read",
  "incident.retry",
  "message.correlate",
  "job.work",
  "sla.read",
  "audit.read",
  "audit.export",
  "admin.users",
  "secret.manage",
  "token.manage",
] as const;
export type Action = (typeof ACTIONS)[number];

const A = true;
const _ = false;

// Columns: admin, designer, operator, auditor, user
const TABLE: Record<Action, [boolean, boolean, boolean, boolean, boolean]> = {
  "task.list":             [A, A, A, _, A],
  "task.read":             [A, A, A, _, A],
  "task.claim":            [A, A, A, _, A],
  "task.complete":         [A, A, A, _, A],
  "task.delegate":         [A, A, A, _, A],
  "task.assign":           [A, _, A, _, _],
  "definition.read":       [A, A, A, _, A],
  "definition.deploy":     [A, A, _, _, _],
  "instance.start":        [A, A, A, _, A],
  "instance.read":         [A, A, A, A, _],
  "instance.cancel":       [A, _, A, _, _],
  "instance.setVariables": [A, _, A, _, _],
  "incident.read":         [A, A, A, A, _],
  "incident.retry":        [A, _, A, _, _],
  "message.correlate":     [A, _, A, _, _],
  "job.work":              [A, _, A, _, _],
  "sla.read":              [A, _, A, A, _],
  "audit.read":            [A, _, _, A, _],
  "audit.export":          [A, _, _, A, _],
  "admin.users":           [A, _, _, _, _],
  "secret.manage":         [A, _, _, _, _],
  "token.manage":          [A, A, A, A, A],
};

export function roleAllows(role: RoleName, action: Action): boolean {
  return TABLE[action][ROLES.indexOf(role)];
}

export function rolesAllow(roles: readonly RoleName[], action: Action): boolean {
  return roles.some((r) => roleAllows(r, action));
}

/** The navigation of the app shell; each entry is shown when its action is allowed. */
export const NAVIGATION = [
  { key: "inbox", label: "Inbox", href: "/inbox", action: "task.list" },
  { key: "processes", label: "Processes", href: "/processes", action: "definition.read" },
  { key: "instances", label: "Instances", href: "/instances", action: "instance.read" },
  { key: "slas", label: "SLAs", href: "/slas", action: "sla.read" },
  { key: "audit", label: "Audit", href: "/audit", action: "audit.read" },
  { key: "admin", label: "Admin", href: "/admin", action: "admin.users" },
] as const satisfies ReadonlyArray<{ key: string; label: string; href: string; action: Action }>;

export type NavKey = (typeof NAVIGATION)[number]["key"];

export function navigationFor(roles: readonly RoleName[]) {
  return NAVIGATION.filter((n) => rolesAllow(roles, n.action));
}
