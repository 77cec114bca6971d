// A small typed client of Baton's REST API (/api/v1): start instances, correlate messages,
// and the job calls a worker needs. Only `fetch`; works in Node ≥ 20, Deno, Bun and browsers.
import {
  BatonApiError,
  type ActivateJobsRequest,
  type ActivatedJob,
  type CorrelateMessageRequest,
  type CorrelateMessageResponse,
  type InstanceSummary,
  type JobResult,
  type StartInstanceRequest,
  type Variables,
} from "./types";

export interface BatonClientOptions {
  /** Where Baton runs, e.g. `https://baton.example.com` (the `/api/v1` is added). */
  baseUrl: string;
  /** An API token (`bt_…`), sent as `Authorization: Bearer …`. */
  token: string;
  /** Per-request timeout for calls that are not long polls (ms). */
  timeoutMs?: number;
  fetch?: typeof fetch;
}

export interface CallOptions {
  signal?: AbortSignal;
}

export class BatonClient {
  private readonly base: string;
  private readonly token: string;
  private readonly timeoutMs: number;
  private readonly fetchFn: typeof fetch;

  constructor(o: BatonClientOptions) {
    this.base = `${o.baseUrl.replace(/\/+$/, "")}/api/v1`;
    this.token = o.token;
    this.timeoutMs = o.timeoutMs ?? 30_000;
    this.fetchFn = o.fetch ?? globalThis.fetch.bind(globalThis);
  }

  startInstance(request: StartInstanceRequest, o: CallOptions & { idempotencyKey?: string } = {}): Promise<InstanceSummary> {
    return this.call("POST", "/instances", request, { ...o, headers: o.idempotencyKey ? { "idempotency-key": o.idempotencyKey } : undefined });
  }

  correlateMessage(request: CorrelateMessageRequest, o: CallOptions = {}): Promise<CorrelateMessageResponse> {
    return this.call("POST", "/messages", request, o);
  }

  /** Locks up to `maxJobsToActivate` jobs of `type` to `worker`; waits up to `requestTimeout` ms when none is ready. */
  async activateJobs(request: ActivateJobsRequest, o: CallOptions = {}): Promise<ActivatedJob[]> {
    // The server answers by requestTimeout; give the network some slack on top.
    const r = await this.call<{ jobs: ActivatedJob[] }>("POST", "/jobs/activate", request, { ...o, timeoutMs: (request.requestTimeout ?? 0) + this.timeoutMs });
    return r.jobs;
  }

  completeJob(jobKey: string, variables: Variables = {}, o: CallOptions & { worker?: string } = {}): Promise<JobResult> {
    return this.call("POST", `/jobs/${encodeURIComponent(jobKey)}/complete`, { variables, ...(o.worker ? { worker: o.worker } : {}) }, o);
  }

  /** `retries` is what is left after this failure (usually the job's retries − 1); 0 raises an incident. */
  failJob(jobKey: string, request: { retries: number; errorMessage?: string; retryBackoff?: number; worker?: string }, o: CallOptions = {}): Promise<JobResult> {
    return this.call("POST", `/jobs/${encodeURIComponent(jobKey)}/fail`, request, o);
  }

  throwError(jobKey: string, request: { errorCode: string; errorMessage?: string; variables?: Variables; worker?: string }, o: CallOptions = {}): Promise<JobResult> {
    return this.call("POST", `/jobs/${encodeURIComponent(jobKey)}/error`, request, o);
  }

  /** Changes retries and/or extends the lock (`timeout` ms from now). */
  updateJob(jobKey: string, request: { retries?: number; timeout?: number; worker?: string }, o: CallOptions = {}): Promise<JobResult> {
    return this.call("PATCH", `/jobs/${encodeURIComponent(jobKey)}`, request, o);
  }

  private async call<T>(method: string, path: string, body: unknown, o: CallOptions & { headers?: Record<string, string>; timeoutMs?: number } = {}): Promise<T> {
    const timeout = AbortSignal.timeout(o.timeoutMs ?? this.timeoutMs);
    const signal = o.signal ? AbortSignal.any([o.signal, timeout]) : timeout;
    const res = await this.fetchFn(`${this.base}${path}`, {
      method,
      headers: { authorization: `Bearer ${this.token}`, "content-type": "application/json", accept: "application/json", ...o.headers },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal,
    });
    const text = await res.text();
    let json: unknown = undefined;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      /* not JSON: reported below */
    }
    if (!res.ok) {
      const e = (json as { error?: { code?: string; message?: string; details?: Record<string, unknown> } } | undefined)?.error;
      throw new BatonApiError(res.status, e?.code ?? `HTTP_${res.status}`, e?.message ?? `${method} ${path} answered HTTP ${res.status}: ${text.slice(0, 200)}`, e?.details ?? {});
    }
    return json as T;
  }
}
