"use client";

import { Badge } from "@/components/ui/badge";
import { formatDate } from "@/components/ui/format";
import { inputClass } from "@/components/ui/field";
import { useApiWrite } from "@/components/ui/use-api-write";
import type { Member } from "@/lib/members/schemas";
import { DataTable, TableHead, cell } from "@/components/ui/table";

const ROLES = ["ADMIN", "TESTER", "VIEWER"] as const;

const ROLE_HELP: Record<(typeof ROLES)[number], string> = {
  ADMIN: "manages members, settings, environments and milestones",
  TESTER: "creates and executes runs, writes results",
  VIEWER: "reads everything, writes nothing",
};

/**
 * The project's members. Everyone sees the list; only ADMINs (`canManage`) get the controls,
 * and the API refuses the same changes to anyone else.
 */
export function MembersManager({
  projectKey,
  members,
  canManage,
  currentUserId,
}: {
  projectKey: string;
  members: Member[];
  canManage: boolean;
  currentUserId: string;
}) {
  const { run, pending, error } = useApiWrite();
  const base = `/api/projects/${projectKey}/members`;

  return (
    <div className="space-y-4">
      {canManage && (
        <form
          className="flex flex-wrap items-end gap-3 rounded-lg border border-slate-200 bg-white p-4 shadow-sm"
          action={async (form) => {
            const added = await run("POST", base, { email: form.get("email"), role: form.get("role") });
            if (added) (document.getElementById("add-member-email") as HTMLInputElement | null)?.form?.reset();
          }}
        >
          <div className="min-w-64 flex-1">
            <label htmlFor="add-member-email" className="text-sm font-medium text-slate-700">Add a member by email</label>
            <input id="add-member-email" name="email" type="email" required placeholder="tess@example.com" className={inputClass} />
          </div>
          <div>
            <label htmlFor="add-member-role" className="text-sm font-medium text-slate-700">Role</label>
            <select id="add-member-role" name="role" defaultValue="TESTER" className={inputClass}>
              {ROLES.map((r) => (
                <option key={r} value={r}>{r}</option>
              ))}
            </select>
          </div>
          <button disabled={pending} className="rounded-md bg-indigo-600 px-3 py-2 text-sm font-semibold text-white hover:bg-indigo-500 disabled:opacity-60">
            Add member
          </button>
          <p className="w-full text-xs text-slate-600">
            The person needs an account first; an instance admin creates or invites users under Admin → Users.
          </p>
        </form>
      )}
      {error && <p role="alert" className="rounded-md bg-rose-50 px-3 py-2 text-sm text-rose-700">{error}</p>}

      <DataTable testId="members">
          <TableHead>
              <th className={cell()}>Member</th>
              <th className={cell()}>Role</th>
              <th className={cell()}>Joined</th>
              {canManage && <th className={cell()}><span className="sr-only">Actions</span></th>}
            </TableHead>
          <tbody className="divide-y divide-slate-100">
            {members.map((m) => (
              <tr key={m.userId} data-member-email={m.email}>
                <td className="px-4 py-3">
                  <div className="flex items-center gap-2 font-medium text-slate-900">
                    {m.name || m.email}
                    {m.userId === currentUserId && <Badge value="YOU" label="You" />}
                    {m.disabled && <Badge value="DISABLED" label="Disabled" />}
                  </div>
                  <div className="text-xs text-slate-600">{m.email}</div>
                </td>
                <td className="px-4 py-3">
                  {canManage ? (
                    <select
                      aria-label={`Role of ${m.email}`}
                      value={m.role}
                      disabled={pending}
                      onChange={(e) => run("PATCH", `${base}/${m.userId}`, { role: e.target.value })}
                      className={`${inputClass} mt-0 w-32`}
                    >
                      {ROLES.map((r) => (
                        <option key={r} value={r}>{r}</option>
                      ))}
                    </select>
                  ) : (
                    <Badge value={m.role} />
                  )}
                  <div className="mt-1 text-xs text-slate-600">{ROLE_HELP[m.role]}</div>
                </td>
                <td className="px-4 py-3 whitespace-nowrap text-slate-600">{formatDate(m.createdAt)}</td>
                {canManage && (
                  <td className="px-4 py-3 text-right">
                    <button
                      disabled={pending}
                      onClick={() =>
                        confirm(
                          m.userId === currentUserId
                            ? `Leave ${projectKey}? You lose access to it at once.`
                            : `Remove ${m.email} from ${projectKey}? They and their API keys lose access at once.`,
                        ) && run("DELETE", `${base}/${m.userId}`)
                      }
                      className="rounded-md px-2 py-1 text-sm text-rose-600 hover:bg-rose-50"
                      aria-label={`Remove ${m.email}`}
                    >
                      Remove
                    </button>
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </DataTable>
    </div>
  );
}
