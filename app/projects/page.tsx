import type { Metadata } from "next";
import Link from "next/link";
import { AppShell } from "@/app/_shell/app-shell";
import { NewProjectForm } from "@/components/projects/new-project-form";
import { Badge } from "@/components/ui/badge";
import { EmptyState } from "@/components/ui/empty-state";
import { pageContext } from "@/lib/auth/page-context";
import { listProjects } from "@/lib/projects/queries";

export const metadata: Metadata = { title: "Projects" };

export default async function ProjectsPage() {
  const ctx = await pageContext();
  const { data: projects } = await listProjects(ctx, { limit: 200 });
  return (
    <AppShell actor={ctx.actor}>
      <div className="flex flex-wrap items-start justify-between gap-4">
        <div>
          <h1 className="text-2xl font-semibold text-slate-900">Projects</h1>
          <p className="mt-1 text-sm text-slate-600">Each project holds its milestones, environments, test cases and runs.</p>
        </div>
        <NewProjectForm />
      </div>
      <div className="mt-6">
        {projects.length === 0 ? (
          <EmptyState title="No projects yet">Create one, or ask an admin to add you to an existing project.</EmptyState>
        ) : (
          <ul className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
            {projects.map((p) => (
              <li key={p.id}>
                <Link
                  href={`/projects/${p.key}`}
                  className="block h-full rounded-lg border border-slate-200 bg-white p-5 shadow-sm transition hover:border-indigo-300 hover:shadow"
                >
                  <div className="flex items-center justify-between gap-2">
                    <span className="font-semibold text-slate-900">{p.name}</span>
                    <span className="rounded bg-slate-100 px-1.5 py-0.5 font-mono text-xs text-slate-600">{p.key}</span>
                  </div>
                  <p className="mt-2 line-clamp-2 text-sm text-slate-600">{p.description || "No description."}</p>
                  <div className="mt-3"><Badge value={p.role} label={`You: ${p.role.toLowerCase()}`} /></div>
                </Link>
              </li>
            ))}
          </ul>
        )}
      </div>
    </AppShell>
  );
}
