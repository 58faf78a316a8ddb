import type { AuditLogEntry } from "@/lib/audit/schemas";
import { actionLabel, actionTone, kindLabel } from "./labels";
import { TableHead, cell } from "@/components/ui/table";

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MAX_VALUE_CHARS = 120;

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

type Names = Record<string, string>;

/** Long text stays whole, folded behind its beginning. */
function Text({ text }: { text: string }) {
  if (text.length <= MAX_VALUE_CHARS) return <span className="break-words text-slate-800">{text}</span>;
  return (
    <details className="inline text-slate-800">
      <summary className="cursor-pointer break-words">{text.slice(0, MAX_VALUE_CHARS - 1)}…</summary>
      <span className="break-words whitespace-pre-line">{text}</span>
    </details>
  );
}

/**
 * One recorded value, readable: ids by the name of what they point at (the id in the tooltip),
 * times in UTC, and structured values (a case's steps, lists of ids) as lists rather than JSON.
 */
function Value({ value, names }: { value: unknown; names: Names }) {
  if (value === null || value === undefined) return <span className="text-slate-500 italic">none</span>;
  if (value === "") return <span className="text-slate-500 italic">empty</span>;
  if (typeof value === "boolean") return <span className="text-slate-800">{value ? "yes" : "no"}</span>;
  if (typeof value === "number") return <span className="text-slate-800 tabular-nums">{value}</span>;
  if (typeof value === "string") {
    if (UUID.test(value)) {
      return names[value] ? (
        <span className="text-slate-800" title={value}>{names[value]}</span>
      ) : (
        <span className="font-mono text-slate-800" title={value}>{value.slice(0, 8)}</span>
      );
    }
    if (ISO_INSTANT.test(value) && !Number.isNaN(Date.parse(value))) return <span className="text-slate-800">{formatTime(value)}</span>;
    return <Text text={value} />;
  }
  if (Array.isArray(value)) {
    if (value.length === 0) return <span className="text-slate-500 italic">none</span>;
    if (value.every((v) => v === null || typeof v !== "object")) {
      return (
        <span>
          {value.map((v, i) => (
            <span key={i}>
              {i > 0 && ", "}
              <Value value={v} names={names} />
            </span>
          ))}
        </span>
      );
    }
    return (
      <ol className="list-decimal space-y-0.5 pl-5">
        {value.map((v, i) => (
          <li key={i}>
            <Value value={v} names={names} />
          </li>
        ))}
      </ol>
    );
  }
  if (typeof value === "object") {
    const fields = Object.entries(value as Record<string, unknown>).filter(([, v]) => !isBlank(v));
    if (fields.length === 0) return <span className="text-slate-500 italic">empty</span>;
    return (
      <span className="inline-flex flex-col">
        {fields.map(([k, v]) => (
          <span key={k}>
            <span className="text-slate-500">{k}: </span>
            <Value value={v} names={names} />
          </span>
        ))}
      </span>
    );
  }
  return <Text text={String(value)} />;
}

const isBlank = (v: unknown) => v === null || v === undefined || v === "";
/** Lists of objects and objects are shown before above after, each as a list. */
const isStructured = (v: unknown) => (Array.isArray(v) && v.some((x) => x !== null && typeof x === "object")) || (!!v && typeof v === "object" && !Array.isArray(v));

/**
 * The changed fields: `field: before → after` for updates, the values alone for creates and
 * deletes, where blank values (no description, no parent) are left out to keep rows short.
 */
function Changes({ before, after, names }: Pick<AuditLogEntry, "before" | "after" | "names">) {
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
            <dd className={`flex gap-x-1.5 ${isStructured(before?.[field]) || isStructured(after?.[field]) ? "w-full flex-col gap-y-1 pl-2" : "flex-wrap items-baseline"}`}>
              {had && (
                <span className={has ? "line-through decoration-slate-300" : ""}>
                  <Value value={before?.[field]} names={names} />
                </span>
              )}
              {had && has && (
                <span aria-label="changed to" className="text-slate-500">
                  {isStructured(before?.[field]) || isStructured(after?.[field]) ? "↓ became" : "→"}
                </span>
              )}
              {has && <Value value={after?.[field]} names={names} />}
            </dd>
          </div>
        );
      })}
    </dl>
  );
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
            const name = e.entityName;
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
                  <div className="text-slate-800" title={e.entityId ?? undefined} data-testid="audit-entity">{name ?? kindLabel(e.entityType)}</div>
                  <div className="text-xs text-slate-600">
                    {name ? (
                      kindLabel(e.entityType)
                    ) : (
                      e.entityId && (
                        <span className="font-mono" title={e.entityId}>
                          {e.entityId.slice(0, 8)}
                        </span>
                      )
                    )}
                  </div>
                </td>
                <td className="max-w-md px-4 py-3">
                  <Changes before={e.before} after={e.after} names={e.names} />
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
