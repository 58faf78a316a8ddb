"use client";

import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { formatDateTime } from "@/components/ui/format";
import { Kbd } from "@/components/ui/kbd";
import { Markdown } from "@/components/ui/markdown";
import { VERDICT_LABELS } from "@/lib/exploratory/schemas";
import { useSession } from "../session-provider";

const VERDICT_TONES: Record<string, string> = {
  PASSED: "border-emerald-200 bg-emerald-50 text-emerald-900",
  PASSED_WITH_ISSUES: "border-amber-200 bg-amber-50 text-amber-900",
  FAILED: "border-rose-200 bg-rose-50 text-rose-900",
  BLOCKED: "border-slate-300 bg-slate-100 text-slate-900",
};

/** Breadcrumb, name, status and the start / abort / finish actions; the verdict once given. */
export function SessionHeader() {
  const { projectKey, projectName, session, canWrite, running, busy, changeStatus, setFinishing } = useSession();
  const milestoneHref = `/projects/${projectKey}/milestones/${session.milestone.id}`;
  return (
    <>
      <nav className="text-sm text-slate-600" aria-label="Breadcrumb">
        <Link href={`/projects/${projectKey}`} className="hover:text-slate-900">{projectName}</Link>
        <span className="mx-2">/</span>
        <Link href={milestoneHref} className="hover:text-slate-900">{session.milestone.name}</Link>
        <span className="mx-2">/</span>
        <span className="text-slate-800">{session.name}</span>
      </nav>

      <header className="mt-3 flex flex-wrap items-start justify-between gap-4 border-b border-slate-200 pb-5">
        <div className="min-w-0">
          <div className="flex flex-wrap items-center gap-3">
            <h1 className="text-3xl font-bold tracking-tight break-words text-slate-900">{session.name}</h1>
            <Badge value={session.status} />
            <Badge value="EXPLORATORY" label="Exploratory session" />
          </div>
          <p className="mt-1 text-sm text-slate-700">
            Milestone{" "}
            <Link href={milestoneHref} className="font-medium text-indigo-700 hover:underline">
              {session.milestone.name}
            </Link>
            <span className="mx-2 text-slate-500">·</span>
            Environment <span className="font-medium text-slate-800">{session.environment.name}</span>
            <span className="mx-2 text-slate-500">·</span>
            {session.completedAt
              ? `Finished ${formatDateTime(session.completedAt)}`
              : session.startedAt
                ? `Started ${formatDateTime(session.startedAt)}`
                : `Planned ${formatDateTime(session.createdAt)}`}
          </p>
        </div>
        {canWrite && (session.status === "PLANNED" || running) && (
          <div className="flex items-center gap-2">
            <button
              type="button"
              onClick={() => changeStatus("ABORTED")}
              disabled={busy}
              className="rounded-md px-3 py-2 text-sm font-medium text-rose-700 hover:bg-rose-50 disabled:opacity-50"
            >
              Abort
            </button>
            {session.status === "PLANNED" ? (
              <button
                type="button"
                onClick={() => changeStatus("IN_PROGRESS")}
                disabled={busy}
                className="inline-flex items-center gap-2 rounded-md bg-indigo-600 px-3.5 py-2 text-sm font-semibold text-white shadow-sm hover:bg-indigo-500 disabled:opacity-50"
              >
                Start session <Kbd dark>S</Kbd>
              </button>
            ) : (
              <button
                type="button"
                onClick={() => setFinishing(true)}
                className="inline-flex items-center gap-2 rounded-md bg-slate-900 px-3.5 py-2 text-sm font-semibold text-white shadow-sm hover:bg-slate-700"
              >
                Finish with a verdict <Kbd dark>F</Kbd>
              </button>
            )}
          </div>
        )}
      </header>

      {session.verdict && (
        <section className={`mt-6 rounded-xl border p-5 ${VERDICT_TONES[session.verdict]}`} aria-label="Verdict" data-testid="session-verdict">
          <div className="text-xs font-semibold tracking-wide uppercase">Verdict</div>
          <div className="mt-0.5 text-2xl font-bold">{VERDICT_LABELS[session.verdict]}</div>
          {session.verdictSummary && <Markdown source={session.verdictSummary} className="mt-2 text-sm" />}
        </section>
      )}
    </>
  );
}
