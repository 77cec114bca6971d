"use client";
// The working part of the task page: who has the task (claim, unclaim, delegate, reassign) and
// the form that completes it. Claims show at once and roll back if the server refuses; every
// refusal is shown with its reason. The server actions re-render the page with fresh props.
import Link from "next/link";
import { useOptimistic, useState, useTransition } from "react";
import { Badge } from "@/components/ui/card";
import { Button, buttonClass } from "@/components/ui/button";
import { DropdownMenu, DropdownMenuContent, DropdownMenuItem, DropdownMenuTrigger } from "@/components/ui/dropdown-menu";
import { formatDateTime } from "@/components/ui/format";
import { ActionError } from "./action-error";
import type { ActionFailure, ActionResult, TaskActions } from "./action-result";
import { DecisionForm } from "./decision-form";
import { PersonPickerDialog } from "./person-picker-dialog";
import { TaskFormArea } from "./task-form-area";

interface Person {
  id: string;
  name: string;
}

export interface WorkspaceProps {
  task: { id: string; name: string; status: "OPEN" | "COMPLETED" | "CANCELED"; completedAt: string | null; outcome: string | null };
  me: Person;
  assignee: Person | null;
  completedBy: Person | null;
  offeredTo: string[];
  may: { claim: boolean; unclaim: boolean; complete: boolean; delegate: boolean; reassign: boolean; editVariables: boolean };
  sodReason: string | null;
  hasDecision: boolean;
  form: { schema: Record<string, unknown> } | null;
  formData: Record<string, unknown>;
  actions: TaskActions;
}

type Busy = null | "claim" | "unclaim" | "approve" | "reject" | "complete";

