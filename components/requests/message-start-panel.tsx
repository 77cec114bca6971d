"use client";
// Operators start a process through one of its message start events, as an outside system
// would by publishing the message. The server action redirects to the request it started.
import { useId, useState, useTransition } from "react";
import { Button } from "@/components/ui/button";

type MessageAction = (input: { messageName: string; businessKey?: string }) => Promise<
  { ok: false; message: string; fields?: Record<string, string> } | { ok: true; value: { instanceId: string | null; outcome: string } } | undefined | void
>;

export function MessageStartPanel({ messages, action }: { messages: { elementId: string; name: string; messageName: string }[]; action: MessageAction }) {
  const [businessKey, setBusinessKey] = useState("");
  const [note, setNote] = useState<{ tone: "error" | "info"; text: string } | null>(null);
  const [pending, startTransition] = useTransition();
  const keyId = useId();

  function send(messageName: string) {
    setNote(null);
    startTransition(async () => {
      const r = await action({ messageName, businessKey });
      if (!r) return;
      if (!r.ok) setNote({ tone: "error", text: Object.values(r.fields ?? {})[0] ?? r.message });
      else if (!r.value.instanceId) setNote({ tone: "info", text: `The message was ${r.value.outcome}: no request was started.` });
    });
  }

  return (
    <div className="flex flex-col gap-3" data-testid="message-start-panel">
      <div>
        <label htmlFor={keyId} className="block text-sm font-medium text-slate-800">
          Business key <span className="font-normal text-slate-500">(optional)</span>
        </label>
        <input
          id={keyId}
          value={businessKey}
          maxLength={255}
          onChange={(e) => setBusinessKey(e.target.value)}
          className="mt-1 block w-full rounded-md border border-slate-300 px-3 py-2 text-sm shadow-sm focus:border-brand-600 focus:outline-none focus:ring-2 focus:ring-brand-600/30"
        />
      </div>
      <div className="flex flex-wrap gap-2">
        {messages.map((m) => (
          <Button key={m.elementId} variant="secondary" type="button" disabled={pending} onClick={() => send(m.messageName)}>
            Send “{m.messageName}”
          </Button>
        ))}
      </div>
      {note ? (
        <p role={note.tone === "error" ? "alert" : "status"} className={`text-sm ${note.tone === "error" ? "text-red-700" : "text-slate-600"}`}>
          {note.text}
        </p>
      ) : null}
    </div>
  );
}
