// The authorizer every page, server action and route handler calls itself.
import { BatonError } from "../errors";
import type { Actor } from "./actor";
import { rolesAllow, type Action } from "./permissions";

export interface TenantResource {
  organizationId: string;
}

export function can(actor: Actor | null | undefined, action: Action, resource?: TenantResource | null): boolean {
  if (!actor) return false;
  if (!rolesAllow(actor.roles, action)) return false;
  if (actor.tokenScopes && !actor.tokenScopes.includes(action) && !actor.tokenScopes.includes("*")) return false;
  if (resource && resource.organizationId !== actor.organizationId) return false;
  return true;
}

/**
 * Throws UNAUTHENTICATED without an actor, FORBIDDEN when the role may not, and NOT_FOUND
 * when the resource belongs to another organization (never 403: that would leak existence).
 */
export function assertCan(actor: Actor | null | undefined, action: Action, resource?: TenantResource | null): asserts actor is Actor {
  if (!actor) throw new BatonError("UNAUTHENTICATED", "Sign in first, or send an API token as `Authorization: Bearer …`.");
  if (resource && resource.organizationId !== actor.organizationId) {
    throw new BatonError("NOT_FOUND", "Not found.");
  }
  if (!rolesAllow(actor.roles, action)) {
    throw new BatonError("FORBIDDEN", `Your roles (${actor.roles.join(", ") || "none"}) do not allow ${action}.`, { action });
  }
  if (actor.tokenScopes && !actor.tokenScopes.includes(action) && !actor.tokenScopes.includes("*")) {
    throw new BatonError("FORBIDDEN", `This API token is not scoped for ${action}.`, { action });
  }
}
