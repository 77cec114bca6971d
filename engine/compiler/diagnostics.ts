// Collects errors, unsupported entries and info while compiling; attaches line/column by element id.
import type { ModdleElement } from "bpmn-moddle";
import type { PositionIndex } from "./positions";
import type { CompileError, InfoEntry, UnsupportedEntry } from "./types";

/** Appended to every "use something else" reason for code Baton will never run in-process. */
export const EXTERNAL_TASK_HINT =
  'use an external task instead: camunda:type="external" camunda:topic="…" (Camunda 7) or ' +
  'zeebe:taskDefinition type="…" (Camunda 8), and run the code in a worker';

const IGNORED_LABEL: Record<string, string> = {
  "bpmn:Lane": "lanes",
  "bpmn:TextAnnotation": "text annotations",
  "bpmn:Group": "groups",
  "bpmn:Association": "associations",
  "bpmn:DataObject": "data objects",
  "bpmn:DataObjectReference": "data object references",
  "bpmn:DataStore": "data stores",
  "bpmn:DataStoreReference": "data store references",
  "bpmn:DataAssociation": "data input/output associations",
  "bpmn:MessageFlow": "message flows",
  "bpmn:Process": "non-executable processes",
  "bpmn:InputOutputSpecification": "input/output specifications",
  "bpmn:Property": "properties",
  "bpmn:Conversation": "conversations",
};

export class Diagnostics {
  readonly errors: CompileError[] = [];
  readonly unsupported: UnsupportedEntry[] = [];
  readonly info: InfoEntry[] = [];
  private readonly jobTypeSet = new Set<string>();
  private readonly seen = new Set<string>();
  private readonly ignoredByKind = new Map<string, string[]>();

  constructor(private readonly positions?: PositionIndex) {}

  error(type: string, message: string, id?: string, at?: { line: number; column: number }): void {
    const key = `e|${id ?? ""}|${message}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    const pos = at ?? (id !== undefined ? this.positions?.ofId(id) : undefined);
    const entry: CompileError = { type, message };
    if (id !== undefined) entry.id = id;
    if (pos) {
      entry.line = pos.line;
      entry.column = pos.column;
    }
    this.errors.push(entry);
  }

  /** Error about a moddle element: takes its id and type. */
  elementError(el: ModdleElement, message: string): void {
    this.error(el.$type, message, el.id);
  }

  unsupportedElement(el: ModdleElement, reason: string, type = el.$type): void {
    const id = el.id ?? describeAnonymous(el);
    const key = `u|${id}|${reason}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    const entry: UnsupportedEntry = { id, type, reason };
    if (typeof el.name === "string" && el.name.trim() !== "") entry.name = el.name;
    this.unsupported.push(entry);
  }

  note(type: string, message: string, id?: string): void {
    const key = `i|${id ?? ""}|${message}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.info.push(id === undefined ? { type, message } : { id, type, message });
  }

  jobType(type: string): void {
    this.jobTypeSet.add(type);
  }

  /** Something accepted on purpose but without effect on execution (lanes, annotations, …). */
  ignore(kind: string, id: string | undefined): void {
    const ids = this.ignoredByKind.get(kind) ?? [];
    if (id !== undefined) ids.push(id);
    this.ignoredByKind.set(kind, ids);
  }

  /** One info entry per ignored kind, so big models do not drown the list. */
  flushIgnored(): void {
    for (const [kind, ids] of this.ignoredByKind) {
      const shown = ids.slice(0, 10).join(", ");
      const more = ids.length > 10 ? ` and ${ids.length - 10} more` : "";
      const count = ids.length === 0 ? "" : ` (${ids.length}: ${shown}${more})`;
      this.note(kind, `${IGNORED_LABEL[kind] ?? kind} ignored on purpose: no effect on execution${count}`);
    }
    this.ignoredByKind.clear();
  }

  get jobTypes(): string[] {
    return [...this.jobTypeSet].sort();
  }

  get failed(): boolean {
    return this.errors.length > 0 || this.unsupported.length > 0;
  }
}

/** Elements without an id (e.g. an event definition) are named after their nearest parent with one. */
export function describeAnonymous(el: ModdleElement): string {
  let p = el.$parent;
  while (p && !p.id) p = p.$parent;
  return p?.id ? `${p.id}/${el.$type}` : el.$type;
}

/** Nearest element with an id, for reporting on nested things (event definitions, expressions). */
export function owner(el: ModdleElement): ModdleElement {
  let p: ModdleElement | undefined = el;
  while (p && !p.id) p = p.$parent;
  return p ?? el;
}
