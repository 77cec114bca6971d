import { z } from "zod";
import { ZVariables } from "../instances/start-instance.types";
import { ZJobRef } from "./complete-job.types";

export const ZThrowJobErrorRequest = ZJobRef.extend({
  /** Matched against the errorCode of boundary error events and error event subprocesses. */
  errorCode: z.string().min(1, "errorCode: the BPMN error code a boundary error event catches").max(255),
  errorMessage: z.string().max(10_000).optional(),
  variables: ZVariables.default({}),
});
export type TThrowJobErrorRequest = z.input<typeof ZThrowJobErrorRequest>;
