import { AppShell } from "@/app/_shell/app-shell";
import { allowed } from "@/lib/auth/permissions";
import type { ProjectCtx } from "@/lib/context";
import { listNotes } from "@/lib/exploratory/queries";
import type { TestRun } from "@/lib/runs/schemas";
import { SessionView } from "@/components/exploratory/session-view";

/** The run page of an exploratory session: charter, timer, notes and findings, verdict. */
export async function ExploratorySessionPage({ ctx, run }: { ctx: ProjectCtx; run: TestRun }) {
  const notes = await listNotes(ctx, run.id, {}, { limit: 200 });
  let cursor = notes.nextCursor;
  const all = [...notes.data];
  // Sessions rarely hold more than a few dozen notes; follow the pages for the long ones.
  while (cursor && all.length < 5000) {
    const next = await listNotes(ctx, run.id, {}, { limit: 200, cursor });
    all.push(...next.data);
    cursor = next.nextCursor;
  }
  return (
    <AppShell actor={ctx.actor}>
      <SessionView
        projectKey={ctx.project.key}
        projectName={ctx.project.name}
        session={run}
        notes={all}
        canWrite={allowed(ctx, "run:write")}
        serverNow={Date.now()}
      />
    </AppShell>
  );
}
