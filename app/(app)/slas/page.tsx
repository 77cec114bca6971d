import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { requirePage } from "@/server/auth/guard";
import { slaSummary } from "@/server/queries/sla/sla-summary";

export const metadata = { title: "SLAs" };

function Stat({ label, value, tone }: { label: string; value: number; tone: string }) {
  return (
    <Card className="p-5">
      <div className="text-sm text-slate-600">{label}</div>
      <div className={`mt-1 text-3xl font-semibold ${tone}`} data-testid={`sla-${label.toLowerCase().replace(/\W+/g, "-")}`}>{value}</div>
    </Card>
  );
}

export default async function SlasPage() {
  const actor = await requirePage("/slas", "sla.read");
  const s = await slaSummary(actor);
  return (
    <>
      <PageHeader title="SLAs" description="Open tasks by deadline across the organization." />
      {s.total === 0 ? (
        <EmptyState title="No open tasks with deadlines">
          Deadlines come from the models (due dates on user tasks). Once instances are running, overdue and at-risk work shows here.
        </EmptyState>
      ) : (
        <div className="grid grid-cols-2 gap-4 lg:grid-cols-4">
          <Stat label="Overdue" value={s.overdue} tone="text-red-600" />
          <Stat label="Due within 24 h" value={s.dueSoon} tone="text-amber-600" />
          <Stat label="Due later" value={s.later} tone="text-slate-900" />
          <Stat label="No due date" value={s.noDue} tone="text-slate-500" />
        </div>
      )}
    </>
  );
}
