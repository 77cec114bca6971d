// In-memory harness around step(): deployed models by process id and version, a fake clock,
// effect routing (tasks, jobs, timers, message subscriptions, child instances for call
// activities) and a log of every step (event, clock, ids handed out) so a run can be replayed.
// Used by the engine's tests and by bench/; it holds no I/O and no real timers.
import { compile } from "../compiler";
import type { CompiledModel } from "../model/types";
import type { ProcessRef, StepContext } from "../runtime/context";
import type { CreateTaskEffect, Effect } from "../runtime/effects";
import type { EngineEvent } from "../runtime/events";
import { startTimersOf, nextStartTimer, messageStartsOf, type StartTimer } from "../runtime/start-triggers";
import type { InstanceState, Variables } from "../runtime/state";
import { step } from "../runtime/step";

export interface RecordedStep {
  instanceId: string;
  definition: string;
  event: EngineEvent;
  now: number;
  ids: string[];
  /** Answers resolveProcess gave during the step, so a replay sees the same deployments. */
  resolved: boolean[];
}

export interface DriverInstance {
  id: string;
  definition: string;
  model: CompiledModel;
  state: InstanceState;
  caller?: { instanceId: string; callId: string };
}

interface Open {
  instanceId: string;
  elementId: string;
}
interface TimerEntry extends Open {
  dueAt: number;
  order: number;
  start?: StartTimer;
}

export interface DriverOptions {
  startTime?: number;
  /** Keep every effect in `effects` (tests); off for benchmarks. */
  keepEffects?: boolean;
  /** Deep-freeze every state step() returns, so a step that writes into its input throws (tests). */
  freezeStates?: boolean;
  /** Element executions per step before the execution-budget incident (default: the engine's). */
  executionBudget?: number;
  /** Complete jobs as soon as they are created: return the variables, or undefined to leave the job open. */
  onJob?: (job: { instanceId: string; elementId: string; jobType?: string; variables: Variables }) => Variables | undefined;
}

export class EngineDriver {
  now: number;
  private seq = 0;
  private order = 0;
  private readonly defs = new Map<string, CompiledModel[]>();
  readonly instances = new Map<string, DriverInstance>();
  readonly log: RecordedStep[] = [];
  readonly effects: Array<{ instanceId: string; effect: Effect }> = [];
  readonly tasks = new Map<string, Open & { task: CreateTaskEffect }>();
  readonly jobs = new Map<string, Open>();
  readonly timers = new Map<string, TimerEntry>();
  readonly subscriptions = new Map<string, Open & { name: string; key: string | null }>();
  readonly calls = new Map<string, { parentId: string; childId?: string }>();
  readonly incidents = new Map<string, Open & { message: string }>();
  readonly slaBreaches: string[] = [];
  private readonly queue: Array<{ instanceId: string; event: EngineEvent }> = [];

  constructor(private readonly opts: DriverOptions = {}) {
    this.now = opts.startTime ?? Date.UTC(2025, 0, 1);
  }

  newId(): string {
    return `k${++this.seq}`;
  }

  async deploy(xml: string): Promise<CompiledModel> {
    const r = await compile(xml);
    if (!r.ok || !r.model) {
      throw new Error(`compile failed: ${JSON.stringify([...r.errors, ...r.unsupported])}`);
    }
    this.deployModel(r.model);
    return r.model;
  }

  deployModel(model: CompiledModel): void {
    for (const pid of Object.keys(model.processes)) {
      const versions = this.defs.get(pid) ?? [];
      versions.push(model);
      this.defs.set(pid, versions);
      const plan = startTimersOf(model.processes[pid]!, this.now);
      for (const t of plan.timers) this.addStartTimer(t);
    }
  }

  definitionKey(processId: string, version: number): string {
    return `${processId}:${version}`;
  }

  modelFor(definition: string): CompiledModel {
    const i = definition.lastIndexOf(":");
    const m = this.defs.get(definition.slice(0, i))?.[Number(definition.slice(i + 1)) - 1];
    if (!m) throw new Error(`no definition ${definition}`);
    return m;
  }

