// The result of compiling BPMN XML: what deploy, the CLI and the designer's live validation show.
import type { CompiledModel } from "../model/types";

export interface CompileOptions {
  /** Compute `checksum` (sha-256 of the XML). Default true; live validation turns it off. */
  checksum?: boolean;
}

/**
 * Something that makes the model undeployable.
 * `type` is the BPMN element type (`bpmn:SequenceFlow`) when the error is about an element,
 * otherwise the kind of problem: `xml` (not well-formed / not BPMN) or `bpmn:Definitions`.
 * `line`/`column` are 1-based and point at the element's start tag (or the XML error).
 */
export interface CompileError {
  id?: string;
  type: string;
  message: string;
  line?: number;
  column?: number;
}

/** A valid BPMN element or attribute that Baton does not execute (yet). Blocks deploy. */
export interface UnsupportedEntry {
  id: string;
  name?: string;
  type: string;
  reason: string;
}

/** Notes and warnings that do not block deploy (ignored artifacts, job types, missing defaults…). */
export interface InfoEntry {
  id?: string;
  type: string;
  message: string;
}

export interface CompiledProcessSummary {
  id: string;
  name?: string;
}

export interface CompileResult {
  /** True only when there are no errors and no unsupported entries. */
  ok: boolean;
  /** The executable processes found (compiled when `ok`). */
  processes: CompiledProcessSummary[];
  errors: CompileError[];
  unsupported: UnsupportedEntry[];
  info: InfoEntry[];
  /** Each distinct external job type the model needs a worker for, sorted. */
  jobTypes: string[];
  /** Present only when `ok`. */
  model?: CompiledModel;
  /** sha-256 (hex) of the XML text as given. */
  checksum?: string;
}

export type ValidationResult = Omit<CompileResult, "model" | "checksum">;
