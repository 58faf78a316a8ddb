import type { AuditLogEntry } from "@/lib/audit/schemas";
import { actionLabel, actionTone, kindLabel } from "./labels";
import { TableHead, cell } from "@/components/ui/table";

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MAX_VALUE_CHARS = 80;

function formatTime(iso: string): string {
  return (
    new Date(iso).toLocaleString("en-GB", {
      day: "numeric",
      month: "short",
      year: "numeric",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
      timeZone: "UTC",
    }) + " UTC"
  );
}

/** One recorded value, short enough for a table cell; the full value is in the tooltip. */
function Value({ value }: { value: unknown }) {
  if (value === null || value === undefined) return <span className="text-slate-500 italic">none</span>;
  if (value === "") return <span className="text-slate-500 italic">empty</span>;
  if (typeof value === "string" && UUID.test(value)) {
    return (
      <span className="font-mono text-slate-800" title={value}>
        {value.slice(0, 8)}
      </span>
    );
  }
  const text =
    typeof value === "string"
      ? ISO_INSTANT.test(value) && !Number.isNaN(Date.parse(value))
        ? formatTime(value)
        : value
      : JSON.stringify(value);
  const short = text.length > MAX_VALUE_CHARS ? `${text.slice(0, MAX_VALUE_CHARS - 1)}…` : text;
  return (
    <span className="break-words text-slate-800" title={short === text ? undefined : text}>
      {short}
    </span>
  );
}

const isBlank = (v: unknown) => v === null || v === undefined || v === "";

/**
 * The changed fields: `field: before → after` for updates, the values alone for creates and
 * deletes, where blank values (no description, no parent) are left out to keep rows short.
 */
function Changes({ before, after }: Pick<AuditLogEntry, "before" | "after">) {
  const fields = [...new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})])].filter(
    (f) => (before !== null && after !== null) || !isBlank((before ?? after)?.[f]),
  );
  if (fields.length === 0) return <span className="text-slate-500">No field changed</span>;
  return (
    <dl className="space-y-0.5 text-xs">
      {fields.map((field) => {
        const had = before !== null && field in before;
        const has = after !== null && field in after;
        return (
          <div key={field} className="flex flex-wrap gap-x-1.5">
            <dt className="font-medium text-slate-600">{field}:</dt>
            <dd className="flex flex-wrap items-baseline gap-x-1.5">
              {had && (
                <span className={has ? "line-through decoration-slate-300" : ""}>
                  <Value value={before?.[field]} />
                </span>
              )}
              {had && has && (
                <span aria-label="changed to" className="text-slate-500">
                  →
                </span>
              )}
              {has && <Value value={after?.[field]} />}
            </dd>
          </div>
        );
      })}
    </dl>
  );
}

/** The entity's name when the change recorded one, otherwise its type alone. */
function entityName(entry: AuditLogEntry): string | null {
  const name = entry.after?.name ?? entry.before?.name;
  return typeof name === "string" ? name : null;
}

export function AuditLogTable({ entries }: { entries: AuditLogEntry[] }) {
  return (
    <div className="relative overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm" tabIndex={0} role="region" aria-label="Audit entries (scrolls sideways)">
      <table className="min-w-full divide-y divide-slate-200 text-sm" data-testid="audit-log">
        <TableHead>
            <th className={cell()}>Time</th>
            <th className={cell()}>Actor</th>
            <th className={cell()}>Action</th>
            <th className={cell()}>Entity</th>
            <th className={cell()}>Changes</th>
          </TableHead>
        <tbody className="divide-y divide-slate-100 align-top">
          {entries.map((e) => {
            const name = entityName(e);
            return (
              <tr key={e.id}>
                <td className="px-4 py-3 whitespace-nowrap text-slate-600">
                  <time dateTime={e.createdAt} title={e.requestId ? `Request ${e.requestId}` : undefined}>
                    {formatTime(e.createdAt)}
                  </time>
                </td>
                <td className="px-4 py-3">
                  {e.actor ? (
                    <>
                      <div className="font-medium text-slate-900">{e.actor.name || e.actor.email}</div>
                      {e.actor.name && <div className="text-xs text-slate-600">{e.actor.email}</div>}
                    </>
                  ) : (
                    <div className="text-slate-600 italic">Deleted user</div>
                  )}
                  {e.apiKey && (
                    <div className="mt-0.5 text-xs text-slate-600">
                      via API key {e.apiKey.name} (<span className="font-mono">{e.apiKey.prefix}…</span>)
                    </div>
                  )}
                </td>
                <td className="px-4 py-3">
                  <span className={`inline-flex items-center rounded-full px-2 py-0.5 text-xs font-medium whitespace-nowrap ring-1 ring-inset ${actionTone(e.action)}`}>
                    {actionLabel(e.action)}
                  </span>
                  <div className="mt-0.5 font-mono text-xs text-slate-500">{e.action}</div>
                </td>
                <td className="px-4 py-3">
                  <div className="text-slate-800">{name ?? kindLabel(e.entityType)}</div>
                  <div className="text-xs text-slate-600">
                    {name && `${kindLabel(e.entityType)} · `}
                    {e.entityId && (
                      <span className="font-mono" title={e.entityId}>
                        {e.entityId.slice(0, 8)}
                      </span>
                    )}
                  </div>
                </td>
                <td className="max-w-md px-4 py-3">
                  <Changes before={e.before} after={e.after} />
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
