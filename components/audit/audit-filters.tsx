import Link from "next/link";
import type { AuditActorOption } from "@/lib/audit/schemas";
import { kindLabel } from "./labels";

export type AuditFilterValues = { actor?: string; action?: string; from?: string; to?: string };

const fieldClass =
  "mt-1 block w-full rounded-md border border-slate-300 bg-white px-2.5 py-1.5 text-sm text-slate-900 shadow-sm focus:border-indigo-500 focus:ring-1 focus:ring-indigo-500 focus:outline-none";

/** A plain GET form: the filters live in the URL, so a filtered view can be bookmarked and shared. */
export function AuditFilters({
  action,
  values,
  actors,
  actions,
}: {
  /** The page's own path; the form submits to it and "Clear" returns to it. */
  action: string;
  values: AuditFilterValues;
  actors: AuditActorOption[];
  /** Every action recorded in the project, e.g. `milestone.update`. */
  actions: string[];
}) {
  const kinds = [...new Set(actions.map((a) => a.split(".")[0]))];
  // A filter typed into the URL (an email, an action not recorded yet) is kept as an option.
  const actorKnown = !values.actor || actors.some((a) => a.userId === values.actor || a.email.toLowerCase() === values.actor?.toLowerCase());
  const actionKnown = !values.action || kinds.includes(values.action) || actions.includes(values.action);
  const actorValue = actors.find((a) => a.email.toLowerCase() === values.actor?.toLowerCase())?.userId ?? values.actor ?? "";
  const dateValue = (v?: string) => (v && /^\d{4}-\d{2}-\d{2}$/.test(v) ? v : undefined);

  return (
    <form method="get" action={action} className="flex flex-wrap items-end gap-3 rounded-lg border border-slate-200 bg-white p-4 shadow-sm" aria-label="Filter the audit log">
      <label className="min-w-48 flex-1 text-sm font-medium text-slate-700">
        Actor
        <select name="actor" defaultValue={actorValue} className={fieldClass}>
          <option value="">Anyone</option>
          {!actorKnown && <option value={values.actor}>{values.actor}</option>}
          {actors.map((a) => (
            <option key={a.userId} value={a.userId}>
              {a.name ? `${a.name} (${a.email})` : a.email}
            </option>
          ))}
        </select>
      </label>
      <label className="min-w-48 flex-1 text-sm font-medium text-slate-700">
        Kind
        <select name="action" defaultValue={values.action ?? ""} className={fieldClass}>
          <option value="">All changes</option>
          {!actionKnown && <option value={values.action}>{values.action}</option>}
          {kinds.map((kind) => (
            <optgroup key={kind} label={kindLabel(kind)}>
              <option value={kind}>All {kindLabel(kind).toLowerCase()} changes</option>
              {actions
                .filter((a) => a.startsWith(`${kind}.`))
                .map((a) => (
                  <option key={a} value={a}>
                    {a}
                  </option>
                ))}
            </optgroup>
          ))}
        </select>
      </label>
      <label className="text-sm font-medium text-slate-700">
        From
        <input type="date" name="from" defaultValue={dateValue(values.from)} className={fieldClass} />
      </label>
      <label className="text-sm font-medium text-slate-700">
        To
        <input type="date" name="to" defaultValue={dateValue(values.to)} className={fieldClass} />
      </label>
      <div className="flex items-center gap-2">
        <button className="rounded-md bg-indigo-600 px-3 py-1.5 text-sm font-semibold text-white shadow-sm hover:bg-indigo-500">Apply</button>
        <Link href={action} className="rounded-md px-2 py-1.5 text-sm text-slate-600 hover:bg-slate-100 hover:text-slate-900">
          Clear
        </Link>
      </div>
    </form>
  );
}
