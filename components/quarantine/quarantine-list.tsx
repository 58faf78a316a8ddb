import Link from "next/link";
import { EmptyState } from "@/components/ui/empty-state";
import { formatDateTime } from "@/components/ui/format";
import { DataTable, TableHead } from "@/components/ui/table";
import type { Quarantine } from "@/lib/quarantine/schemas";
import { daysLeftLabel } from "./days-left";
import { LiftQuarantineButton } from "./lift-quarantine-button";

/** The project's active quarantines: case, owner, reason and days left, soonest expiry first. */
export function QuarantineList({ items, projectKey, canLift }: { items: Quarantine[]; projectKey: string; canLift: boolean }) {
  if (!items.length) {
    return (
      <EmptyState title="No quarantined cases">
        Quarantine a flaky case from its page or with <code className="font-mono text-xs">POST …/test-cases/KEY/quarantine</code>: its failures stop blocking until the expiry.
      </EmptyState>
    );
  }
  return (
    <DataTable testId="quarantine-list">
      <TableHead>
        <th className="px-4 py-2">Case</th>
        <th className="px-4 py-2">Owner</th>
        <th className="px-4 py-2">Reason</th>
        <th className="px-4 py-2">Expires</th>
        {canLift && <th className="px-4 py-2"><span className="sr-only">Actions</span></th>}
      </TableHead>
      <tbody className="divide-y divide-slate-100">
        {items.map((q) => (
          <tr key={q.id} data-testid={`quarantine-${q.caseKey}`}>
            <td className="px-4 py-3">
              <span className="font-mono text-xs text-slate-500">{q.caseKey}</span>
              <Link href={`/projects/${projectKey}/cases/${q.caseKey}`} className="block font-medium text-slate-900 hover:text-indigo-700 hover:underline">
                {q.title}
              </Link>
            </td>
            <td className="px-4 py-3 text-slate-700">{q.owner?.name || q.owner?.email || "a deleted user"}</td>
            <td className="max-w-md px-4 py-3 text-slate-700">“{q.reason}”</td>
            <td className="px-4 py-3 text-xs whitespace-nowrap text-slate-600">
              <div className={`font-medium ${q.daysLeft <= 2 ? "text-amber-800" : "text-slate-800"}`}>{daysLeftLabel(q.daysLeft)}</div>
              <div>{formatDateTime(q.expiresAt)}</div>
            </td>
            {canLift && (
              <td className="px-4 py-3 text-right">
                <LiftQuarantineButton projectKey={projectKey} caseKey={q.caseKey} />
              </td>
            )}
          </tr>
        ))}
      </tbody>
    </DataTable>
  );
}