  private resolve(ref: ProcessRef): string | undefined {
    const versions = this.defs.get(ref.processId);
    if (!versions || versions.length === 0) return undefined;
    const v = ref.binding === "version" && ref.version !== undefined ? ref.version : versions.length;
    return versions[v - 1] ? this.definitionKey(ref.processId, v) : undefined;
  }

  // --- commands -----------------------------------------------------------------------------

  start(processId: string, variables?: Variables, opts: { version?: number; startEventId?: string; startedBy?: string } = {}): string {
    const definition = this.resolve({ processId, binding: opts.version ? "version" : "latest", ...(opts.version ? { version: opts.version } : {}) });
    if (!definition) throw new Error(`process ${processId} is not deployed`);
    const id = this.newId();
    this.instances.set(id, { id, definition, model: this.modelFor(definition), state: undefined as unknown as InstanceState });
    this.enqueue(id, { type: "start", processId, ...(variables ? { variables } : {}), ...(opts.startEventId ? { startEventId: opts.startEventId } : {}), ...(opts.startedBy ? { startedBy: opts.startedBy } : {}) });
    return id;
  }

  /** Completes the open task of `elementId` in the instance (the oldest when there are several). */
  completeTask(instanceId: string, elementId: string, variables?: Variables, completedBy?: string): string {
    const taskId = this.findOpen(this.tasks, instanceId, elementId, "task");
    this.enqueue(instanceId, { type: "taskCompleted", taskId, ...(variables ? { variables } : {}), ...(completedBy ? { completedBy } : {}) });
    return taskId;
  }

  completeJob(instanceId: string, elementId: string, variables?: Variables, result?: unknown): void {
    const jobId = this.findOpen(this.jobs, instanceId, elementId, "job");
    this.enqueue(instanceId, { type: "serviceCompleted", jobId, ...(variables ? { variables } : {}), ...(result !== undefined ? { result } : {}) });
  }

  failJob(instanceId: string, elementId: string, errorCode: string, errorMessage?: string, variables?: Variables): void {
    const jobId = this.findOpen(this.jobs, instanceId, elementId, "job");
    this.enqueue(instanceId, { type: "jobError", jobId, errorCode, ...(errorMessage ? { errorMessage } : {}), ...(variables ? { variables } : {}) });
  }

  /** Correlates to one open subscription per instance; with none, starts a process with that message start. */
  publishMessage(name: string, correlationKey: string | null, variables?: Variables): number {
    const byInstance = new Map<string, string>();
    for (const [id, s] of this.subscriptions) {
      if (s.name === name && s.key === correlationKey && !byInstance.has(s.instanceId)) byInstance.set(s.instanceId, id);
    }
    for (const [instanceId, subscriptionId] of byInstance) {
      this.enqueue(instanceId, { type: "messageCorrelated", subscriptionId, ...(variables ? { variables } : {}) }, false);
    }
    let started = 0;
    if (byInstance.size === 0) {
      for (const [pid, versions] of this.defs) {
        const hit = messageStartsOf(versions[versions.length - 1]!.processes[pid]!).find((m) => m.messageName === name);
        if (hit) {
          this.start(pid, variables, { startEventId: hit.elementId });
          started++;
        }
      }
    }
    this.drain();
    return byInstance.size + started;
  }

  cancel(instanceId: string): void {
    this.enqueue(instanceId, { type: "cancel" });
  }

  setVariables(instanceId: string, variables: Variables, scopeId?: string): void {
    this.enqueue(instanceId, { type: "setVariables", variables, ...(scopeId ? { scopeId } : {}) });
  }

  retryIncident(instanceId: string, incidentId: string): void {
    this.enqueue(instanceId, { type: "retryIncident", incidentId });
  }

