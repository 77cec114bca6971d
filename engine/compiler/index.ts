// Public entry of the BPMN compiler: XML in, executable model plus diagnostics out.
export { compile } from "./compile";
export type {
  CompileError,
  CompileOptions,
  CompileResult,
  CompiledProcessSummary,
  InfoEntry,
  UnsupportedEntry,
  ValidationResult,
} from "./types";
