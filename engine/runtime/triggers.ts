// Routing a fired wait (timer, message) to whatever it triggers: the waiting element itself, a
// boundary event, an event-based gateway target, an event subprocess start, or an SLA breach.
import { element, tokenW, type Exec } from "./context";
import { triggerBoundary } from "./elements/boundary-event";
import { eventGatewayTriggered } from "./elements/event-based-gateway";
import { triggerEventSubProcess } from "./elements/event-sub-process";
import { slaBreached } from "./elements/user-task";
import type { Variables, WaitState } from "./state";
import { completeToken } from "./tokens";
import { closeWait } from "./waits";

export function fireWait(x: Exec, w: WaitState, variables: Variables | undefined): void {
  switch (w.role) {
    case "element": {
      closeWait(x, w.id, true);
      const t = tokenW(x, w.tokenId!);
      t.status = "active";
      if (variables) t.result = { ...variables };
      completeToken(x, t.id);
      return;
    }
    case "boundary": {
      const b = element(x, w.elementId);
      // a non-interrupting message boundary keeps listening while its host runs
      const keepOpen = w.kind === "message" && b.cancelActivity === false;
      if (!keepOpen) closeWait(x, w.id, true);
      triggerBoundary(x, w.tokenId!, b, variables ? { variables } : {}, w);
      return;
    }
    case "eventGateway":
      eventGatewayTriggered(x, w, variables);
      return;
    case "eventSubStart": {
      const start = element(x, w.elementId);
      const keepOpen = w.kind === "message" && start.isInterrupting === false;
      if (!keepOpen) closeWait(x, w.id, true);
      triggerEventSubProcess(x, w.scopeId, start, variables ? { variables } : {}, w);
      return;
    }
    case "sla":
      slaBreached(x, w);
      return;
  }
}
