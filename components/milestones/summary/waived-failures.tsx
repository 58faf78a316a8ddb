import { formatDateTime } from "@/components/ui/format";
import type { WaivedFailure } from "@/lib/milestones/summary-schemas";
import { DataTable, TableHead } from "@/components/ui/table";
import { PriorityChip } from "@/components/ui/chips";
import { RevokeWaiverButton } from "./revoke-waiver-button";

/** Failures accepted by a waiver: the risk a sign-off accepts, with the reason, who and when. */
export function WaivedFailures({
  failures,
  projectKey,
  canRevoke,
}: {
  failures: WaivedFailure[];
  projectKey: string;
  canRevoke: boolean;
}) {
  return (
    <DataTable testId="waived-failures" className="print:shadow-none">
      <TableHead>
        <th className="px-4 py-2">Case</th>
        <th className="px-4 py-2">Priority</th>
        <th className="px-4 py-2">Environment</th>
        <th className="px-4 py-2">Reason</th>
        <th className="px-4 py-2">Waived</th>
        {canRevoke && <th className="px-4 py-2 print:hidden"><span className="sr-only">Actions</span></th>}
      </TableHead>
      <tbody className="divide-y divide-slate-100">
        {failures.map((f) => (
          <tr key={`${f.caseId}-${f.environment.id}`} data-testid={`waived-${f.caseKey}`}>
            <td className="px-4 py-3">
              <div className="flex items-center gap-2">
                <span className="font-mono text-xs text-slate-500">{f.caseKey}</span>
                <span className={`rounded px-1.5 text-[10px] font-semibold uppercase ${f.status === "FAILED" ? "text-rose-700" : "text-amber-700"}`}>
                  {f.status.toLowerCase()}
                </span>
              </div>
              <div className="font-medium text-slate-900">{f.title}</div>
            </td>
            <td className="px-4 py-3">
              <PriorityChip priority={f.priority} />
            </td>
            <td className="px-4 py-3 text-slate-700">{f.environment.name}</td>
            <td className="max-w-md px-4 py-3 text-slate-700">“{f.reason}”</td>
            <td className="px-4 py-3 text-xs text-slate-600">
              <div>
                by <span className="font-medium text-slate-800">{f.waivedBy?.name ?? "a deleted user"}</span>
              </div>
              <div className="whitespace-nowrap">{formatDateTime(f.waivedAt)}</div>
              <div className="whitespace-nowrap">{f.expiresAt ? `expires ${formatDateTime(f.expiresAt)}` : "no expiry"}</div>
            </td>
            {canRevoke && (
              <td className="px-4 py-3 text-right print:hidden">
                <RevokeWaiverButton
                  url={`/api/projects/${projectKey}/milestones/${f.milestoneId}/waivers/${f.waiverId}`}
                  label={`Revoke the waiver of ${f.caseKey} on ${f.environment.name}`}
                />
              </td>
            )}
          </tr>
        ))}
      </tbody>
    </DataTable>
  );
}
