import type { Metadata } from "next";
import Link from "next/link";
import { AppShell } from "@/app/_shell/app-shell";
import { CaseEditor } from "@/components/cases/case-editor";
import { EmptyState } from "@/components/ui/empty-state";
import { projectPageContext } from "@/lib/auth/page-context";
import { allowed } from "@/lib/auth/permissions";
import { listCaseTags } from "@/lib/cases/queries";
import { listSuites } from "@/lib/suites/queries";

type Props = { params: Promise<{ projectId: string }>; searchParams: Promise<{ suite?: string }> };

export const metadata: Metadata = { title: "New test case" };

export default async function NewCasePage({ params, searchParams }: Props) {
  const ctx = await projectPageContext((await params).projectId);
  const { suite } = await searchParams;
  const [suites, tags] = await Promise.all([listSuites(ctx), listCaseTags(ctx)]);
  const key = ctx.project.key;
  const suiteNodes = suites.data.map((s) => ({ id: s.id, name: s.name, parentId: s.parentId, depth: s.depth, path: s.path, caseCount: s.caseCount }));
  const defaultSuite = suites.data.find((s) => s.id === suite)?.id ?? null;
  return (
    <AppShell actor={ctx.actor}>
      <nav className="text-sm text-slate-600" aria-label="Breadcrumb">
        <Link href={`/projects/${key}`} className="hover:text-slate-800">{ctx.project.name}</Link>
        <span className="mx-2">/</span>
        <Link href={`/projects/${key}/cases`} className="hover:text-slate-800">Cases</Link>
        <span className="mx-2">/</span>
        <span className="text-slate-700">New case</span>
      </nav>
      <h1 className="mt-3 text-2xl font-bold tracking-tight text-slate-900">New test case</h1>
      <p className="mt-1 text-sm text-slate-600">It gets the next key, like {key}-123. Write each step as an action and the result you expect.</p>
      <div className="mt-6">
        {allowed(ctx, "case:write") ? (
          <CaseEditor projectKey={key} testCase={null} suites={suiteNodes} defaultSuiteId={defaultSuite} canWrite tagSuggestions={tags.map((t) => t.tag)} />
        ) : (
          <EmptyState title="You cannot create cases in this project">Testers and admins of {ctx.project.name} can.</EmptyState>
        )}
      </div>
    </AppShell>
  );
}
