// State shared while compiling one process: what has been built so far and where diagnostics go.
import type { ModdleElement } from "bpmn-moddle";
import type { ElementDef, SequenceFlow } from "../model/types";
import type { Diagnostics } from "./diagnostics";

export interface ProcessContext {
  diag: Diagnostics;
  processId: string;
  /** zeebe:userTaskForm bodies declared on the process, by id. */
  userTaskForms: ReadonlyMap<string, string>;
  /** Supported flow nodes, flat, by id (what the model gets). */
  elements: Record<string, ElementDef>;
  flows: Record<string, SequenceFlow>;
  /** Every flow node of the process (supported or not) with its enclosing scope id. */
  nodes: Map<string, { el: ModdleElement; parent: string | null }>;
  /** Sequence flows with the scope they were declared in, for the structure pass. */
  flowSources: { el: ModdleElement; parent: string | null }[];
  /** Flows that have a condition in the XML, even one that failed to compile (reported already). */
  conditioned: Set<string>;
}
