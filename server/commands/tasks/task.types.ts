import { z } from "zod";
import { ZVariables } from "../instances/start-instance.types";

export const ZClaimTaskRequest = z.object({ taskId: z.string().min(1) });
export const ZUnclaimTaskRequest = ZClaimTaskRequest;
export const ZDelegateTaskRequest = z.object({ taskId: z.string().min(1), userId: z.string().min(1, "userId: whom to delegate the task to") });
export const ZCompleteTaskRequest = z.object({
  taskId: z.string().min(1),
  variables: ZVariables.default({}),
  /** Free-form decision label kept on the task (e.g. "approved"). */
  outcome: z.string().max(100).optional(),
});
export type TClaimTaskRequest = z.infer<typeof ZClaimTaskRequest>;
export type TDelegateTaskRequest = z.infer<typeof ZDelegateTaskRequest>;
export type TCompleteTaskRequest = z.input<typeof ZCompleteTaskRequest>;

export interface TTaskView {
  id: string;
  instanceId: string;
  elementId: string;
  name: string;
  status: "OPEN" | "COMPLETED" | "CANCELED";
  assigneeId: string | null;
  candidateUsers: string[];
  candidateGroups: string[];
  priority: number;
  dueAt: string | null;
  followUpAt: string | null;
  formKey: string | null;
  variables: Record<string, unknown>;
  outcome: string | null;
  completedById: string | null;
  completedAt: string | null;
  createdAt: string;
}
