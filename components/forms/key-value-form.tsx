"use client";
// The generic variables editor for tasks and starts without a form: one row per variable with a
// name, a type and a value. Values are checked here (a number must parse, JSON must be JSON) and
// sent typed, so `1500` arrives as a number and `true` as a boolean.
import { useId, useState } from "react";
import { Button } from "@/components/ui/button";

export type VariableType = "string" | "number" | "boolean" | "json";

interface Row {
  id: number;
  name: string;
  type: VariableType;
  value: string;
}

export interface KeyValueFormProps {
  data?: Record<string, unknown>;
  serverErrors?: Record<string, string>;
  submitLabel?: string;
  readOnly?: boolean;
  onSubmit(values: Record<string, unknown>): void | Promise<void>;
}

const NAME = /^[A-Za-z_][\w-]*$/;

function rowOf(id: number, name: string, v: unknown): Row {
  if (typeof v === "number") return { id, name, type: "number", value: String(v) };
  if (typeof v === "boolean") return { id, name, type: "boolean", value: String(v) };
  if (typeof v === "string") return { id, name, type: "string", value: v };
  return { id, name, type: "json", value: JSON.stringify(v ?? null) };
}

/** The typed value of a row, or the problem with it. */
export function parseRow(row: { type: VariableType; value: string }): { ok: true; value: unknown } | { ok: false; error: string } {
  switch (row.type) {
    case "string":
      return { ok: true, value: row.value };
    case "number": {
      const n = Number(row.value.trim().replace(",", "."));
      return row.value.trim() !== "" && Number.isFinite(n) ? { ok: true, value: n } : { ok: false, error: "Enter a number, e.g. 1500 or 12.5." };
    }
    case "boolean":
      return { ok: true, value: row.value === "true" };
    case "json":
      try {
        return { ok: true, value: JSON.parse(row.value) };
      } catch {
        return { ok: false, error: 'Enter valid JSON, e.g. {"a": 1}, [1, 2] or "text".' };
      }
  }
}

export function KeyValueForm({ data, serverErrors, submitLabel = "Submit", readOnly = false, onSubmit }: KeyValueFormProps) {
  const uid = useId();
  const [rows, setRows] = useState<Row[]>(() => {
    const initial = Object.entries(data ?? {}).map(([k, v], i) => rowOf(i, k, v));
    return initial.length ? initial : [{ id: 0, name: "", type: "string", value: "" }];
  });
  const [nextId, setNextId] = useState(rows.length);
  const [errors, setErrors] = useState<Record<number, string>>({});
  const [pending, setPending] = useState(false);

  const update = (id: number, patch: Partial<Row>) => setRows((rs) => rs.map((r) => (r.id === id ? { ...r, ...patch, ...(patch.type === "boolean" ? { value: "true" } : {}) } : r)));
  const add = () => {
    setRows((rs) => [...rs, { id: nextId, name: "", type: "string", value: "" }]);
    setNextId((n) => n + 1);
  };
  const remove = (id: number) => setRows((rs) => rs.filter((r) => r.id !== id));

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    if (pending || readOnly) return;
    const problems: Record<number, string> = {};
    const values: Record<string, unknown> = {};
    const seen = new Set<string>();
    for (const r of rows) {
      const name = r.name.trim();
      if (name === "" && r.value === "") continue; // an empty row is no variable
      if (!NAME.test(name)) problems[r.id] = "A name starts with a letter or _ and has only letters, digits, _ or -.";
      else if (seen.has(name)) problems[r.id] = `${name} is given twice.`;
      else {
        const parsed = parseRow(r);
        if (parsed.ok) values[name] = parsed.value;
        else problems[r.id] = parsed.error;
      }
      seen.add(name);
    }
    setErrors(problems);
    if (Object.keys(problems).length) return;
    setPending(true);
    try {
      await onSubmit(values);
    } finally {
      setPending(false);
    }
  };

  const serverMessage = (name: string) => serverErrors?.[name.trim()];
  const named = new Set(rows.map((r) => r.name.trim()));
  const unplaced = Object.entries(serverErrors ?? {}).filter(([k]) => !named.has(k));
  const input = "block w-full rounded-md border-0 px-2.5 py-1.5 text-sm text-slate-900 ring-1 ring-inset ring-slate-300 focus:ring-2 focus:ring-brand-600 disabled:bg-slate-50";

  return (
    <form onSubmit={submit} className="space-y-3" noValidate data-testid="key-value-form">
      <div className="hidden grid-cols-[1fr_8rem_1.5fr_auto] gap-2 px-1 text-xs font-medium uppercase tracking-wide text-slate-500 sm:grid" aria-hidden>
        <span>Name</span>
        <span>Type</span>
        <span>Value</span>
        <span className="w-16" />
      </div>
      {rows.map((r, i) => {
        const error = errors[r.id] ?? serverMessage(r.name);
        const errorId = `${uid}-err-${r.id}`;
        return (
          <fieldset key={r.id} className="grid grid-cols-1 gap-2 rounded-md border border-slate-200 p-2 sm:grid-cols-[1fr_8rem_1.5fr_auto] sm:border-0 sm:p-0">
            <legend className="sr-only">Variable {i + 1}</legend>
            <input aria-label={`Name of variable ${i + 1}`} className={input} value={r.name} placeholder="amount" disabled={readOnly}
              aria-invalid={error ? true : undefined} aria-describedby={error ? errorId : undefined} onChange={(e) => update(r.id, { name: e.target.value })} />
            <select aria-label={`Type of variable ${i + 1}`} className={input} value={r.type} disabled={readOnly} onChange={(e) => update(r.id, { type: e.target.value as VariableType })}>
              <option value="string">Text</option>
              <option value="number">Number</option>
              <option value="boolean">Yes/no</option>
              <option value="json">JSON</option>
            </select>
            {r.type === "boolean" ? (
              <select aria-label={`Value of variable ${i + 1}`} className={input} value={r.value} disabled={readOnly} onChange={(e) => update(r.id, { value: e.target.value })}>
                <option value="true">true</option>
                <option value="false">false</option>
              </select>
            ) : (
              <input aria-label={`Value of variable ${i + 1}`} className={`${input} ${r.type === "json" ? "font-mono" : ""}`} value={r.value} disabled={readOnly}
                inputMode={r.type === "number" ? "decimal" : undefined} aria-invalid={error ? true : undefined} aria-describedby={error ? errorId : undefined}
                onChange={(e) => update(r.id, { value: e.target.value })} />
            )}
            {readOnly ? <span /> : (
              <Button type="button" variant="ghost" className="w-16" onClick={() => remove(r.id)} aria-label={`Remove variable ${i + 1}`}>Remove</Button>
            )}
            {error ? <p id={errorId} className="text-sm text-red-700 sm:col-span-4">{error}</p> : null}
          </fieldset>
        );
      })}
      {unplaced.length ? (
        <ul role="alert" className="list-disc rounded-md border border-red-200 bg-red-50 py-2 pl-8 pr-3 text-sm text-red-800">
          {unplaced.map(([k, m]) => <li key={k}>{k}: {m}</li>)}
        </ul>
      ) : null}
      {readOnly ? null : (
        <div className="flex flex-wrap items-center justify-between gap-2">
          <Button type="button" variant="secondary" onClick={add}>Add variable</Button>
          <Button type="submit" disabled={pending}>{pending ? "Submitting…" : submitLabel}</Button>
        </div>
      )}
    </form>
  );
}
