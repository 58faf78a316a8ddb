"use client";

import { Badge } from "@/components/ui/badge";
import { EmptyState } from "@/components/ui/empty-state";
import { formatDate, formatDateTime } from "@/components/ui/format";
import type { OpenFailure } from "@/lib/milestones/summary-schemas";
import { WaiveDialog } from "./waive-dialog";
import { QuarantineDialog } from "@/components/quarantine/quarantine-dialog";
import { DataTable, TableHead, cell } from "@/components/ui/table";
import { PriorityChip } from "@/components/ui/chips";

const PRIORITY_RANK: Record<string, number> = { CRITICAL: 0, HIGH: 1, MEDIUM: 2, LOW: 3 };
const REGRESSION_LABEL = { NEW: "New since baseline", KNOWN: "Failed in baseline", UNKNOWN: "Not run in baseline" } as const;
/**
 * Open failures, critical and high first, each with its defect (or "untracked") and a Waive action.
 * A client component although it only renders: the page then sends the failures once, as data,
 * instead of the server-rendered markup of every row a second time in the RSC payload (hundreds
 * of rows on a large release).
 */
export function OpenFailures({
  failures,
  projectKey,
  milestoneId,
  canWaive,
  canQuarantine = false,
  empty,
  hasBaseline,
}: {
  failures: OpenFailure[];
  projectKey: string;
  milestoneId: string;
  canWaive: boolean;
  /** TESTERs may quarantine a failing case (project-wide). */
  canQuarantine?: boolean;
  /** What to say when there are none; the page decides, since "no open failures" needs something executed. */
  empty: { title: string; detail: string };
  /** Whether a baseline milestone exists: each failure then says whether it is new since it. */
  hasBaseline: boolean;
}) {
  const sorted = [...failures].sort(
    (a, b) => PRIORITY_RANK[a.priority] - PRIORITY_RANK[b.priority] || (a.since ?? "").localeCompare(b.since ?? "") || a.caseKey.localeCompare(b.caseKey),
  );
  if (sorted.length === 0) return <EmptyState title={empty.title}>{empty.detail}</EmptyState>;
  return (
    <DataTable testId="open-failures" className="print:shadow-none">
        <TableHead>
            <th className={cell()}>Case</th>
            <th className={cell()}>Priority</th>
            <th className={cell()}>Environment</th>
            <th className={cell()}>Failing since</th>
            <th className={cell()}>Defect</th>
            {(canWaive || canQuarantine) && <th className={cell("print:hidden")}><span className="sr-only">Actions</span></th>}
          </TableHead>
        <tbody className="divide-y divide-slate-100">
          {sorted.map((f) => (
            <tr key={`${f.caseId}-${f.environment.id}`} className={f.priority === "CRITICAL" ? "bg-rose-50/40" : undefined}>
              <td className="px-4 py-3">
                <div className="flex items-center gap-2">
                  <span className="font-mono text-xs text-slate-600">{f.caseKey}</span>
                  <span className={`rounded px-1.5 text-[10px] font-semibold uppercase ${f.status === "FAILED" ? "text-rose-700" : "text-amber-700"}`}>
                    {f.status.toLowerCase()}
                  </span>
                  {hasBaseline && (
                    <span data-testid="regression">
                      <Badge value={f.regression} label={REGRESSION_LABEL[f.regression]} />
                    </span>
                  )}
                </div>
                <div className="font-medium text-slate-900">{f.title}</div>
                {f.comment && (
                  <p className="mt-1 max-w-xl text-sm whitespace-pre-line text-slate-700" data-testid="failure-comment">
                    <span className="sr-only">Latest comment: </span>“{f.comment}”
                  </p>
                )}
                {f.waiver?.expiresAt && (
                  <p className="mt-1 text-xs font-medium text-amber-800" data-testid="waiver-expired">
                    Waiver expired {formatDateTime(f.waiver.expiresAt)}: “{f.waiver.reason}”. The failure counts again.
                  </p>
                )}
                {f.quarantine && (
                  <p className="mt-1 text-xs font-medium text-amber-800" data-testid="quarantine-expired">
                    Quarantine expired {formatDateTime(f.quarantine.expiresAt)}: “{f.quarantine.reason}” (owner {f.quarantine.owner?.name || "a deleted user"}). The failure blocks again.
                  </p>
                )}
              </td>
              <td className="px-4 py-3">
                <PriorityChip priority={f.priority} />
              </td>
              <td className="px-4 py-3 text-slate-700">{f.environment.name}</td>
              <td className="px-4 py-3 whitespace-nowrap text-slate-600">{formatDate(f.since)}</td>
              <td className="px-4 py-3">
                {f.defect ? (
                  f.defect.url ? (
                    <a href={f.defect.url} target="_blank" rel="noreferrer" className="font-medium text-indigo-600 hover:underline">
                      {f.defect.key}
                    </a>
                  ) : (
                    <span className="font-medium text-slate-800">{f.defect.key}</span>
                  )
                ) : (
                  <Badge value="UNTRACKED" label="Untracked" />
                )}
                {f.defect?.status && <span className="ml-2 text-xs text-slate-600">{f.defect.status}</span>}
              </td>
              {(canWaive || canQuarantine) && (
                <td className="px-4 py-3 text-right whitespace-nowrap print:hidden">
                  {canWaive && <WaiveDialog projectKey={projectKey} milestoneId={milestoneId} caseId={f.caseId} caseKey={f.caseKey} environment={f.environment} />}
                  {canQuarantine && <QuarantineDialog projectKey={projectKey} caseKey={f.caseKey} environmentId={f.environment.id} />}
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </DataTable>
  );
}
