// Exclusive gateway: the first outgoing flow whose condition is true, else the default flow,
// else an incident (see flows.ts). As a merge it simply passes every token on.
import type { Exec } from "../context";
import { completeToken } from "../tokens";

export function enterExclusiveGateway(x: Exec, tokenId: string): void {
  completeToken(x, tokenId);
}
