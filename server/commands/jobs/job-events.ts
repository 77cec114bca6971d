// Applies a job command's event through the write path. Many workers complete jobs at once:
// their events share a transaction through the process's command batcher.
import type { Db } from "../../db/client";
import type { ApplyOutcome, BatchItem } from "../../runtime/apply-batch";
import { runEvent, type RunDeps } from "../../runtime/run-events";

export function applyJobEvent(db: Db, item: BatchItem, deps: RunDeps): Promise<ApplyOutcome> {
  return runEvent(item, { ...deps, db });
}
