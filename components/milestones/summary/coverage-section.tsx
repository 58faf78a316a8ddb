import Link from "next/link";
import { CoverageChip, StatusChip } from "@/components/ui/chips";
import { EmptyState } from "@/components/ui/empty-state";
import { DataTable, TableHead, Td, Th } from "@/components/ui/table";
import { COVERAGE_LABEL } from "@/lib/requirements/coverage-status";
import type { CoverageStatus, CoverageRequirement, MilestoneCoverage } from "@/lib/requirements/schemas";

/**
 * The milestone's Coverage: each requirement in scope by environment. A cell is the coverage
 * status there and opens the entries it was computed from (each case's deciding attempt, linked
 * to its execution view); waived failures say so.
 */
export function CoverageSection({ coverage, projectKey }: { coverage: MilestoneCoverage; projectKey: string }) {
  const { totals, environments } = coverage;
  if (totals.inScope === 0) {
    return (
      <EmptyState title="No requirements in scope">
        Testers set the requirements this milestone must verify with <em>Edit scope</em>; a Jira import for this milestone adds those whose fix version is “
        {coverage.milestone.name}”.
      </EmptyState>
    );
  }
  return (
    <div data-testid="coverage">
      <p className="mb-2 text-sm text-slate-600" data-testid="coverage-totals">
        {totals.ok} of {totals.inScope} verified · <span className="text-rose-700">{totals.nok} NOK</span> · {totals.notRun} not run · {totals.uncovered} uncovered
        {coverage.environment ? ` in ${coverage.environment.name}` : ""}
      </p>
      <DataTable testId="coverage-table">
        <TableHead>
          <Th scope="col">Requirement</Th>
          <Th scope="col">{coverage.environment ? coverage.environment.name : "All environments"}</Th>
          {!coverage.environment && environments.map((e) => <Th key={e.id} scope="col">{e.name}</Th>)}
        </TableHead>
        <tbody className="divide-y divide-slate-100">
          {coverage.requirements.map((r) => (
            <tr key={r.id} data-testid={`coverage-${r.key}`} className="align-top">
              <Td>
                {r.url ? (
                  <a href={r.url} target="_blank" rel="noreferrer" className="font-mono text-xs font-semibold text-indigo-700 hover:underline">{r.key}</a>
                ) : (
                  <span className="font-mono text-xs font-semibold text-slate-800">{r.key}</span>
                )}
                {r.title && <span className="block max-w-xs text-slate-700">{r.title}</span>}
                <span className="block text-xs text-slate-500">{r.cases.length ? `${r.cases.length} linked case${r.cases.length === 1 ? "" : "s"}` : "No linked case"}</span>
              </Td>
              <Td>
                <CoverageCell requirement={r} status={r.status} projectKey={projectKey} label={`${r.key}, ${coverage.environment?.name ?? "all environments"}`} />
              </Td>
              {!coverage.environment &&
                r.environments.map((cell) => (
                  <Td key={cell.environment.id}>
                    <CoverageCell requirement={r} status={cell.status} environmentId={cell.environment.id} projectKey={projectKey} label={`${r.key} in ${cell.environment.name}`} />
                  </Td>
                ))}
            </tr>
          ))}
        </tbody>
      </DataTable>
    </div>
  );
}

/** One cell: the status, and (when there are entries behind it) the cases' deciding attempts to open. */
function CoverageCell({
  requirement,
  status,
  environmentId,
  projectKey,
  label,
}: {
  requirement: CoverageRequirement;
  status: CoverageStatus;
  environmentId?: string;
  projectKey: string;
  label: string;
}) {
  const attempts = requirement.cases.flatMap((c) =>
    c.attempts.filter((a) => !environmentId || a.environment.id === environmentId).map((a) => ({ ...a, caseKey: c.caseKey, title: c.title })),
  );
  const chip = <CoverageChip status={status} label={COVERAGE_LABEL[status]} />;
  if (!attempts.length) return chip;
  const waived = attempts.some((a) => a.waived);
  return (
    <details className="group">
      <summary className="cursor-pointer list-none" aria-label={`${label}: ${COVERAGE_LABEL[status]}${waived ? ", with a waived failure" : ""}; show entries`}>
        {chip}
        {waived && <span className="ml-1 text-xs text-slate-600">waived</span>}
      </summary>
      <ul className="mt-1 space-y-1 text-xs">
        {attempts.map((a) => (
          <li key={a.entryId} className="flex flex-wrap items-center gap-1.5">
            <Link href={`/projects/${projectKey}/runs/${a.runId}/execute/${a.entryId}`} className="font-mono font-semibold text-indigo-700 hover:underline">
              {a.caseKey}
            </Link>
            {!environmentId && <span className="text-slate-500">{a.environment.name}</span>}
            <StatusChip status={a.status} />
            {a.waived && <span className="text-slate-600">waived</span>}
          </li>
        ))}
      </ul>
    </details>
  );
}