  /** Moves the clock forward, firing every timer that falls due on the way, in due order. */
  advanceTime(ms: number): void {
    const target = this.now + ms;
    for (;;) {
      let next: [string, TimerEntry] | undefined;
      for (const e of this.timers) {
        if (e[1].dueAt <= target && (!next || e[1].dueAt < next[1].dueAt || (e[1].dueAt === next[1].dueAt && e[1].order < next[1].order))) next = e;
      }
      if (!next) break;
      const [timerId, t] = next;
      this.timers.delete(timerId);
      this.now = Math.max(this.now, t.dueAt);
      if (t.start) {
        const after = nextStartTimer(t.start, this.now);
        if (after) this.addStartTimer(after);
        this.start(t.start.processId, undefined, { startEventId: t.start.elementId });
      } else {
        this.enqueue(t.instanceId, { type: "timerFired", timerId });
      }
    }
    this.now = target;
  }

  /** Sends any event to an instance (for cases the helpers above do not cover). */
  send(instanceId: string, event: EngineEvent): void {
    this.enqueue(instanceId, event);
  }

  // --- queries ------------------------------------------------------------------------------

  state(instanceId: string): InstanceState {
    const i = this.instances.get(instanceId);
    if (!i) throw new Error(`no instance ${instanceId}`);
    return i.state;
  }

  openTasks(instanceId?: string): Array<Open & { taskId: string; task: CreateTaskEffect }> {
    return [...this.tasks].filter(([, t]) => instanceId === undefined || t.instanceId === instanceId).map(([taskId, t]) => ({ taskId, ...t }));
  }

  childOf(callId: string): string | undefined {
    return this.calls.get(callId)?.childId;
  }

  // --- internals ----------------------------------------------------------------------------

  private findOpen(map: Map<string, Open>, instanceId: string, elementId: string, what: string): string {
    for (const [id, o] of map) if (o.instanceId === instanceId && o.elementId === elementId) return id;
    throw new Error(`no open ${what} at "${elementId}" in instance ${instanceId}`);
  }

  private addStartTimer(t: StartTimer): void {
    this.timers.set(this.newId(), { instanceId: "", elementId: t.elementId, dueAt: t.dueAt, order: this.order++, start: t });
  }

  private enqueue(instanceId: string, event: EngineEvent, drain = true): void {
    this.queue.push({ instanceId, event });
    if (drain) this.drain();
  }

  private draining = false;
  private drain(): void {
    if (this.draining) return;
    this.draining = true;
    try {
      while (this.queue.length > 0) {
        const { instanceId, event } = this.queue.shift()!;
        this.apply(instanceId, event);
      }
    } finally {
      this.draining = false;
    }
  }

  private apply(instanceId: string, event: EngineEvent): void {
    const inst = this.instances.get(instanceId);
    if (!inst) return;
    const ids: string[] = [];
    const resolved: boolean[] = [];
    const ctx: StepContext = {
      now: () => this.now,
      newId: () => {
        const id = this.newId();
        ids.push(id);
        return id;
      },
      resolveProcess: (ref) => {
        const ok = this.resolve(ref) !== undefined;
        resolved.push(ok);
        return ok;
      },
      ...(this.opts.executionBudget !== undefined ? { executionBudget: this.opts.executionBudget } : {}),
    };
    const r = step(inst.model, inst.state ?? null, event, ctx);
    // the event consumes its task/job (the runtime closes those rows when applying it)
    if (event.type === "taskCompleted") this.tasks.delete(event.taskId);
    else if (event.type === "serviceCompleted" || event.type === "jobError") this.jobs.delete(event.jobId);
    this.log.push({ instanceId, definition: inst.definition, event, now: this.now, ids, resolved });
    inst.state = this.opts.freezeStates ? deepFreeze(r.state) : r.state;
    for (const e of r.effects) this.route(inst, e);
  }

