"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { VerdictDialog } from "@/components/exploratory/verdict-dialog";
import { useApiWrite } from "@/components/ui/use-api-write";
import type { TestRun } from "@/lib/runs/schemas";

type RunRef = Pick<TestRun, "id" | "name" | "status" | "kind" | "counts">;

/**
 * Start / complete / abort buttons following the run's allowed transitions. Completing a run
 * with untested entries asks first and says how many; completing an exploratory session opens
 * its verdict dialog, because a session ends with a verdict.
 */
export function RunStatusActions({ projectKey, run: r }: { projectKey: string; run: RunRef }) {
  const router = useRouter();
  const { run, pending, error } = useApiWrite();
  const [verdict, setVerdict] = useState(false);
  const url = `/api/projects/${projectKey}/test-runs/${r.id}`;
  if (r.status === "COMPLETED" || r.status === "ABORTED") return null;
  const button = "rounded-md px-2 py-1 text-xs font-medium disabled:opacity-50";
  const untested = r.counts.untested;

  function complete() {
    if (r.kind === "EXPLORATORY") return setVerdict(true);
    if (
      untested > 0 &&
      !confirm(`Complete "${r.name}" with ${untested} untested ${untested === 1 ? "entry" : "entries"}? They stay untested and count against the milestone.`)
    )
      return;
    void run("POST", `${url}/complete`);
  }

  return (
    <div className="flex flex-wrap items-center justify-end gap-1">
      {r.status === "PLANNED" && (
        <button disabled={pending} onClick={() => run("PATCH", url, { status: "IN_PROGRESS" })} className={`${button} text-amber-800 hover:bg-amber-50`} aria-label={`Start ${r.name}`}>
          Start
        </button>
      )}
      <button disabled={pending} onClick={complete} className={`${button} text-emerald-800 hover:bg-emerald-50`} aria-label={`Complete ${r.name}`}>
        Complete
      </button>
      <button
        disabled={pending}
        onClick={() => confirm(`Abort "${r.name}"? Aborted runs do not count towards the milestone.`) && run("PATCH", url, { status: "ABORTED" })}
        className={`${button} text-rose-700 hover:bg-rose-50`}
        aria-label={`Abort ${r.name}`}
      >
        Abort
      </button>
      {error && <p role="alert" className="basis-full text-right text-xs whitespace-normal text-rose-700">{error}</p>}
      {r.kind === "EXPLORATORY" && (
        <VerdictDialog
          key={verdict ? "open" : "closed"}
          open={verdict}
          onClose={() => setVerdict(false)}
          onDone={() => {
            setVerdict(false);
            router.refresh();
          }}
          url={url}
        />
      )}
    </div>
  );
}
