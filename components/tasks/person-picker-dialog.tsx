"use client";
// Pick a person of the organization (delegate, reassign): a search box over a short list of
// radio buttons, so it works by keyboard and screen reader without a custom combobox.
import { useEffect, useId, useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { Dialog, DialogClose, DialogContent } from "@/components/ui/dialog";
import { ActionError } from "./action-error";
import type { ActionFailure, ActionResult, PeopleResult, PersonOption } from "./action-result";

export function PersonPickerDialog({
  open, onOpenChange, title, description, confirmLabel, searchPeople, onPick, excludeIds = [], allowNobody = false,
}: {
  open: boolean;
  onOpenChange(open: boolean): void;
  title: string;
  description: string;
  confirmLabel: string;
  searchPeople(q: string): Promise<PeopleResult>;
  /** Returns the action's result; the dialog closes on success and shows the refusal otherwise. */
  onPick(userId: string | null): Promise<ActionResult>;
  excludeIds?: string[];
  /** Offer "Nobody (back to the candidates)". */
  allowNobody?: boolean;
}) {
  const [q, setQ] = useState("");
  const [people, setPeople] = useState<PersonOption[] | null>(null);
  const [chosen, setChosen] = useState<string | null | undefined>(undefined);
  const [failure, setFailure] = useState<ActionFailure | null>(null);
  const [pending, startTransition] = useTransition();
  const name = useId();
  // excludeIds is a fresh array each render: depend on its content, not its identity.
  const excludeKey = excludeIds.join(",");

  useEffect(() => {
    if (!open) return;
    let live = true;
    // A short pause so each keystroke does not become a round trip.
    const t = setTimeout(async () => {
      const r = await searchPeople(q);
      if (!live) return;
      if (r.ok) setPeople(r.value.filter((p) => !excludeKey.split(",").includes(p.id)));
      else setFailure(r);
    }, q ? 200 : 0);
    return () => {
      live = false;
      clearTimeout(t);
    };
  }, [open, q, searchPeople, excludeKey]);

  function reset(next: boolean) {
    if (!next) {
      setQ("");
      setChosen(undefined);
      setFailure(null);
    }
    onOpenChange(next);
  }

  function confirm() {
    if (chosen === undefined) return;
    setFailure(null);
    startTransition(async () => {
      const r = await onPick(chosen);
      if (r.ok) reset(false);
      else setFailure(r);
    });
  }

  return (
    <Dialog open={open} onOpenChange={reset}>
      <DialogContent title={title} description={description}>
        <label className="block text-sm font-medium text-slate-800" htmlFor={`${name}-q`}>Search people</label>
        <input
          id={`${name}-q`}
          type="search"
          value={q}
          onChange={(e) => setQ(e.target.value)}
          placeholder="Name or email"
          autoComplete="off"
          className="mt-1 w-full rounded-md border border-slate-300 px-3 py-2 text-sm shadow-sm focus:border-brand-500 focus:outline-none focus:ring-2 focus:ring-brand-500/30"
        />
        <fieldset className="mt-3 max-h-64 overflow-y-auto rounded-md border border-slate-200">
          <legend className="sr-only">People</legend>
          {allowNobody ? (
            <label className="flex cursor-pointer items-center gap-3 border-b border-slate-100 px-3 py-2 text-sm hover:bg-slate-50">
              <input type="radio" name={name} checked={chosen === null} onChange={() => setChosen(null)} className="accent-brand-600" />
              <span className="text-slate-700">Nobody — back to the candidates</span>
            </label>
          ) : null}
          {people === null ? (
            <p className="px-3 py-3 text-sm text-slate-500">Loading people…</p>
          ) : people.length === 0 ? (
            <p className="px-3 py-3 text-sm text-slate-500">No one matches “{q}”.</p>
          ) : (
            people.map((p) => (
              <label key={p.id} className="flex cursor-pointer items-center gap-3 border-b border-slate-100 px-3 py-2 text-sm last:border-b-0 hover:bg-slate-50">
                <input type="radio" name={name} value={p.id} checked={chosen === p.id} onChange={() => setChosen(p.id)} className="accent-brand-600" />
                <span className="min-w-0">
                  <span className="block truncate font-medium text-slate-900">{p.name}</span>
                  <span className="block truncate text-xs text-slate-500">{p.email}{p.groups.length ? ` · ${p.groups.join(", ")}` : ""}</span>
                </span>
              </label>
            ))
          )}
        </fieldset>
        {failure ? <div className="mt-3"><ActionError failure={failure} /></div> : null}
        <div className="mt-4 flex justify-end gap-2">
          <DialogClose asChild><Button variant="secondary" type="button">Cancel</Button></DialogClose>
          <Button type="button" onClick={confirm} disabled={chosen === undefined || pending}>{pending ? "Saving…" : confirmLabel}</Button>
        </div>
      </DialogContent>
    </Dialog>
  );
}