export function TaskWorkspace(props: WorkspaceProps) {
  const { task, me, may, actions } = props;
  const [state, setOptimistic] = useOptimistic(
    { assignee: props.assignee, status: task.status as string },
    (s, patch: Partial<{ assignee: Person | null; status: string }>) => ({ ...s, ...patch }),
  );
  const [failure, setFailure] = useState<ActionFailure | null>(null);
  const [busy, setBusy] = useState<Busy>(null);
  const [picker, setPicker] = useState<null | "delegate" | "reassign">(null);
  const [, startTransition] = useTransition();

  function run(kind: Busy, patch: Partial<{ assignee: Person | null; status: string }> | null, fn: () => Promise<ActionResult>) {
    setFailure(null);
    setBusy(kind);
    startTransition(async () => {
      if (patch) setOptimistic(patch);
      const r = await fn();
      if (!r.ok) setFailure(r);
      setBusy(null);
    });
  }

  const mine = state.assignee?.id === me.id;
  const open = state.status === "OPEN";
  // A claim in flight shows at once, but the form unlocks only when the server has agreed.
  const canComplete = open && may.complete && busy === null;

  return (
    <div className="space-y-4">
      <div className="flex flex-col gap-3 rounded-xl border border-slate-200 bg-white p-4 shadow-sm sm:flex-row sm:items-center sm:justify-between" data-testid="assignment">
        <p className="text-sm text-slate-700" aria-live="polite">
          {!open ? (
            <>This task is {state.status === "COMPLETED" ? "done" : "withdrawn"}.</>
          ) : state.assignee ? (
            mine ? <><span className="font-semibold text-slate-900">Assigned to you</span>{busy === "claim" ? " (saving…)" : ""}</> : <>Assigned to <span className="font-semibold text-slate-900">{state.assignee.name}</span></>
          ) : (
            <>Not claimed yet{props.offeredTo.length ? <> — offered to <span className="font-medium text-slate-900">{props.offeredTo.join(", ")}</span></> : null}</>
          )}
        </p>
        {open ? (
          <div className="flex flex-wrap items-center gap-2">
            {may.claim && !state.assignee ? (
              <Button type="button" onClick={() => run("claim", { assignee: me }, () => actions.claim(task.id))} disabled={busy !== null}>
                Claim
              </Button>
            ) : null}
            {may.unclaim && state.assignee ? (
              <Button type="button" variant="secondary" onClick={() => run("unclaim", { assignee: null }, () => actions.unclaim(task.id))} disabled={busy !== null}>
                {mine ? "Unclaim" : "Take back"}
              </Button>
            ) : null}
            {may.delegate || may.reassign ? (
              <DropdownMenu>
                <DropdownMenuTrigger asChild>
                  <button type="button" className={buttonClass("secondary")} aria-label="More actions">
                    More
                    <svg viewBox="0 0 20 20" className="size-4" aria-hidden><path d="M5 8l5 5 5-5" fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" /></svg>
                  </button>
                </DropdownMenuTrigger>
                <DropdownMenuContent>
                  {may.delegate ? <DropdownMenuItem onSelect={() => setPicker("delegate")}>Delegate to someone…</DropdownMenuItem> : null}
                  {may.reassign ? <DropdownMenuItem onSelect={() => setPicker("reassign")}>Reassign…</DropdownMenuItem> : null}
                </DropdownMenuContent>
              </DropdownMenu>
            ) : null}
          </div>
        ) : null}
      </div>

      {failure ? <ActionError failure={failure} onDismiss={() => setFailure(null)} /> : null}

      <section aria-labelledby="work-heading" className="rounded-xl border border-slate-200 bg-white p-4 shadow-sm sm:p-5">
        <h2 id="work-heading" className="text-base font-semibold text-slate-900">
          {state.status === "COMPLETED" ? "Outcome" : props.hasDecision && !props.form ? "Your decision" : "Form"}
        </h2>
        <div className="mt-3">
          {state.status === "COMPLETED" ? (
            <Completed me={me} completedBy={props.completedBy} completedAt={task.completedAt} outcome={task.outcome} pending={busy !== null} />
          ) : state.status !== "OPEN" ? (
            <p className="text-sm text-slate-600">This task was withdrawn: the case moved on without it. Nothing to do here.</p>
          ) : props.sodReason ? (
            <div role="note" data-testid="sod-notice" className="rounded-lg border border-amber-300 bg-amber-50 px-4 py-3 text-sm text-amber-900">
              <p className="font-semibold">You cannot work on this task</p>
              <p className="mt-0.5">{props.sodReason}</p>
            </div>
          ) : (
            <>
              {!canComplete && busy === null ? (
                <p className="mb-3 rounded-md bg-slate-50 px-3 py-2 text-sm text-slate-700" data-testid="claim-hint">
                  {state.assignee && !mine ? `${state.assignee.name} is working on this task; you can read it but not complete it.` : "Claim this task to fill it in — others then see that you are on it."}
                </p>
              ) : null}
              {props.form || !props.hasDecision ? (
                <TaskFormArea
                  form={props.form}
                  data={props.formData}
                  readOnly={!canComplete}
                  serverErrors={failure?.code === "VALIDATION" ? failure.fields : undefined}
                  showVariables={may.editVariables}
                  busy={busy === "complete"}
                  onSubmit={(variables) => run("complete", { status: "COMPLETED" }, () => actions.complete(task.id, variables))}
                />
              ) : (
                <>
                  <DecisionForm
                    disabled={!canComplete}
                    pending={busy === "approve" ? "approve" : busy === "reject" ? "reject" : null}
                    commentError={failure?.fields?.comment}
                    onDecide={(approve, comment) => run(approve ? "approve" : "reject", { status: "COMPLETED" }, () => actions.decide(task.id, approve, comment))}
                  />
                  {may.editVariables ? (
                    <details className="mt-5 border-t border-slate-200 pt-4">
                      <summary className="cursor-pointer text-sm font-medium text-slate-700">Complete with other variables (designers)</summary>
                      <div className="mt-3">
                        <TaskFormArea form={null} data={props.formData} readOnly={!canComplete} showVariables busy={busy === "complete"}
                          onSubmit={(variables) => run("complete", { status: "COMPLETED" }, () => actions.complete(task.id, variables))} />
                      </div>
                    </details>
                  ) : null}
                </>
              )}
            </>
          )}
        </div>
      </section>

      {picker ? (
        <PersonPickerDialog
          open
          onOpenChange={(o) => !o && setPicker(null)}
          title={picker === "delegate" ? "Delegate this task" : "Reassign this task"}
          description={picker === "delegate" ? "The person you choose becomes the assignee and can complete it." : "Give the task to someone else, or back to its candidates."}
          confirmLabel={picker === "delegate" ? "Delegate" : "Reassign"}
          searchPeople={actions.searchPeople}
          excludeIds={state.assignee ? [state.assignee.id] : []}
          allowNobody={picker === "reassign"}
          onPick={(userId) => (picker === "delegate" ? actions.delegate(task.id, userId ?? "") : actions.reassign(task.id, userId))}
        />
      ) : null}
    </div>
  );
}

function Completed({ me, completedBy, completedAt, outcome, pending }: { me: Person; completedBy: Person | null; completedAt: string | null; outcome: string | null; pending: boolean }) {
  if (pending || !completedBy) return <p className="text-sm text-slate-700" aria-live="polite">Saving your decision…</p>;
  const who = completedBy.id === me.id ? "you" : completedBy.name;
  return (
    <div className="space-y-3" data-testid="completed-by">
      <p className="text-sm text-slate-800">
        Completed by <span className="font-semibold">{who}</span>
        {completedAt ? <> on {formatDateTime(completedAt)}</> : null}
        {outcome ? <> — <Badge tone={outcome === "rejected" ? "amber" : "green"}>{outcome}</Badge></> : null}
      </p>
      <Link href="/inbox" className={buttonClass("secondary")}>Back to inbox</Link>
    </div>
  );
}
