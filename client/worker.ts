// A job worker: long-polls Baton for jobs of one type, runs the handler for each (up to
// `concurrency` at once), and reports the outcome — its return value completes the job, a
// BpmnError raises a BPMN error, anything else fails the job with one retry fewer. Errors
// talking to Baton back off exponentially (capped). `stop()` is graceful.
import { BatonClient } from "./baton-client";
import { BatonApiError, isBpmnError, type ActivatedJob, type Variables } from "./types";

export interface JobContext {
  /** Extends the lock: the job's deadline becomes now + ms. */
  extendLock(ms: number): Promise<void>;
  client: BatonClient;
}

export type JobHandler = (job: ActivatedJob, ctx: JobContext) => Promise<Variables | void> | Variables | void;

export interface WorkerLogger {
  debug?(message: string, fields?: Record<string, unknown>): void;
  info?(message: string, fields?: Record<string, unknown>): void;
  warn?(message: string, fields?: Record<string, unknown>): void;
  error?(message: string, fields?: Record<string, unknown>): void;
}

export interface WorkerOptions {
  baseUrl: string;
  token: string;
  /** The job type (zeebe:taskDefinition type) this worker does. */
  type: string;
  handler: JobHandler;
  /** Shown as the lock owner; default `<type>-<random>`. */
  name?: string;
  /** Handlers running at once (default 32). */
  concurrency?: number;
  /** Jobs asked for per activation (default: the free concurrency). */
  maxJobs?: number;
  /** How long an activated job stays locked to this worker (ms, default 60,000). */
  lockTimeoutMs?: number;
  /** Long poll per activation request (ms, ≤ 60,000; default 30,000). */
  pollTimeoutMs?: number;
  fetchVariables?: string[];
  /** Wait before a failed job is handed out again (ms, default 1,000). */
  retryBackoffMs?: number | ((job: ActivatedJob, error: unknown) => number);
  /** Backoff after errors talking to Baton: initial and cap (ms). */
  errorBackoff?: { initialMs?: number; maxMs?: number };
  /** Called for every error the worker recovers from (polling, reporting). */
  onError?: (error: unknown, job?: ActivatedJob) => void;
  logger?: WorkerLogger;
  /** Use this client (e.g. one with a custom fetch) instead of making one. */
  client?: BatonClient;
}

export interface RunningJobWorker {
  readonly name: string;
  /** Handlers running now. */
  readonly active: number;
  /** Stops polling, waits for the running handlers and their reports. */
  stop(): Promise<void>;
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const t = setTimeout(done, ms);
    function done() {
      clearTimeout(t);
      signal.removeEventListener("abort", done);
      resolve();
    }
    signal.addEventListener("abort", done, { once: true });
  });
}

/** Network errors, 5xx and 429 are worth another try; other 4xx answers are final. */
function transient(e: unknown): boolean {
  return !(e instanceof BatonApiError) || e.status >= 500 || e.status === 429 || e.status === 408;
}

export function createWorker(o: WorkerOptions): RunningJobWorker {
  const client = o.client ?? new BatonClient({ baseUrl: o.baseUrl, token: o.token });
  const name = o.name ?? `${o.type}-${Math.random().toString(36).slice(2, 10)}`;
  const concurrency = Math.max(1, o.concurrency ?? 32);
  const maxJobs = Math.max(1, Math.min(o.maxJobs ?? concurrency, 1000));
  const lockTimeoutMs = o.lockTimeoutMs ?? 60_000;
  const pollTimeoutMs = Math.min(o.pollTimeoutMs ?? 30_000, 60_000);
  const initialBackoff = o.errorBackoff?.initialMs ?? 500;
  const maxBackoff = o.errorBackoff?.maxMs ?? 30_000;
  const log = o.logger ?? {};
  const stopping = new AbortController();
  const running = new Set<Promise<void>>();

  const report = (e: unknown, job?: ActivatedJob) => {
    try {
      o.onError?.(e, job);
    } catch {
      /* a throwing onError must not stop the worker */
    }
  };
  const backoff = (n: number) => {
    const cap = Math.min(maxBackoff, initialBackoff * 2 ** Math.min(n - 1, 20));
    return cap / 2 + Math.random() * (cap / 2);
  };

  /** Reports a job's outcome; retries transient failures (the lock is still ours for a while). */
  async function send(what: string, job: ActivatedJob, call: () => Promise<unknown>) {
    for (let attempt = 1; ; attempt++) {
      try {
        await call();
        return;
      } catch (e) {
        if (attempt >= 5 || !transient(e)) {
          log.warn?.(`${what} failed`, { jobKey: job.key, error: (e as Error).message });
          report(e, job);
          return;
        }
        await new Promise((r) => setTimeout(r, backoff(attempt)));
      }
    }
  }

  async function runJob(job: ActivatedJob) {
    const ctx: JobContext = { client, extendLock: async (ms) => void (await client.updateJob(job.key, { timeout: ms, worker: name })) };
    let result: Variables | void;
    try {
      result = await o.handler(job, ctx);
    } catch (e) {
      if (isBpmnError(e)) {
        log.debug?.("job threw a BPMN error", { jobKey: job.key, errorCode: e.code });
        return send("throwing a BPMN error", job, () => client.throwError(job.key, { errorCode: e.code, errorMessage: e.message, variables: e.variables, worker: name }));
      }
      const retries = Math.max(0, job.retries - 1);
      const message = e instanceof Error ? e.message : String(e);
      const retryBackoff = retries > 0 ? (typeof o.retryBackoffMs === "function" ? o.retryBackoffMs(job, e) : (o.retryBackoffMs ?? 1000)) : 0;
      log.warn?.("job handler failed", { jobKey: job.key, retries, error: message });
      return send("failing the job", job, () => client.failJob(job.key, { retries, errorMessage: message, retryBackoff, worker: name }));
    }
    return send("completing the job", job, () => client.completeJob(job.key, (result ?? {}) as Variables, { worker: name }));
  }

  async function poll() {
    let errors = 0;
    while (!stopping.signal.aborted) {
      if (running.size >= concurrency) {
        await Promise.race(running);
        continue;
      }
      let jobs: ActivatedJob[];
      try {
        jobs = await client.activateJobs(
          { type: o.type, worker: name, maxJobsToActivate: Math.min(maxJobs, concurrency - running.size), timeout: lockTimeoutMs, requestTimeout: pollTimeoutMs, ...(o.fetchVariables ? { fetchVariables: o.fetchVariables } : {}) },
          { signal: stopping.signal },
        );
        errors = 0;
      } catch (e) {
        if (stopping.signal.aborted) break;
        errors++;
        const wait = backoff(errors);
        log.warn?.("activating jobs failed; backing off", { error: (e as Error).message, waitMs: Math.round(wait) });
        report(e);
        await sleep(wait, stopping.signal);
        continue;
      }
      for (const job of jobs) {
        const p: Promise<void> = runJob(job)
          .catch((e) => report(e, job))
          .finally(() => running.delete(p));
        running.add(p);
      }
    }
  }

  log.info?.("worker started", { worker: name, type: o.type, concurrency });
  const loop = poll();
  return {
    name,
    get active() {
      return running.size;
    },
    async stop() {
      stopping.abort();
      await loop;
      while (running.size) await Promise.allSettled([...running]);
      log.info?.("worker stopped", { worker: name });
    },
  };
}
