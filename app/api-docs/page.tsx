import type { Metadata } from "next";
import { buildOpenApiDocument } from "@/lib/openapi/document";
import {
  fieldRows,
  groupByTag,
  parameterRows,
  requestBodySchema,
  responseRows,
  type FieldRow,
  type OperationView,
} from "@/lib/openapi/render";
import type { OpenApiDocument } from "@/lib/openapi/types";

export const metadata: Metadata = {
  title: "API reference",
  description: "Every QA Studio API endpoint, generated from the same schemas that validate requests.",
};

const METHOD_STYLE: Record<string, string> = {
  GET: "bg-emerald-100 text-emerald-800 ring-emerald-600/20",
  POST: "bg-sky-100 text-sky-800 ring-sky-600/20",
  PUT: "bg-violet-100 text-violet-800 ring-violet-600/20",
  PATCH: "bg-amber-100 text-amber-800 ring-amber-600/20",
  DELETE: "bg-rose-100 text-rose-800 ring-rose-600/20",
};

function statusStyle(status: string): string {
  if (status.startsWith("2")) return "bg-emerald-50 text-emerald-700 ring-emerald-600/20";
  if (status.startsWith("4")) return "bg-amber-50 text-amber-800 ring-amber-600/20";
  return "bg-slate-100 text-slate-700 ring-slate-500/20";
}

const anchor = (id: string) => `op-${id}`;
const schemaAnchor = (name: string) => `schema-${name}`;
const tagAnchor = (name: string) => `tag-${name.toLowerCase().replace(/\W+/g, "-")}`;

/** Renders `code` spans in descriptions. */
function Text({ children }: { children?: string }) {
  if (!children) return null;
  return (
    <>
      {children.split(/(`[^`]+`)/g).map((part, i) =>
        part.startsWith("`") && part.endsWith("`") && part.length > 1 ? (
          <code key={i} className="rounded bg-slate-100 px-1 py-0.5 font-mono text-[0.85em] text-slate-800">
            {part.slice(1, -1)}
          </code>
        ) : (
          <span key={i}>{part}</span>
        ),
      )}
    </>
  );
}

function MethodBadge({ method, small = false }: { method: string; small?: boolean }) {
  return (
    <span
      className={`inline-flex shrink-0 items-center justify-center rounded-md font-mono font-semibold ring-1 ring-inset ${
        METHOD_STYLE[method] ?? "bg-slate-100 text-slate-700 ring-slate-500/20"
      } ${small ? "w-14 px-1 py-0.5 text-[10px]" : "w-16 px-2 py-1 text-xs"}`}
    >
      {method}
    </span>
  );
}

function TypeCell({ row }: { row: FieldRow }) {
  return (
    <span className="font-mono text-xs text-slate-700">
      {row.ref ? (
        <a href={`#${schemaAnchor(row.ref)}`} className="text-sky-700 underline decoration-sky-300 underline-offset-2 hover:text-sky-900">
          {row.type}
        </a>
      ) : (
        row.type
      )}
    </span>
  );
}

