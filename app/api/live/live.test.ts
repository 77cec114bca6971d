// The live stream: a new task reaches the people it is offered to within a second, over the real
// route, Redis pub/sub and PostgreSQL; nobody else hears of it — not another user, not another
// organization — and the stream itself is authorized.
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiFixture, type ApiFixture } from "@/server/testing/api-fixture";

const xml = fs.readFileSync(path.join(import.meta.dirname, "../v1/__fixtures__/approval.bpmn"), "utf8");
let f: ApiFixture;
let live: typeof import("./route");
let hub: typeof import("@/server/live/live-hub");
let r: { defs: typeof import("../v1/definitions/route"); instances: typeof import("../v1/instances/route"); claim: typeof import("../v1/tasks/[id]/claim/route"); tasks: typeof import("../v1/tasks/route") };

interface Stream { events: { type: string; data: { taskIds?: string[]; instanceIds?: string[] } }[]; abort(): void; next(type: string, ms?: number): Promise<{ taskIds?: string[]; instanceIds?: string[] } | null> }

async function open(token: string): Promise<Stream> {
  const ac = new AbortController();
  const res = await live.GET(new Request("http://baton.test/api/live", { headers: { authorization: `Bearer ${token}` }, signal: ac.signal }));
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toContain("text/event-stream");
  const events: Stream["events"] = [];
  const waiters: (() => void)[] = [];
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  void (async () => {
    for (;;) {
      const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true }));
      if (done) return;
      buffer += decoder.decode(value, { stream: true });
      let cut: number;
      while ((cut = buffer.indexOf("\n\n")) >= 0) {
        const block = buffer.slice(0, cut);
        buffer = buffer.slice(cut + 2);
        const type = /^event: (.*)$/m.exec(block)?.[1];
        const data = /^data: (.*)$/m.exec(block)?.[1];
        if (type) events.push({ type, data: data ? JSON.parse(data) : {} });
        for (const w of waiters.splice(0)) w();
      }
    }
  })();
  let seen = 0;
  async function next(type: string, ms = 1_000) {
    const deadline = Date.now() + ms;
    for (;;) {
      const i = events.findIndex((e, k) => k >= seen && e.type === type);
      if (i >= 0) {
        seen = i + 1;
        return events[i]!.data;
      }
      const left = deadline - Date.now();
      if (left <= 0) return null;
      await new Promise<void>((resolve) => {
        waiters.push(resolve);
        setTimeout(resolve, left);
      });
    }
  }
  return { events, abort: () => ac.abort(), next };
}

beforeAll(async () => {
  f = await createApiFixture("live");
  live = await import("./route");
  hub = await import("@/server/live/live-hub");
  r = {
    defs: await import("../v1/definitions/route"),
    instances: await import("../v1/instances/route"),
    claim: await import("../v1/tasks/[id]/claim/route"),
    tasks: await import("../v1/tasks/route"),
  };
  const d = await f.call(r.defs.POST, { method: "POST", path: "/definitions", token: f.tokens.admin, body: xml, headers: { "content-type": "application/xml" } });
  expect(d.status).toBe(201);
  // the other organization has the same process, so its starts produce notices too
  const other = await f.call(r.defs.POST, { method: "POST", path: "/definitions", token: f.tokens.other, body: xml, headers: { "content-type": "application/xml" } });
  expect(other.status).toBe(201);
});
afterAll(async () => {
  hub?.closeLiveHub();
  await f?.close();
});

describe("GET /api/live", () => {
  it("needs a signed-in person allowed to list tasks", async () => {
    const anon = await live.GET(new Request("http://baton.test/api/live"));
    expect(anon.status).toBe(401);
    const auditor = await live.GET(new Request("http://baton.test/api/live", { headers: { authorization: `Bearer ${f.tokens.auditor}` } }));
    expect(auditor.status).toBe(403);
  });

  it("a new task reaches its candidate group and operators within a second; nobody else hears of it", async () => {
    const member = await open(f.tokens.user); // a_user is in managers
    const operator = await open(f.tokens.operator);
    // a plain user outside the managers group: neither candidate nor starter nor instance reader
    await f.db.user.create({ data: { id: "a_outsider", organizationId: "org_a", email: "outsider@test.local", name: "Outsider" } });
    await f.db.membership.create({ data: { organizationId: "org_a", userId: "a_outsider", role: "user" } });
    const outsider = await open(await f.tokenFor("a_outsider"));
    const foreign = await open(f.tokens.other);
    for (const s of [member, operator, outsider, foreign]) expect(await s.next("ready")).not.toBeNull();

    const t0 = Date.now();
    const started = await f.call(r.instances.POST, { method: "POST", path: "/instances", token: f.tokens.admin, body: { key: "approval", variables: { amount: 7 } } });
    expect(started.status).toBe(201);
    const seen = await member.next("change");
    expect(Date.now() - t0).toBeLessThan(1_000);
    expect(seen?.taskIds).toHaveLength(1);
    expect((await operator.next("change"))?.taskIds).toEqual(seen?.taskIds);

    // the other organization starts its own: our member must not hear of it
    const theirs = await f.call(r.instances.POST, { method: "POST", path: "/instances", token: f.tokens.other, body: { key: "approval" } });
    expect(theirs.status).toBe(201);
    expect((await foreign.next("change"))?.instanceIds).toContain(theirs.body.id);

    // claiming tells the group (the task leaves "offered to my groups")
    const claimed = await f.call(r.claim.POST, { method: "POST", path: `/tasks/${seen!.taskIds![0]}/claim`, token: f.tokens.user, params: { id: seen!.taskIds![0]! } });
    expect(claimed.status, JSON.stringify(claimed.body)).toBe(200);
    expect((await member.next("change"))?.taskIds).toEqual(seen?.taskIds);

    expect(await outsider.next("change", 300)).toBeNull();
    const leaked = member.events.filter((e) => e.type === "change" && e.data.instanceIds?.includes(theirs.body.id));
    expect(leaked).toEqual([]);
    expect(foreign.events.some((e) => e.type === "change" && e.data.instanceIds?.includes(started.body.id))).toBe(false);
    for (const s of [member, operator, outsider, foreign]) s.abort();
  });

  it("a closed stream is dropped from the hub", async () => {
    const before = hub.liveListenerCount();
    const s = await open(f.tokens.user);
    expect(await s.next("ready")).not.toBeNull();
    expect(hub.liveListenerCount()).toBe(before + 1);
    s.abort();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(hub.liveListenerCount()).toBe(before);
  });
});
