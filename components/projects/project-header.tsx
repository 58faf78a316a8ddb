import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import type { Project } from "@/lib/projects/schemas";

const TABS = [
  { key: "overview", label: "Overview", path: "", adminOnly: false },
  { key: "cases", label: "Cases", path: "/cases", adminOnly: false },
  { key: "milestones", label: "Milestones", path: "/milestones", adminOnly: false },
  { key: "runs", label: "Runs", path: "/runs", adminOnly: false },
  { key: "members", label: "Members", path: "/members", adminOnly: false },
  { key: "audit", label: "Audit log", path: "/audit", adminOnly: true },
  { key: "settings", label: "Settings", path: "/settings", adminOnly: true },
] as const;

export type ProjectTab = (typeof TABS)[number]["key"];

/** The project's title and its section tabs, shared by every project page. */
export function ProjectHeader({ project, current }: { project: Pick<Project, "key" | "name" | "description" | "role">; current: ProjectTab }) {
  return (
    <div className="border-b border-slate-200 pb-0">
      <div className="flex flex-wrap items-baseline gap-3">
        <h1 className="text-2xl font-semibold break-words text-slate-900">{project.name}</h1>
        <span className="rounded bg-slate-100 px-1.5 py-0.5 font-mono text-xs text-slate-600">{project.key}</span>
        <Badge value={project.role} label={`You: ${project.role.toLowerCase()}`} />
      </div>
      {project.description && <p className="mt-1 max-w-3xl text-sm text-slate-600">{project.description}</p>}
      <nav className="mt-4 flex flex-wrap gap-x-5 gap-y-1 text-sm" aria-label="Project sections">
        {TABS.filter((t) => !t.adminOnly || project.role === "ADMIN").map((t) => (
          <Link
            key={t.key}
            href={`/projects/${project.key}${t.path}`}
            aria-current={t.key === current ? "page" : undefined}
            className={`-mb-px shrink-0 border-b-2 pb-2 whitespace-nowrap ${t.key === current ? "border-indigo-600 font-medium text-slate-900" : "border-transparent text-slate-600 hover:text-slate-800"}`}
          >
            {t.label}
          </Link>
        ))}
      </nav>
    </div>
  );
}
