// Baton's client for customers: a typed REST client and job workers. Imports nothing from
// the server (only `fetch`), so it can be published and run anywhere.
export { BatonClient, type BatonClientOptions, type CallOptions } from "./baton-client";
export { createWorker, type JobContext, type JobHandler, type RunningJobWorker, type WorkerLogger, type WorkerOptions } from "./worker";
export * from "./types";
