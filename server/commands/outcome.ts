// Maps the write path's outcome for one event to the command's answer or a BatonError.
import { BatonError } from "../errors";
import type { ApplyOutcome } from "../runtime/apply-batch";

export function expectApplied(o: ApplyOutcome, what: string): void {
  switch (o.status) {
    case "applied":
    case "duplicate":
      return;
    case "ignored":
      throw new BatonError("CONFLICT", `${what}: nothing to do (${o.reason}).`, { reason: o.reason });
    case "conflict":
      throw new BatonError("CONFLICT", `${what}: the instance kept changing; try again.`);
    case "not_found":
      throw new BatonError("NOT_FOUND", `${what}: ${o.reason ?? "not found"}.`);
    case "failed":
      throw new BatonError("UNPROCESSABLE", `${what}: ${o.reason ?? "the engine refused the event"}.`, { reason: o.reason });
  }
}
