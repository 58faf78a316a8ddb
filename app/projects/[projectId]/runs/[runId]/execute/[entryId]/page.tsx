import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { AppShell } from "@/app/_shell/app-shell";
import { ExecuteView, type ExecuteData } from "@/components/runs/execute/execute-view";
import { projectPageContext } from "@/lib/auth/page-context";
import { allowed } from "@/lib/auth/permissions";
import { tokensForTags } from "@/lib/authenticators/queries";
import { getCase, getCaseVersion } from "@/lib/cases/queries";
import { getEntry, listEntries } from "@/lib/entries/queries";
import { NotFoundError } from "@/lib/errors";
import { caseHistory } from "@/lib/results/queries";
import { getRun } from "@/lib/runs/queries";

type Props = { params: Promise<{ projectId: string; runId: string; entryId: string }> };

export const metadata: Metadata = { title: "Execute" };

async function orNotFound<T>(p: Promise<T>): Promise<T> {
  try {
    return await p;
  } catch (err) {
    if (err instanceof NotFoundError) notFound();
    throw err;
  }
}

export default async function ExecutePage({ params }: Props) {
  const { projectId, runId, entryId } = await params;
  const ctx = await projectPageContext(projectId);
  const run = await orNotFound(getRun(ctx, runId));
  const [entry, ordered] = await Promise.all([orNotFound(getEntry(ctx, run.id, entryId)), listEntries(ctx, run.id, {}, { limit: 5000 })]);
  const [current, history] = await Promise.all([getCase(ctx, entry.caseId), caseHistory(ctx, entry.caseId, 100)]);
  // A case tagged with a shared authenticator token's name shows that token's current code.
  const tokens = await tokensForTags(ctx, current.tags);
  // The entry executes the version it was planned with; the case row itself holds the latest one.
  const version =
    current.version === entry.caseVersion
      ? current
      : await getCaseVersion(ctx, entry.caseId, String(entry.caseVersion)).catch((err) => {
          if (err instanceof NotFoundError) return current;
          throw err;
        });
  const index = ordered.data.findIndex((e) => e.id === entry.id);
  const data: ExecuteData = {
    projectKey: ctx.project.key,
    projectName: ctx.project.name,
    run: { id: run.id, name: run.name, status: run.status, environment: run.environment.name, milestone: run.milestone, counts: run.counts },
    entry: {
      id: entry.id,
      caseKey: entry.caseKey,
      title: version.title,
      priority: version.priority,
      status: entry.status,
      caseVersion: entry.caseVersion,
      latestVersion: current.version,
      suitePath: entry.suite?.path ?? null,
      assignee: entry.assignee?.name || entry.assignee?.email || null,
      tags: current.tags,
      preconditions: version.preconditions,
      steps: version.steps.map((s) => ({ action: s.action, expected: s.expected })),
    },
    entries: ordered.data.map((e) => ({ id: e.id, caseKey: e.caseKey, title: e.title, status: e.status })),
    index,
    attempts: history.data
      .filter((h) => h.run.id === run.id)
      .map((h) => ({
        id: h.resultId,
        attempt: h.attempt,
        status: h.status,
        executedAt: h.executedAt,
        durationMs: h.durationMs,
        by: h.executedBy ? h.executedBy.name || h.executedBy.email : null,
        comment: h.comment,
        stepResults: h.stepResults,
        defect: h.defect ? { key: h.defect.key, url: h.defect.url, tracker: h.defect.tracker } : null,
      })),
    tokens: tokens.map((t) => ({ id: t.id, name: t.name, issuer: t.issuer, account: t.account, digits: t.digits, period: t.period })),
    canWrite: allowed(ctx, "run:write"),
    me: ctx.actor.name ?? null,
  };
  return (
    <AppShell actor={ctx.actor}>
      <ExecuteView key={entry.id} data={data} />
    </AppShell>
  );
}
