// BPMN XML -> CompileResult. Never throws: every problem becomes a diagnostic.
import type { ModdleElement } from "bpmn-moddle";
import { MODEL_SCHEMA_VERSION, type CompiledModel } from "../model/types";
import { sha256Hex } from "./checksum";
import { Diagnostics } from "./diagnostics";
import { isChoreography } from "./elements/flow-node";
import { isA, many, ref } from "./moddle";
import { parseBpmn } from "./parse";
import { PositionIndex } from "./positions";
import { compileProcess } from "./process";
import type { CompiledProcessSummary, CompileOptions, CompileResult } from "./types";

/** Job types Baton's own worker serves (server/connectors/camunda-http-json.ts). */
const BUILT_IN_CONNECTOR = "io.camunda:http-json:1";

export async function compile(xml: string, options: CompileOptions = {}): Promise<CompileResult> {
  const text = typeof xml === "string" && xml.charCodeAt(0) === 0xfeff ? xml.slice(1) : xml;
  const positions = new PositionIndex(typeof text === "string" ? text : "");
  const diag = new Diagnostics(positions);
  let processes: CompiledProcessSummary[] = [];
  let model: CompiledModel | undefined;
  try {
    const definitions = await parseBpmn(text, diag, positions);
    if (definitions) ({ processes, model } = compileDefinitions(definitions, diag));
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    diag.error("internal", `internal compiler error (${message}); the model could not be checked — please report it with the file`);
  }
  diag.flushIgnored();
  // Camunda's REST connector is run by Baton itself: no worker needed (and none should be told to).
  for (const type of diag.jobTypes) {
    diag.note("job", type === BUILT_IN_CONNECTOR ? `job type "${type}" (Camunda REST connector) is run by Baton's built-in HTTP connector` : `needs a worker for job type "${type}"`);
  }

  const ok = !diag.failed;
  const result: CompileResult = {
    ok,
    processes,
    errors: diag.errors,
    unsupported: diag.unsupported,
    info: diag.info,
    jobTypes: diag.jobTypes.filter((t) => t !== BUILT_IN_CONNECTOR),
  };
  if (ok && model) result.model = model;
  if (options.checksum !== false && typeof xml === "string") {
    try {
      result.checksum = await sha256Hex(xml);
    } catch {
      // Web Crypto is missing in insecure browser contexts (plain http); the designer does not need it
    }
  }
  return result;
}

/**
 * Which processes run: every process with isExecutable="true"; a process without the attribute only
 * when it is the file's only process (hand-written and older models often omit it, while in a
 * multi-pool collaboration an unmarked pool is usually a partner drawn for context).
 */
function compileDefinitions(
  definitions: ModdleElement,
  diag: Diagnostics,
): { processes: CompiledProcessSummary[]; model: CompiledModel } {
  const roots = many(definitions, "rootElements");
  const all = roots.filter((r) => r.$type === "bpmn:Process");
  for (const root of roots) {
    if (root.$type === "bpmn:Collaboration") noteCollaboration(root, diag);
    else if (isChoreography(root.$type)) diag.unsupportedElement(root, "choreographies are not supported");
    else if (root.$type === "bpmn:DataStore") diag.ignore("bpmn:DataStore", root.id);
  }
  const model: CompiledModel = { schemaVersion: MODEL_SCHEMA_VERSION, processes: {} };
  if (all.length === 0) {
    diag.error("bpmn:Definitions", "the file contains no process: draw a process (pool) with a start event");
    return { processes: [], model };
  }
  const executable = all.filter((p) => {
    const flag = p.get("isExecutable");
    return flag === true || (flag === undefined && all.length === 1);
  });
  for (const p of all) if (!executable.includes(p)) diag.ignore("bpmn:Process", p.id);
  if (executable.length === 0) {
    const ids = all.map((p) => p.id).join(", ");
    diag.error("bpmn:Definitions", `no executable process: set isExecutable="true" on the process to run (found ${ids})`);
  }
  const poolNames = participantNames(roots);
  const processes: CompiledProcessSummary[] = [];
  for (const p of executable) {
    if (!p.id) {
      diag.error("bpmn:Process", "a process has no id");
      continue;
    }
    const compiled = compileProcess(p, diag);
    // Modelers name the pool (participant) rather than the process; fall back to it for display
    const poolName = poolNames.get(p.id);
    if (!compiled.name && poolName) compiled.name = poolName;
    model.processes[p.id] = compiled;
    processes.push(compiled.name ? { id: p.id, name: compiled.name } : { id: p.id });
  }
  return { processes, model };
}

function participantNames(roots: ModdleElement[]): Map<string, string> {
  const names = new Map<string, string>();
  for (const root of roots) {
    if (root.$type !== "bpmn:Collaboration") continue;
    for (const participant of many(root, "participants")) {
      const processId = ref(participant, "processRef")?.id;
      const name = typeof participant.name === "string" ? participant.name.trim() : "";
      if (processId && name && !names.has(processId)) names.set(processId, name);
    }
  }
  return names;
}

function noteCollaboration(collaboration: ModdleElement, diag: Diagnostics): void {
  for (const flow of many(collaboration, "messageFlows")) diag.ignore("bpmn:MessageFlow", flow.id);
  for (const artifact of many(collaboration, "artifacts")) {
    diag.ignore(isA(artifact, "bpmn:Association") ? "bpmn:Association" : artifact.$type, artifact.id);
  }
  for (const conversation of many(collaboration, "conversations")) diag.ignore("bpmn:Conversation", conversation.id);
}
