import type { Db } from "../db/client";

/** The definition a call activity starts: latest version of the key, or the pinned one. */
export async function resolveCalledDefinition(db: Db, organizationId: string, key: string, binding: string, version?: number) {
  return db.processDefinition.findFirst({
    where: { organizationId, key, ...(binding === "version" && version ? { version } : {}) },
    orderBy: { version: "desc" },
    select: { id: true, key: true, version: true },
  });
}
