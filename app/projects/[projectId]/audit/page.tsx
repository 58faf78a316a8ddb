import type { Metadata } from "next";
import Link from "next/link";
import { AppShell } from "@/app/_shell/app-shell";
import { AuditFilters, type AuditFilterValues } from "@/components/audit/audit-filters";
import { AuditLogTable } from "@/components/audit/audit-log-table";
import { ProjectHeader } from "@/components/projects/project-header";
import { EmptyState } from "@/components/ui/empty-state";
import { listAuditActions, listAuditActors, listAuditLog } from "@/lib/audit/queries";
import type { Page } from "@/lib/api/pagination";
import { AuditListQuery, type AuditLogEntry } from "@/lib/audit/schemas";
import { projectPageContext } from "@/lib/auth/page-context";
import { hasRole, REQUIRED_ROLE } from "@/lib/auth/permissions";
import type { ProjectCtx } from "@/lib/context";
import { ValidationError, type ErrorDetail } from "@/lib/errors";
import { getProject } from "@/lib/projects/queries";

export const metadata: Metadata = { title: "Audit log" };

const PAGE_SIZE = 50;
const FILTER_KEYS = ["actor", "action", "from", "to"] as const;

type Loaded = { page: Page<AuditLogEntry>; error?: undefined } | { page?: undefined; error: ErrorDetail[] };

/** Filters come from the URL, so invalid ones are shown on the page rather than thrown. */
async function loadPage(ctx: ProjectCtx, filters: AuditFilterValues, cursor: string | undefined): Promise<Loaded> {
  const query = AuditListQuery.safeParse({ ...filters, cursor, limit: PAGE_SIZE });
  if (!query.success) return { error: ValidationError.fromZod(query.error).details };
  const { limit, cursor: after, ...filter } = query.data;
  try {
    return { page: await listAuditLog(ctx, filter, { limit, cursor: after }) };
  } catch (err) {
    if (err instanceof ValidationError) return { error: err.details };
    throw err;
  }
}

type Props = { params: Promise<{ projectId: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function AuditLogPage({ params, searchParams }: Props) {
  const ctx = await projectPageContext((await params).projectId);
  const project = await getProject(ctx);
  const path = `/projects/${project.key}/audit`;

  if (!hasRole(ctx.project.role, REQUIRED_ROLE["audit:read"])) {
    return (
      <AppShell actor={ctx.actor}>
        <ProjectHeader project={project} current="audit" />
        <div className="mt-6 rounded-lg border border-amber-200 bg-amber-50 p-5 text-sm text-amber-900" role="status">
          <p className="font-medium">Only project admins can read the audit log.</p>
          <p className="mt-1">
            You are a {project.role.toLowerCase()} in {project.name}. Ask one of its admins if you need to know who changed what.
          </p>
        </div>
      </AppShell>
    );
  }

  // An empty form field means "no filter"; repeated parameters keep the last value, as the API does.
  const raw = await searchParams;
  const single = (v: string | string[] | undefined) => (Array.isArray(v) ? v[v.length - 1] : v)?.trim() || undefined;
  const values: AuditFilterValues = Object.fromEntries(FILTER_KEYS.map((k) => [k, single(raw[k])]).filter(([, v]) => v));
  const cursor = single(raw.cursor);

  const [actors, actions, result] = await Promise.all([listAuditActors(ctx), listAuditActions(ctx), loadPage(ctx, values, cursor)]);
  const { page, error } = result;

  const filtered = Object.keys(values).length > 0;
  const href = (extra: Record<string, string> = {}) => {
    const qs = new URLSearchParams({ ...(values as Record<string, string>), ...extra }).toString();
    return qs ? `${path}?${qs}` : path;
  };

  return (
    <AppShell actor={ctx.actor}>
      <ProjectHeader project={project} current="audit" />
      <p className="mt-4 max-w-3xl text-sm text-slate-600">
        Every change to the project, its environments, milestones, runs and API keys, with who made it (and through which API key)
        and the fields it changed. Also at <code className="rounded bg-slate-100 px-1">GET /api/projects/{project.key}/audit-log</code>.
      </p>

      <div className="mt-4">
        <AuditFilters action={path} values={values} actors={actors} actions={actions} />
      </div>

      <section className="mt-6" aria-label="Audit entries">
        {error ? (
          <div className="rounded-lg border border-rose-200 bg-rose-50 p-5 text-sm text-rose-800" role="alert">
            <p className="font-medium">These filters are not valid:</p>
            <ul className="mt-1 list-disc pl-5">
              {error.map((d) => (
                <li key={d.field}>
                  <span className="font-medium">{d.field}</span>: {d.message}
                </li>
              ))}
            </ul>
            <Link href={path} className="mt-2 inline-block font-medium underline">
              Clear the filters
            </Link>
          </div>
        ) : page && page.data.length === 0 ? (
          <EmptyState title={cursor ? "No older entries" : filtered ? "No entries match these filters" : "Nothing recorded yet"}>
            {cursor || filtered ? (
              <Link href={cursor ? href() : path} className="font-medium text-indigo-600 hover:text-indigo-500">
                {cursor ? "Back to the newest entries" : "Clear the filters"}
              </Link>
            ) : (
              "Changes to settings, environments, milestones, runs and API keys show up here as they happen."
            )}
          </EmptyState>
        ) : page ? (
          <>
            {cursor && (
              <p className="mb-2 text-sm text-slate-600">
                Older entries.{" "}
                <Link href={href()} className="font-medium text-indigo-600 hover:text-indigo-500">
                  Back to the newest
                </Link>
              </p>
            )}
            <AuditLogTable entries={page.data} />
            {page.nextCursor && (
              <div className="mt-4 text-center">
                <Link
                  href={href({ cursor: page.nextCursor })}
                  className="inline-block rounded-md border border-slate-300 bg-white px-4 py-2 text-sm font-medium text-slate-700 shadow-sm hover:bg-slate-50"
                >
                  Load older entries
                </Link>
              </div>
            )}
          </>
        ) : null}
      </section>
    </AppShell>
  );
}
