import { formatDate, formatDateTime } from "@/components/ui/format";
import { PriorityChip } from "@/components/ui/chips";
import { DataTable, TableHead } from "@/components/ui/table";
import type { QuarantinedFailure } from "@/lib/milestones/summary-schemas";
import { daysLeftLabel, daysUntil } from "./days-left";
import { LiftQuarantineButton } from "./lift-quarantine-button";

/** Failures of quarantined cases on the milestone page: shown in full, not blocking until the expiry. */
export function QuarantinedFailures({ failures, projectKey, canLift, now }: { failures: QuarantinedFailure[]; projectKey: string; canLift: boolean; now: number }) {
  return (
    <DataTable testId="quarantined-failures" className="print:shadow-none">
      <TableHead>
        <th className="px-4 py-2">Case</th>
        <th className="px-4 py-2">Priority</th>
        <th className="px-4 py-2">Environment</th>
        <th className="px-4 py-2">Failing since</th>
        <th className="px-4 py-2">Quarantine</th>
        {canLift && <th className="px-4 py-2 print:hidden"><span className="sr-only">Actions</span></th>}
      </TableHead>
      <tbody className="divide-y divide-slate-100">
        {failures.map((f) => (
          <tr key={`${f.caseId}-${f.environment.id}`} data-testid={`quarantined-${f.caseKey}`}>
            <td className="px-4 py-3">
              <div className="flex items-center gap-2">
                <span className="font-mono text-xs text-slate-500">{f.caseKey}</span>
                <span className={`rounded px-1.5 text-[10px] font-semibold uppercase ${f.status === "FAILED" ? "text-rose-700" : "text-amber-700"}`}>{f.status.toLowerCase()}</span>
              </div>
              <div className="font-medium text-slate-900">{f.title}</div>
              {f.defect && <div className="text-xs text-slate-600">Defect {f.defect.key}</div>}
            </td>
            <td className="px-4 py-3">
              <PriorityChip priority={f.priority} />
            </td>
            <td className="px-4 py-3 text-slate-700">{f.environment.name}</td>
            <td className="px-4 py-3 whitespace-nowrap text-slate-600">{formatDate(f.since)}</td>
            <td className="max-w-md px-4 py-3 text-xs text-slate-600">
              <div className="text-sm text-slate-700">“{f.quarantine.reason}”</div>
              <div>
                owner <span className="font-medium text-slate-800">{f.quarantine.owner?.name || "a deleted user"}</span>
              </div>
              <div className="whitespace-nowrap">
                {daysLeftLabel(daysUntil(f.quarantine.expiresAt, now))} · until {formatDateTime(f.quarantine.expiresAt)}
              </div>
            </td>
            {canLift && (
              <td className="px-4 py-3 text-right print:hidden">
                <LiftQuarantineButton projectKey={projectKey} caseKey={f.caseKey} />
              </td>
            )}
          </tr>
        ))}
      </tbody>
    </DataTable>
  );
}
