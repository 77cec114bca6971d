// Receive task: waits for its message like an intermediate message catch event.
import type { Exec, Trigger } from "../context";
import { enterIntermediateCatchEvent } from "./intermediate-catch-event";

export function enterReceiveTask(x: Exec, tokenId: string, trigger?: Trigger): void {
  enterIntermediateCatchEvent(x, tokenId, trigger);
}