function FieldTable({ rows, showIn = false }: { rows: (FieldRow & { in?: string })[]; showIn?: boolean }) {
  return (
    <div className="relative overflow-x-auto rounded-lg border border-slate-200">
      <table className="w-full text-left text-sm">
        <thead className="bg-slate-50 text-xs uppercase tracking-wide text-slate-600">
          <tr>
            <th className="px-3 py-2 font-medium">Name</th>
            {showIn && <th className="px-3 py-2 font-medium">In</th>}
            <th className="px-3 py-2 font-medium">Type</th>
            <th className="px-3 py-2 font-medium">Required</th>
            <th className="px-3 py-2 font-medium">Description</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {rows.map((row) => (
            <tr key={`${row.in ?? ""}:${row.name}`} className="align-top">
              <td className="px-3 py-2 font-mono text-xs font-semibold text-slate-900">{row.name}</td>
              {showIn && <td className="px-3 py-2 text-xs text-slate-600">{row.in}</td>}
              <td className="px-3 py-2">
                <TypeCell row={row} />
              </td>
              <td className="px-3 py-2 text-xs">
                {row.required ? (
                  <span className="rounded bg-rose-50 px-1.5 py-0.5 font-medium text-rose-700">required</span>
                ) : (
                  <span className="text-slate-500">optional</span>
                )}
              </td>
              <td className="px-3 py-2 text-slate-600">
                <Text>{row.description}</Text>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function SectionTitle({ children }: { children: React.ReactNode }) {
  return <h4 className="mb-2 mt-5 text-xs font-semibold uppercase tracking-wide text-slate-600">{children}</h4>;
}

function OperationCard({ doc, view }: { doc: OpenApiDocument; view: OperationView }) {
  const { op } = view;
  const params = parameterRows(op.parameters);
  const body = requestBodySchema(op);
  const bodyRows = body ? fieldRows(doc, body) : [];
  const responses = responseRows(doc, op);
  return (
    <article id={anchor(view.id)} className="scroll-mt-6 rounded-xl border border-slate-200 bg-white p-5 shadow-sm">
      <header className="flex flex-wrap items-center gap-3">
        <MethodBadge method={view.method} />
        <code className="break-all font-mono text-sm font-semibold text-slate-900">{view.path}</code>
        {op.security?.length === 0 && (
          <span className="rounded-full bg-slate-100 px-2 py-0.5 text-xs text-slate-600">no auth</span>
        )}
      </header>
      <h3 className="mt-3 text-base font-semibold text-slate-900">{op.summary}</h3>
      {op.description && (
        <p className="mt-1 text-sm leading-relaxed text-slate-600">
          <Text>{op.description}</Text>
        </p>
      )}

      {params.length > 0 && (
        <>
          <SectionTitle>Parameters</SectionTitle>
          <FieldTable rows={params} showIn />
        </>
      )}

      {body && (
        <>
          <SectionTitle>
            Request body <span className="font-normal normal-case tracking-normal text-slate-500">application/json</span>
          </SectionTitle>
          <FieldTable rows={bodyRows} />
        </>
      )}

      <SectionTitle>Responses</SectionTitle>
      <ul className="divide-y divide-slate-100 rounded-lg border border-slate-200">
        {responses.map((r) => (
          <li key={r.status} className="flex flex-wrap items-start gap-3 px-3 py-2 text-sm">
            <span className={`rounded-md px-2 py-0.5 font-mono text-xs font-semibold ring-1 ring-inset ${statusStyle(r.status)}`}>
              {r.status}
            </span>
            <span className="min-w-0 flex-1 text-slate-600">
              <Text>{r.description}</Text>
            </span>
            {r.schema && (
              <a
                href={`#${schemaAnchor(r.schema)}`}
                className="font-mono text-xs text-sky-700 underline decoration-sky-300 underline-offset-2 hover:text-sky-900"
              >
                {r.schema}
              </a>
            )}
          </li>
        ))}
      </ul>
    </article>
  );
}

export default function ApiDocsPage() {
  const doc = buildOpenApiDocument();
  const groups = groupByTag(doc);
  const schemaNames = Object.keys(doc.components.schemas);

  return (
    <div className="mx-auto flex max-w-7xl gap-10 px-4 py-10 sm:px-6 lg:px-8">
      <nav aria-label="API sections" className="sticky top-6 hidden max-h-[calc(100vh-3rem)] w-64 shrink-0 overflow-y-auto lg:block">
        <a href="#authentication" className="block text-sm font-semibold text-slate-900 hover:text-sky-700">
          Authentication
        </a>
        {groups.map((g) => (
          <div key={g.name} className="mt-5">
            <a href={`#${tagAnchor(g.name)}`} className="text-sm font-semibold text-slate-900 hover:text-sky-700">
              {g.name}
            </a>
            <ul className="mt-2 space-y-1">
              {g.operations.map((v) => (
                <li key={v.id}>
                  <a href={`#${anchor(v.id)}`} className="flex items-center gap-2 rounded px-1 py-0.5 text-xs text-slate-600 hover:bg-slate-100 hover:text-slate-900">
                    <MethodBadge method={v.method} small />
                    <span className="truncate">{v.op.summary}</span>
                  </a>
                </li>
              ))}
            </ul>
          </div>
        ))}
        <a href="#schemas" className="mt-5 block text-sm font-semibold text-slate-900 hover:text-sky-700">
          Schemas
        </a>
      </nav>

      <main className="min-w-0 flex-1">
        <header className="border-b border-slate-200 pb-8">
          <p className="text-sm font-medium text-sky-700">QA Studio</p>
          <h1 className="mt-1 text-3xl font-bold tracking-tight text-slate-900">API reference</h1>
          <p className="mt-3 max-w-3xl text-slate-600">
            {doc.info.description?.split("\n").filter(Boolean).map((line, i) => (
              <span key={i} className="block">
                <Text>{line}</Text>
              </span>
            ))}
          </p>
          <div className="mt-5 flex flex-wrap items-center gap-3 text-sm">
            <a
              href="/api/openapi.json"
              className="inline-flex items-center gap-2 rounded-lg bg-slate-900 px-3 py-2 font-medium text-white hover:bg-slate-700"
            >
              OpenAPI {doc.openapi} document
              <span className="font-mono text-xs text-slate-300">/api/openapi.json</span>
            </a>
            <span className="text-slate-600">API version {doc.info.version}</span>
          </div>
        </header>

        <section id="authentication" className="scroll-mt-6 py-8">
          <h2 className="text-xl font-semibold text-slate-900">Authentication</h2>
          <p className="mt-2 max-w-3xl text-sm leading-relaxed text-slate-600">
            Scripts and CI send an API key as a bearer token. Create a key under Settings → API keys; it is shown once.
            In the browser, the session cookie from signing in works too, and writes must come from this server&apos;s origin.
          </p>
          <pre className="mt-4 overflow-x-auto rounded-lg bg-slate-900 p-4 font-mono text-sm leading-relaxed text-slate-100">
            <code>
              <span className="text-slate-500">Authorization:</span> Bearer qas_...
            </code>
          </pre>
          <pre className="mt-3 overflow-x-auto rounded-lg bg-slate-900 p-4 font-mono text-sm leading-relaxed text-slate-100">
            <code>{`curl -H "Authorization: Bearer $QA_STUDIO_API_KEY" \\
  http://localhost:3000/api/projects/DEMO/milestones?status=ACTIVE`}</code>
          </pre>
          <p className="mt-3 text-sm text-slate-600">
            A missing or unknown key answers <code className="font-mono text-slate-800">401</code>; a key without the
            needed role or a read-only key on a write answers <code className="font-mono text-slate-800">403</code>.
          </p>
        </section>

        {groups.map((g) => (
          <section key={g.name} id={tagAnchor(g.name)} className="scroll-mt-6 border-t border-slate-200 py-8">
            <h2 className="text-xl font-semibold text-slate-900">{g.name}</h2>
            {g.description && (
              <p className="mt-1 max-w-3xl text-sm text-slate-600">
                <Text>{g.description}</Text>
              </p>
            )}
            <div className="mt-5 space-y-6">
              {g.operations.map((v) => (
                <OperationCard key={v.id} doc={doc} view={v} />
              ))}
            </div>
          </section>
        ))}

        <section id="schemas" className="scroll-mt-6 border-t border-slate-200 py-8">
          <h2 className="text-xl font-semibold text-slate-900">Schemas</h2>
          <div className="mt-5 space-y-6">
            {schemaNames.map((name) => {
              const schema = doc.components.schemas[name];
              const rows = fieldRows(doc, schema);
              return (
                <div key={name} id={schemaAnchor(name)} className="scroll-mt-6 rounded-xl border border-slate-200 bg-white p-5 shadow-sm">
                  <h3 className="font-mono text-sm font-semibold text-slate-900">{name}</h3>
                  {rows.length > 0 ? (
                    <div className="mt-3">
                      <FieldTable rows={rows} />
                    </div>
                  ) : (
                    <p className="mt-2 font-mono text-xs text-slate-600">
                      {Array.isArray(schema.enum) ? schema.enum.join(" | ") : String(schema.type ?? "any")}
                    </p>
                  )}
                </div>
              );
            })}
          </div>
        </section>
      </main>
    </div>
  );
}
