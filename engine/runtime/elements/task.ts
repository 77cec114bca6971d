// Plain and manual tasks: nothing to do, the token passes through.
import type { Exec, Trigger } from "../context";
import { passThrough } from "../tokens";

export function enterTask(x: Exec, tokenId: string, trigger?: Trigger): void {
  passThrough(x, tokenId, trigger);
}
