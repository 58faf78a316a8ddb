import { EmptyState } from "@/components/ui/empty-state";
import { countOf } from "@/components/ui/format";
import type { FailureClusterList } from "@/lib/failure-clusters/schemas";
import { MakeRuleDialog } from "./make-rule-dialog";

const SHOWN_CASES = 8;
const STATE_LABEL = { OPEN: "", QUARANTINED: " (quarantined)", WAIVED: " (waived)" } as const;

/** Failures grouped by error signature: "14 failures: TimeoutError …", with the cases and an example. */
export function FailureClusters({ clusters, projectKey, canMakeRule }: { clusters: FailureClusterList; projectKey: string; canMakeRule: boolean }) {
  if (!clusters.data.length) return <EmptyState title="No failures to group">Failing entries are grouped here by their error.</EmptyState>;
  return (
    <ul className="space-y-3" data-testid="failure-clusters">
      {clusters.data.map((c, i) => (
        <li key={c.signature} className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm print:shadow-none" data-testid="failure-cluster">
          <div className="flex flex-wrap items-start justify-between gap-2">
            <h3 className="min-w-0 text-sm font-semibold break-words text-slate-900">
              {countOf(c.count, "failure", "failures")}: <span className="font-mono font-normal">{c.title}</span>
            </h3>
            {canMakeRule && c.suggestedPattern && <MakeRuleDialog projectKey={projectKey} title={c.title} pattern={c.suggestedPattern} index={i} />}
          </div>
          <p className="mt-1 text-xs text-slate-600">
            {c.cases.slice(0, SHOWN_CASES).map((x, j) => (
              <span key={x.entryId}>
                {j > 0 && ", "}
                <span className="font-mono">{x.caseKey}</span>
                {` ${x.environment.name}${STATE_LABEL[x.state]}`}
              </span>
            ))}
            {c.count > SHOWN_CASES && ` and ${c.count - SHOWN_CASES} more`}
          </p>
          <details className="mt-2 text-xs text-slate-700">
            <summary className="cursor-pointer text-slate-600">Example: {c.example.caseKey}</summary>
            <pre tabIndex={0} aria-label={`Error message of ${c.example.caseKey}`} className="mt-1 max-h-48 overflow-auto rounded bg-slate-50 p-2 whitespace-pre-wrap">{c.example.message || "(no error message)"}</pre>
            {c.example.frame && <p className="mt-1 font-mono text-slate-600">{c.example.frame}</p>}
          </details>
        </li>
      ))}
    </ul>
  );
}
