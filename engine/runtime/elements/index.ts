// Element behaviours by BPMN type, and the hooks the token mover calls (ELEMENT_HOOKS): step()
// passes them into each step, so tokens.ts never imports this file or the element files.
import type { ElementType } from "../../model/types";
import type { ElementHooks, Exec, Trigger } from "../context";
import { rethrowError } from "../throw";
import { attachBoundaries } from "./boundary-event";
import { isJoin, joinArrive } from "./joins";
import { enterMultiInstanceBody, innerInstanceDone } from "./multi-instance";
import { settleInclusiveJoins } from "./inclusive-gateway";
import { enterCallActivity } from "./call-activity";
import { enterEndEvent } from "./end-event";
import { enterEventBasedGateway } from "./event-based-gateway";
import { enterExclusiveGateway } from "./exclusive-gateway";
import { enterInclusiveGateway } from "./inclusive-gateway";
import { enterIntermediateCatchEvent } from "./intermediate-catch-event";
import { enterIntermediateThrowEvent } from "./intermediate-throw-event";
import { enterParallelGateway } from "./parallel-gateway";
import { enterReceiveTask } from "./receive-task";
import { enterScriptTask } from "./script-task";
import { enterSendTask } from "./send-task";
import { enterServiceTask } from "./service-task";
import { enterStartEvent } from "./start-event";
import { enterSubProcess } from "./sub-process";
import { enterTask } from "./task";
import { enterUserTask } from "./user-task";

export type Behaviour = (x: Exec, tokenId: string, trigger?: Trigger) => void;

export function behaviourFor(type: ElementType): Behaviour {
  switch (type) {
    case "startEvent":
      return enterStartEvent;
    case "endEvent":
      return enterEndEvent;
    case "intermediateCatchEvent":
      return enterIntermediateCatchEvent;
    case "intermediateThrowEvent":
      return enterIntermediateThrowEvent;
    case "boundaryEvent":
      return enterTask; // boundary events are only ever entered already triggered
    case "task":
    case "manualTask":
      return enterTask;
    case "userTask":
      return enterUserTask;
    case "serviceTask":
    case "businessRuleTask":
      return enterServiceTask;
    case "scriptTask":
      return enterScriptTask;
    case "sendTask":
      return enterSendTask;
    case "receiveTask":
      return enterReceiveTask;
    case "exclusiveGateway":
      return enterExclusiveGateway;
    case "parallelGateway":
      return enterParallelGateway;
    case "inclusiveGateway":
      return enterInclusiveGateway;
    case "eventBasedGateway":
      return enterEventBasedGateway;
    case "subProcess":
      return enterSubProcess;
    case "callActivity":
      return enterCallActivity;
    default:
      // the compiler reports unsupported types at deploy time; a stray one just passes through
      return enterTask;
  }
}

export const ELEMENT_HOOKS: ElementHooks = {
  enter: behaviourFor,
  isJoin,
  joinArrive,
  enterMultiInstanceBody,
  innerInstanceDone,
  attachBoundaries,
  settleInclusiveJoins,
  rethrowError,
};
