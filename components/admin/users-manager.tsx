"use client";

import { useState } from "react";
import { Badge } from "@/components/ui/badge";
import { formatDate } from "@/components/ui/format";
import { inputClass } from "@/components/ui/field";
import { useApiWrite } from "@/components/ui/use-api-write";
import type { SavedUser, User } from "@/lib/users/schemas";
import { DataTable, TableHead, cell } from "@/components/ui/table";

type Secret = { email: string; password: string; reason: "invited" | "reset" };
type Editing = { userId: string; what: "rename" | "password" } | null;

const buttonClass = "rounded-md px-2 py-1 text-sm hover:bg-slate-100";
const primaryClass = "rounded-md bg-indigo-600 px-3 py-2 text-sm font-semibold text-white hover:bg-indigo-500 disabled:opacity-60";

/** Create or invite users, and rename, reset, disable or promote them. Passwords the server generates are shown once. */
export function UsersManager({ users, currentUserId }: { users: User[]; currentUserId: string }) {
  const { run, pending, error, setError } = useApiWrite();
  const [secret, setSecret] = useState<Secret | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [editing, setEditing] = useState<Editing>(null);
  const [copied, setCopied] = useState(false);

  function showSecret(user: SavedUser, reason: Secret["reason"]) {
    setCopied(false);
    setSecret(user.temporaryPassword ? { email: user.email, password: user.temporaryPassword, reason } : null);
  }

  async function create(form: FormData) {
    setNotice(null);
    const password = String(form.get("password") ?? "");
    const user = await run<SavedUser>("POST", "/api/users", {
      email: form.get("email"),
      name: form.get("name"),
      ...(password ? { password } : {}),
      isAdmin: form.get("isAdmin") === "on",
    });
    if (!user) return;
    showSecret(user, "invited");
    if (!user.temporaryPassword) setNotice(`${user.email} can now sign in with the password you chose.`);
    (document.getElementById("new-user-form") as HTMLFormElement | null)?.reset();
  }

  async function patch(user: User, body: Record<string, unknown>, done?: (saved: SavedUser) => void) {
    setNotice(null);
    const saved = await run<SavedUser>("PATCH", `/api/users/${user.id}`, body);
    if (!saved) return;
    setEditing(null);
    done?.(saved);
  }

  return (
    <div className="space-y-8">
      {secret && (
        <div className="rounded-lg border border-emerald-200 bg-emerald-50 p-4" data-testid="temporary-password">
          <p className="font-medium text-emerald-900">
            {secret.reason === "invited" ? "User invited." : "Password reset."} Temporary password for {secret.email}. Copy it now: it will not be shown again.
          </p>
          <p className="mt-1 text-sm text-emerald-800">
            QA Studio does not send e-mail. Give this password to the person yourself, over a channel you trust.
          </p>
          <div className="mt-2 flex items-center gap-2">
            <code className="flex-1 overflow-x-auto rounded bg-white px-3 py-2 font-mono text-sm text-slate-900 ring-1 ring-emerald-200" data-testid="plain-password">
              {secret.password}
            </code>
            <button
              onClick={async () => {
                await navigator.clipboard?.writeText(secret.password);
                setCopied(true);
              }}
              className="rounded-md bg-emerald-700 px-3 py-2 text-sm font-semibold text-white hover:bg-emerald-600"
            >
              {copied ? "Copied" : "Copy"}
            </button>
            <button onClick={() => setSecret(null)} className="rounded-md px-3 py-2 text-sm text-emerald-800 hover:bg-emerald-100">Done</button>
          </div>
        </div>
      )}
      {notice && <p role="status" className="rounded-md bg-slate-100 px-3 py-2 text-sm text-slate-700">{notice}</p>}

      <form id="new-user-form" action={create} className="grid gap-4 rounded-lg border border-slate-200 bg-white p-5 shadow-sm sm:grid-cols-2">
        <div className="sm:col-span-2">
          <h2 className="text-base font-semibold text-slate-900">Create or invite a user</h2>
          <p className="mt-1 text-sm text-slate-600">
            Leave the password empty to invite: a temporary password is generated and shown here once. No e-mail is sent.
          </p>
        </div>
        <div>
          <label htmlFor="user-email" className="text-sm font-medium text-slate-700">Email</label>
          <input id="user-email" name="email" type="email" required className={inputClass} placeholder="tess@example.com" />
        </div>
        <div>
          <label htmlFor="user-name" className="text-sm font-medium text-slate-700">Name</label>
          <input id="user-name" name="name" required className={inputClass} placeholder="Tess Tester" />
        </div>
        <div>
          <label htmlFor="user-password" className="text-sm font-medium text-slate-700">Password (optional)</label>
          <input id="user-password" name="password" type="password" minLength={8} autoComplete="new-password" className={inputClass} />
          <p className="mt-1 text-xs text-slate-600">At least 8 characters.</p>
        </div>
        <label className="flex items-center gap-2 self-center text-sm text-slate-700">
          <input type="checkbox" name="isAdmin" className="h-4 w-4 rounded border-slate-300" />
          Instance admin (manages users and every project)
        </label>
        <div className="sm:col-span-2">
          <button disabled={pending} className={primaryClass}>{pending ? "Saving…" : "Create user"}</button>
        </div>
      </form>

      {error && (
        <p role="alert" className="flex items-start justify-between gap-3 rounded-md bg-rose-50 px-3 py-2 text-sm text-rose-700">
          {error}
          <button onClick={() => setError(null)} className="text-rose-800 hover:underline">Dismiss</button>
        </p>
      )}

      <DataTable testId="users">
          <TableHead>
              <th className={cell()}>User</th>
              <th className={cell()}>Status</th>
              <th className={cell()}>Created</th>
              <th className={cell()}><span className="sr-only">Actions</span></th>
            </TableHead>
          <tbody className="divide-y divide-slate-100">
            {users.map((u) => {
              const self = u.id === currentUserId;
              const editingThis = editing?.userId === u.id ? editing.what : null;
              return (
                <tr key={u.id} data-user-email={u.email} className={u.disabled ? "bg-slate-50 text-slate-600" : undefined}>
                  <td className="px-4 py-3 align-top">
                    {editingThis === "rename" ? (
                      <form className="flex items-center gap-2" action={(form) => patch(u, { name: form.get("name") })}>
                        <input name="name" defaultValue={u.name} required aria-label={`New name for ${u.email}`} className={`${inputClass} mt-0`} autoFocus />
                        <button disabled={pending} className={primaryClass}>Save</button>
                        <button type="button" onClick={() => setEditing(null)} className={buttonClass}>Cancel</button>
                      </form>
                    ) : (
                      <>
                        <div className="font-medium text-slate-900">{u.name || "—"}</div>
                        <div className="text-xs text-slate-600">{u.email}</div>
                      </>
                    )}
                    {editingThis === "password" && (
                      <div className="mt-2 flex flex-wrap items-center gap-2">
                        <form className="flex items-center gap-2" action={(form) => patch(u, { password: form.get("password") }, () => setNotice(`Password of ${u.email} changed.`))}>
                          <input
                            name="password"
                            type="password"
                            minLength={8}
                            required
                            autoComplete="new-password"
                            placeholder="New password"
                            aria-label={`New password for ${u.email}`}
                            className={`${inputClass} mt-0`}
                          />
                          <button disabled={pending} className={primaryClass}>Set</button>
                        </form>
                        <span className="text-xs text-slate-600">or</span>
                        <button disabled={pending} onClick={() => patch(u, { generatePassword: true }, (saved) => showSecret(saved, "reset"))} className={`${buttonClass} text-indigo-600`}>
                          Generate one
                        </button>
                        <button type="button" onClick={() => setEditing(null)} className={buttonClass}>Cancel</button>
                      </div>
                    )}
                  </td>
                  <td className="px-4 py-3 align-top">
                    <div className="flex flex-wrap gap-1">
                      {u.disabled ? <Badge value="DISABLED" label="Disabled" /> : <Badge value="ACTIVE" label="Active" />}
                      {u.isAdmin && <Badge value="ADMIN" label="Instance admin" />}
                      {self && <Badge value="YOU" label="You" />}
                    </div>
                    {u.disabledAt && <div className="mt-1 text-xs text-slate-600">since {formatDate(u.disabledAt)}</div>}
                  </td>
                  <td className="px-4 py-3 align-top whitespace-nowrap text-slate-600">{formatDate(u.createdAt)}</td>
                  <td className="px-4 py-3 text-right align-top whitespace-nowrap">
                    <button onClick={() => setEditing({ userId: u.id, what: "rename" })} className={`${buttonClass} text-indigo-600`} aria-label={`Rename ${u.email}`}>
                      Rename
                    </button>
                    <button onClick={() => setEditing({ userId: u.id, what: "password" })} className={`${buttonClass} text-indigo-600`} aria-label={`Reset password of ${u.email}`}>
                      Reset password
                    </button>
                    {!self && (
                      <>
                        <button
                          disabled={pending}
                          onClick={() => patch(u, { isAdmin: !u.isAdmin })}
                          className={`${buttonClass} text-slate-600`}
                          aria-label={`${u.isAdmin ? "Remove admin rights of" : "Make admin"} ${u.email}`}
                        >
                          {u.isAdmin ? "Remove admin" : "Make admin"}
                        </button>
                        {u.disabled ? (
                          <button disabled={pending} onClick={() => patch(u, { disabled: false })} className={`${buttonClass} text-emerald-700`} aria-label={`Enable ${u.email}`}>
                            Enable
                          </button>
                        ) : (
                          <button
                            disabled={pending}
                            onClick={() =>
                              confirm(`Disable ${u.email}? They are signed out and their API keys stop working at once.`) && patch(u, { disabled: true })
                            }
                            className={`${buttonClass} text-rose-600`}
                            aria-label={`Disable ${u.email}`}
                          >
                            Disable
                          </button>
                        )}
                      </>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </DataTable>
    </div>
  );
}