  private route(inst: DriverInstance, e: Effect): void {
    const instanceId = inst.id;
    if (this.opts.keepEffects) this.effects.push({ instanceId, effect: e });
    switch (e.type) {
      case "createTask":
        this.tasks.set(e.taskId, { instanceId, elementId: e.elementId, task: e });
        return;
      case "cancelTask":
        this.tasks.delete(e.taskId);
        return;
      case "scheduleTimer":
        this.timers.set(e.timerId, { instanceId, elementId: e.elementId, dueAt: e.dueAt, order: this.order++ });
        return;
      case "cancelTimer":
        this.timers.delete(e.timerId);
        return;
      case "openSubscription":
        this.subscriptions.set(e.subscriptionId, { instanceId, elementId: e.elementId, name: e.messageName, key: e.correlationKey });
        return;
      case "closeSubscription":
        this.subscriptions.delete(e.subscriptionId);
        return;
      case "callService": {
        this.jobs.set(e.jobId, { instanceId, elementId: e.elementId });
        const vars = this.opts.onJob?.({ instanceId, elementId: e.elementId, ...(e.call.kind === "job" ? { jobType: e.call.jobType } : {}), variables: e.variables });
        if (vars) this.queue.push({ instanceId, event: { type: "serviceCompleted", jobId: e.jobId, variables: vars } });
        return;
      }
      case "cancelJob":
        this.jobs.delete(e.jobId);
        return;
      case "startCallActivity": {
        const definition = this.resolve(e);
        if (!definition) throw new Error(`call activity ${e.elementId}: ${e.processId} not deployed`);
        const childId = this.newId();
        this.instances.set(childId, { id: childId, definition, model: this.modelFor(definition), state: undefined as unknown as InstanceState, caller: { instanceId, callId: e.callId } });
        this.calls.set(e.callId, { parentId: instanceId, childId });
        this.queue.push({ instanceId: childId, event: { type: "start", processId: e.processId, variables: e.variables, caller: { callId: e.callId, instanceId } } });
        return;
      }
      case "cancelCallActivity": {
        const child = this.calls.get(e.callId)?.childId;
        if (child) this.queue.push({ instanceId: child, event: { type: "cancel", reason: "call activity terminated" } });
        return;
      }
      case "publishMessage":
        this.publishMessage(e.name, e.correlationKey, e.variables);
        return;
      case "raiseIncident":
        this.incidents.set(e.incidentId, { instanceId, elementId: e.elementId, message: e.message });
        return;
      case "resolveIncident":
        this.incidents.delete(e.incidentId);
        return;
      case "taskSlaBreached":
        this.slaBreaches.push(e.taskId);
        return;
      case "completeInstance":
        if (inst.caller) this.queue.push({ instanceId: inst.caller.instanceId, event: { type: "callActivityCompleted", callId: inst.caller.callId, variables: e.variables } });
        return;
      case "throwErrorToCaller":
        if (inst.caller) this.queue.push({ instanceId: inst.caller.instanceId, event: { type: "callActivityFailed", callId: e.callId, errorCode: e.errorCode, ...(e.errorMessage ? { errorMessage: e.errorMessage } : {}), variables: e.variables } });
        return;
      case "throwEscalationToCaller":
        if (inst.caller) this.queue.push({ instanceId: inst.caller.instanceId, event: { type: "escalation", callId: e.callId, escalationCode: e.escalationCode, variables: e.variables } });
        return;
      default:
        return;
    }
  }
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === "object" && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

/**
 * Re-runs a recorded log with the recorded clock and ids: the same events must give the same
 * states, byte for byte. Returns the final state of every instance.
 */
export function replay(
  log: RecordedStep[],
  modelFor: (definition: string) => CompiledModel,
  opts: { throughJson?: boolean } = {},
): Map<string, InstanceState> {
  const states = new Map<string, InstanceState>();
  for (const entry of log) {
    let i = 0;
    let j = 0;
    const ctx: StepContext = {
      now: () => entry.now,
      resolveProcess: () => entry.resolved[j++] ?? true,
      newId: () => {
        const id = entry.ids[i++];
        if (id === undefined) throw new Error("replay asked for more ids than were recorded");
        return id;
      },
    };
    const r = step(modelFor(entry.definition), states.get(entry.instanceId) ?? null, entry.event, ctx);
    // throughJson: as if each state had been stored in Postgres and loaded again between steps
    states.set(entry.instanceId, opts.throughJson ? (JSON.parse(JSON.stringify(r.state)) as InstanceState) : r.state);
  }
  return states;
}
