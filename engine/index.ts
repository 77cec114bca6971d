// The engine's public surface: compile BPMN, then run instances with step().
export { compile } from "./compiler";
export * from "./model/types";
export { step, EngineError, type StepResult } from "./runtime/step";
export type { StepContext, ProcessRef } from "./runtime/context";
export type * from "./runtime/events";
export type * from "./runtime/effects";
export * from "./runtime/state";
export { excludingRule, isExcludedActor, type SodRule } from "./runtime/sod";
export { startTimersOf, messageStartsOf, nextStartTimer, type StartTimer } from "./runtime/start-triggers";
export { addDuration, parseIsoDate, planTimer, nextOccurrence } from "./runtime/timers";
export * from "./statuses";
