// The migrated database matches schema.prisma: the generated client writes and reads back
// every model with every field set.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../testing/test-db";
import { createDb, type Db } from "./client";

describe("schema round trip", () => {
  let t: TestDatabase;
  let db: Db;
  beforeAll(async () => {
    t = await createTestDatabase("roundtrip");
    db = createDb(t.url, 2);
  });
  afterAll(async () => {
    await db?.$disconnect();
    await t?.drop();
  });

  it("writes and reads every model and field", async () => {
    const at = new Date("2026-01-02T03:04:05.678Z");
    const org = await db.organization.create({ data: { id: "o1", slug: "o1", name: "Org", createdAt: at } });
    const user = await db.user.create({
      data: { id: "u1", organizationId: org.id, email: "u@x.test", name: "U", passwordHash: "h", oidcSubject: "sub", disabled: true, createdAt: at, lastLoginAt: at },
    });
    await db.membership.create({ data: { organizationId: org.id, userId: user.id, role: "auditor", createdAt: at } });
    const group = await db.group.create({ data: { id: "g1", organizationId: org.id, key: "finance", name: "Finance", createdAt: at } });
    await db.groupMember.create({ data: { groupId: group.id, userId: user.id } });
    await db.apiToken.create({
      data: { id: "t1", organizationId: org.id, userId: user.id, name: "ci", tokenHash: "th", prefix: "bt_", scopes: ["a"], jobTypes: ["j"], createdAt: at, lastUsedAt: at, expiresAt: at, revokedAt: at },
    });
    const def = await db.processDefinition.create({
      data: { id: "d1", organizationId: org.id, key: "k", version: 1, name: "K", bpmnXml: "<x/>", checksum: "c", model: { a: 1 }, deployedById: user.id, deployedAt: at },
    });
    const inst = await db.processInstance.create({
      data: {
        id: "i1", organizationId: org.id, definitionId: def.id, businessKey: "bk", status: "TERMINATED", state: { tokens: [] }, variables: { x: 1 }, version: 3,
        hasIncident: true, parentInstanceId: "p", parentTokenId: "pt", startedById: user.id, startedAt: at, endedAt: at,
      },
    });
    await db.task.create({
      data: {
        id: "ta1", organizationId: org.id, instanceId: inst.id, elementId: "e", tokenId: "tok", name: "T", status: "COMPLETED", assigneeId: user.id,
        candidateUsers: ["u1"], candidateGroups: ["finance"], priority: 70, dueAt: at, followUpAt: at, formKey: "f", variables: { y: 2 }, outcome: "approved",
        completedById: user.id, completedAt: at, createdAt: at,
      },
    });
    await db.timer.create({
      data: { id: "ti1", organizationId: org.id, instanceId: inst.id, definitionId: def.id, kind: "SLA", elementId: "e", tokenId: "tok", dueAt: at, payload: { p: 1 }, firedAt: at, canceledAt: at, createdAt: at },
    });
    await db.outboxJob.create({ data: { id: "ob1", organizationId: org.id, queue: "q", name: "n", payload: { z: 1 }, availableAt: at, createdAt: at, publishedAt: at, attempts: 2 } });
    await db.incident.create({
      data: { id: "in1", organizationId: org.id, instanceId: inst.id, elementId: "e", tokenId: "tok", type: "FEEL", message: "m", details: { d: 1 }, status: "RESOLVED", createdAt: at, resolvedAt: at, resolvedById: user.id },
    });
    await db.auditEvent.create({
      data: { id: "a1", organizationId: org.id, chainId: inst.id, seq: 1, instanceId: inst.id, type: "instance.started", actorId: user.id, elementId: "e", payload: { q: 1 }, createdAt: at, prevHash: "p", hash: "h", blockId: "b" },
    });

    const back = await db.organization.findUniqueOrThrow({
      where: { id: org.id },
      include: { users: { include: { memberships: true, groups: true, apiTokens: true } }, groups: true, definitions: true, instances: { include: { tasks: true, timers: true, incidents: true } }, auditEvents: true, outboxJobs: true },
    });
    expect(back.users[0]).toMatchObject({ email: "u@x.test", passwordHash: "h", oidcSubject: "sub", disabled: true, lastLoginAt: at });
    expect(back.users[0].memberships[0].role).toBe("auditor");
    expect(back.users[0].groups[0].groupId).toBe("g1");
    expect(back.users[0].apiTokens[0]).toMatchObject({ scopes: ["a"], jobTypes: ["j"], revokedAt: at });
    expect(back.definitions[0]).toMatchObject({ version: 1, model: { a: 1 }, deployedAt: at });
    expect(back.instances[0]).toMatchObject({ status: "TERMINATED", state: { tokens: [] }, variables: { x: 1 }, version: 3, hasIncident: true, endedAt: at });
    expect(back.instances[0].tasks[0]).toMatchObject({ candidateGroups: ["finance"], priority: 70, outcome: "approved", variables: { y: 2 } });
    expect(back.instances[0].timers[0]).toMatchObject({ kind: "SLA", payload: { p: 1 }, firedAt: at });
    expect(back.instances[0].incidents[0]).toMatchObject({ status: "RESOLVED", details: { d: 1 } });
    expect(back.auditEvents[0]).toMatchObject({ chainId: "i1", seq: 1, hash: "h", blockId: "b", payload: { q: 1 } });
    expect(back.outboxJobs[0]).toMatchObject({ attempts: 2, publishedAt: at });
  });
});
