// Seeds the demo organization "Acme Corp": one user per role, approvers in `managers`
// and `finance`, a requester, and the deployed "Expense approval" process.
// Idempotent (upserts). Refuses to run with NODE_ENV=production: demo passwords are local only.
import fs from "node:fs";
import path from "node:path";
import { hashPassword } from "../server/auth/password";
import { systemActor } from "../server/authz/actor";
import { deployDefinition } from "../server/commands/definitions/deploy-definition";
import { createDb } from "../server/db/client";
import type { Role } from "../server/db/generated/client";
import { DEMO_ORG, DEMO_PASSWORD, DEMO_USERS } from "./seed/demo-users";

if (process.env.NODE_ENV === "production") {
  console.error("[baton] refusing to seed demo users with NODE_ENV=production: their passwords are public.");
  process.exit(1);
}
const url = process.env.DATABASE_URL;
if (!url) {
  console.error("[baton] DATABASE_URL is not set");
  process.exit(1);
}

const db = createDb(url, 2);
try {
  await db.organization.upsert({
    where: { id: DEMO_ORG.id },
    create: DEMO_ORG,
    update: { name: DEMO_ORG.name },
  });
  for (const g of [
    { key: "managers", name: "Managers" },
    { key: "finance", name: "Finance" },
  ]) {
    await db.group.upsert({
      where: { organizationId_key: { organizationId: DEMO_ORG.id, key: g.key } },
      create: { id: `grp_${g.key}`, organizationId: DEMO_ORG.id, ...g },
      update: { name: g.name },
    });
  }
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  for (const u of DEMO_USERS) {
    const existing = await db.user.findUnique({ where: { email: u.email } });
    await db.user.upsert({
      where: { email: u.email },
      create: { id: u.id, organizationId: DEMO_ORG.id, email: u.email, name: u.name, passwordHash },
      // Keep a changed password; only fill one in when missing.
      update: { name: u.name, passwordHash: existing?.passwordHash ?? passwordHash },
    });
    for (const role of u.roles) {
      await db.membership.upsert({
        where: { organizationId_userId_role: { organizationId: DEMO_ORG.id, userId: u.id, role: role as Role } },
        create: { organizationId: DEMO_ORG.id, userId: u.id, role: role as Role },
        update: {},
      });
    }
    for (const key of u.groups) {
      await db.groupMember.upsert({
        where: { groupId_userId: { groupId: `grp_${key}`, userId: u.id } },
        create: { groupId: `grp_${key}`, userId: u.id },
        update: {},
      });
    }
  }
  const xml = fs.readFileSync(path.join(import.meta.dirname, "seed/expense-approval.bpmn"), "utf8");
  // the start form (amount, department, what it was for) is deployed beside the model, as Camunda Modeler users do
  const form = { fileName: "expense-request.form", text: fs.readFileSync(path.join(import.meta.dirname, "seed/expense-request.form"), "utf8") };
  const { definitions } = await deployDefinition(systemActor(DEMO_ORG.id), { xml, fileName: "expense-approval.bpmn", forms: [form] }, { db });
  const d = definitions[0];
  console.log(`[baton] demo organization "${DEMO_ORG.name}": ${DEMO_USERS.length} users; ${d.name} v${d.version}${d.isNew ? " deployed" : " already deployed"}`);
} finally {
  await db.$disconnect();
}
