import { z } from "zod";
import { ACTIONS } from "../../authz/permissions";

export const ZCreateTokenRequest = z
  .object({
    name: z.string().trim().min(1, "name: say what the token is for, e.g. \"ci deploys\"").max(100),
    /** Actions the token may perform: a subset of what its user may do. Empty or absent = all of them. */
    scopes: z.array(z.enum(ACTIONS)).max(ACTIONS.length).default([]),
    /** Job types a worker using this token may activate. Empty or absent = any. */
    jobTypes: z.array(z.string().min(1).max(255)).max(100).default([]),
    expiresAt: z.iso.datetime({ offset: true }).optional(),
    expiresInDays: z.number().int().min(1).max(3650).optional(),
  })
  .refine((r) => !(r.expiresAt && r.expiresInDays), { message: "give expiresAt or expiresInDays, not both", path: ["expiresInDays"] });
export type TCreateTokenRequest = z.input<typeof ZCreateTokenRequest>;

export const ZRevokeTokenRequest = z.object({ tokenId: z.string().min(1) });
export type TRevokeTokenRequest = z.infer<typeof ZRevokeTokenRequest>;

export interface TTokenView {
  id: string;
  userId: string;
  name: string;
  /** Recognisable start of the token (`bt_1a2b3c4d`); never the secret. */
  prefix: string;
  scopes: string[];
  jobTypes: string[];
  createdAt: string;
  lastUsedAt: string | null;
  expiresAt: string | null;
  revokedAt: string | null;
}

export interface TCreateTokenResponse extends TTokenView {
  /** The secret, shown this once: send it as `Authorization: Bearer <token>`. */
  token: string;
}

export function tokenView(r: {
  id: string; userId: string; name: string; prefix: string; scopes: string[]; jobTypes: string[];
  createdAt: Date; lastUsedAt: Date | null; expiresAt: Date | null; revokedAt: Date | null;
}): TTokenView {
  return {
    id: r.id,
    userId: r.userId,
    name: r.name,
    prefix: r.prefix,
    scopes: r.scopes,
    jobTypes: r.jobTypes,
    createdAt: r.createdAt.toISOString(),
    lastUsedAt: r.lastUsedAt?.toISOString() ?? null,
    expiresAt: r.expiresAt?.toISOString() ?? null,
    revokedAt: r.revokedAt?.toISOString() ?? null,
  };
}
