// Which gateways join, and where an arriving token goes when they do.
import type { ElementDef } from "../../model/types";
import type { Exec } from "../context";
import { inclusiveJoinArrive } from "./inclusive-gateway";
import { parallelJoinArrive } from "./parallel-gateway";

export function isJoin(el: ElementDef): boolean {
  return (el.type === "parallelGateway" || el.type === "inclusiveGateway") && el.incoming.length > 1;
}

export function joinArrive(x: Exec, el: ElementDef, scopeId: string, flowId: string): void {
  if (el.type === "parallelGateway") parallelJoinArrive(x, el, scopeId, flowId);
  else inclusiveJoinArrive(x, el, scopeId, flowId);
}
