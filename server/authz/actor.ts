// Who is acting: a signed-in user (session) or an API token on a user's behalf.
import type { RoleName } from "./permissions";

export interface Actor {
  userId: string;
  organizationId: string;
  email: string;
  name: string;
  roles: RoleName[];
  groups: string[];
  via: "session" | "token" | "system";
  /** For API tokens: the scopes (actions) the token is limited to; undefined = all the user's. */
  tokenScopes?: string[];
  /** For API tokens limited to job types. */
  tokenJobTypes?: string[];
}

/** The worker and set-up act as the system inside one organization. */
export function systemActor(organizationId: string): Actor {
  return {
    userId: "system",
    organizationId,
    email: "system@baton.local",
    name: "Baton",
    roles: ["admin"],
    groups: [],
    via: "system",
  };
}
