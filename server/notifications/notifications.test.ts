// Notifications end to end: a new task offered to a group rings the members' bells and mails them
// through a real SMTP server (smtp-server on a local port); preferences are honoured, the starter
// excluded by separation of duties is not told, a redelivered job tells nobody twice, and another
// organization hears nothing.
import fs from "node:fs";
import path from "node:path";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startInstance } from "../commands/instances/start-instance";
import { markNotificationsRead, setNotificationPreferences } from "../commands/notifications/manage-notifications";
import { bellFor } from "../queries/notifications/list-notifications";
import { freePort } from "../testing/free-port";
import { createTestRuntime, waitFor, type TestRuntime } from "../testing/runtime";
import { startWorker, type RunningWorker } from "../../worker/start-worker";
import { notifyTask } from "./notify-task";

interface Mail { to: string[]; data: string }
/** The message as text: soft line breaks joined, =XX bytes decoded (nodemailer sends quoted-printable). */
function quotedPrintable(raw: string): string {
  const joined = raw.replace(/=\r\n/g, "");
  return Buffer.from(joined.replace(/=([0-9A-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16))), "latin1").toString("utf8");
}
const mails: Mail[] = [];
let smtp: SMTPServer;
let rt: TestRuntime;
let worker: RunningWorker;

const model = fs.readFileSync(path.join(import.meta.dirname, "../runtime/__fixtures__/expense-approval.bpmn"), "utf8");

beforeAll(async () => {
  const port = await freePort();
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    onData(stream, session, callback) {
      let data = "";
      stream.on("data", (c: Buffer) => (data += c.toString("utf8")));
      stream.on("end", () => {
        mails.push({ to: session.envelope.rcptTo.map((r) => r.address), data: quotedPrintable(data) });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(port, "127.0.0.1", resolve));
  process.env.SMTP_URL = `smtp://127.0.0.1:${port}`;
  process.env.NEXTAUTH_URL = "http://baton.test";
  rt = await createTestRuntime("notifications");
  await rt.deploy(model.replace('<bpmn:userTask id="manager-approval"', '<bpmn:userTask id="manager-approval" baton:excludeInitiator="true"').replace("<bpmn:definitions ", '<bpmn:definitions xmlns:baton="http://baton.dev/schema/bpmn/1.0" '));
  worker = await startWorker({ db: rt.db, redisUrl: process.env.REDIS_URL!, prefix: rt.prefix, workerId: "w-notify", reconcileMs: 500 });
});
afterAll(async () => {
  await worker?.stop();
  await rt?.cleanup();
  await new Promise<void>((resolve) => (smtp ? smtp.close(() => resolve()) : resolve()));
});

describe("a new task tells the people it is for", () => {
  it("rings the bell of every group member but the excluded starter, mails them, and never twice", async () => {
    await setNotificationPreferences(rt.actors.manager2, [{ kind: "task.offered", inApp: true, email: false }], { db: rt.db });
    // manager2 starts it: excluded by excludeInitiator, so only u_manager is told
    const inst = await startInstance(rt.actors.manager2, { key: "expense-approval", businessKey: "EXP-42", variables: { amount: 300 } }, { db: rt.db, queues: rt.queues });
    const task = await waitFor(() => rt.db.task.findFirst({ where: { instanceId: inst.id, status: "OPEN" } }), 10_000, "the task");
    const rows = await waitFor(async () => {
      const r = await rt.db.notification.findMany({ where: { link: `/tasks/${task.id}` } });
      return r.length > 0 && r.every((n) => n.emailedAt) ? r : null;
    }, 10_000, "the notification");
    expect(rows.map((n) => n.userId)).toEqual(["u_manager"]);
    expect(rows[0]).toMatchObject({ kind: "task.offered", title: "New task for you: Manager approval", organizationId: rt.org });
    expect(rows[0]!.body).toContain("EXP-42");

    const mail = await waitFor(async () => mails.find((m) => m.data.includes(`/tasks/${task.id}`)) ?? null, 5_000, "the email");
    expect(mail.to).toEqual(["u_manager@test"]);
    expect(mail.data).toContain("Subject: [Baton] New task for you: Manager approval");
    expect(mail.data).toContain(`http://baton.test/tasks/${task.id}`);

    const bell = await bellFor(rt.actors.manager, { db: rt.db });
    expect(bell.unread).toBe(1);
    expect(bell.items[0]).toMatchObject({ title: "New task for you: Manager approval", link: `/tasks/${task.id}`, read: false });
    expect((await bellFor(rt.actors.manager2, { db: rt.db })).unread).toBe(0);
    expect((await bellFor(rt.actors.other, { db: rt.db })).items).toEqual([]);

    // the same job delivered again (a worker crashed after sending): nobody is told twice
    const sent = mails.length;
    const again = await notifyTask(rt.db, rows[0]!.sourceId, { organizationId: rt.org, taskId: task.id });
    expect(again.emailed).toBe(0);
    expect(await rt.db.notification.count({ where: { link: `/tasks/${task.id}` } })).toBe(1);
    expect(mails.length).toBe(sent);

    // reading is one's own: another person's id changes nothing
    expect((await markNotificationsRead(rt.actors.manager2, { id: rows[0]!.id }, { db: rt.db })).updated).toBe(0);
    expect((await markNotificationsRead(rt.actors.manager, { all: true }, { db: rt.db })).updated).toBe(1);
    expect((await bellFor(rt.actors.manager, { db: rt.db })).unread).toBe(0);
  });

  it("honours 'no email' and tells nobody about a task already done", async () => {
    await setNotificationPreferences(rt.actors.manager, [{ kind: "task.offered", inApp: true, email: false }], { db: rt.db });
    const inst = await startInstance(rt.actors.requester, { key: "expense-approval", variables: { amount: 10 } }, { db: rt.db, queues: rt.queues });
    const task = await waitFor(() => rt.db.task.findFirst({ where: { instanceId: inst.id, status: "OPEN" } }), 10_000, "the task");
    const rows = await waitFor(async () => {
      const r = await rt.db.notification.findMany({ where: { link: `/tasks/${task.id}` } });
      return r.length === 2 ? r : null;
    }, 10_000, "two notifications");
    expect(rows.map((n) => n.userId).sort()).toEqual(["u_manager", "u_manager2"]);
    await new Promise((r) => setTimeout(r, 300));
    expect(mails.some((m) => m.data.includes(`/tasks/${task.id}`))).toBe(false);
    expect(rows.every((n) => n.emailedAt === null)).toBe(true);

    await expect(setNotificationPreferences(rt.actors.manager, [{ kind: "nope" as "task.offered", inApp: true, email: true }], { db: rt.db })).rejects.toThrow(/preferences/);
    const gone = await notifyTask(rt.db, "job-for-a-missing-task", { organizationId: rt.org, taskId: "no-such-task" });
    expect(gone).toEqual({ notified: 0, emailed: 0 });
  });
});
