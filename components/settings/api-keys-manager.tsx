"use client";

import { useState } from "react";
import { useApiWrite } from "@/components/ui/use-api-write";
import { formatDateTime } from "@/components/ui/format";
import type { ApiKey, CreatedApiKey } from "@/lib/tokens/schemas";
import { DataTable, TableHead, cell } from "@/components/ui/table";

type ProjectOption = { id: string; key: string; name: string };

export function ApiKeysManager({ keys: initialKeys, projects }: { keys: ApiKey[]; projects: ProjectOption[] }) {
  const { send } = useApiWrite();
  const [keys, setKeys] = useState(initialKeys);
  const [created, setCreated] = useState<CreatedApiKey | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [copied, setCopied] = useState(false);
  const [pending, setPending] = useState(false);

  async function create(form: FormData) {
    setPending(true);
    setError(null);
    const expires = String(form.get("expiresAt") ?? "");
    const res = await send<CreatedApiKey>("POST", "/api/api-keys", {
      name: form.get("name"),
      projectId: form.get("projectId") || null,
      readOnly: form.get("readOnly") === "on",
      expiresAt: expires ? new Date(`${expires}T23:59:59.999Z`).toISOString() : null,
    });
    setPending(false);
    if (!res.ok) return setError(res.message);
    const { key: _plain, ...listed } = res.data;
    setKeys((current) => [listed, ...current]);
    setCreated(res.data);
    setCopied(false);
  }

  async function revoke(key: ApiKey) {
    if (!confirm(`Revoke "${key.name}" (${key.prefix}…)? Anything using it stops working at once.`)) return;
    const res = await send("DELETE", `/api/api-keys/${key.id}`);
    if (!res.ok) return setError(res.message);
    setKeys((current) => current.map((k) => (k.id === key.id ? { ...k, revokedAt: new Date().toISOString() } : k)));
  }

  const input = "mt-1 block w-full rounded-md border border-slate-300 px-3 py-2 text-sm focus:border-indigo-500 focus:outline-none";
  const active = keys.filter((k) => !k.revokedAt);
  const revoked = keys.filter((k) => k.revokedAt);

  return (
    <div className="space-y-8">
      {created && (
        <div className="rounded-lg border border-emerald-200 bg-emerald-50 p-4" data-testid="new-key">
          <p className="font-medium text-emerald-900">Key &ldquo;{created.name}&rdquo; created. Copy it now: it will not be shown again.</p>
          <div className="mt-2 flex items-center gap-2">
            <code className="flex-1 overflow-x-auto rounded bg-white px-3 py-2 font-mono text-sm text-slate-900 ring-1 ring-emerald-200" data-testid="plain-key">
              {created.key}
            </code>
            <button
              onClick={async () => {
                await navigator.clipboard?.writeText(created.key);
                setCopied(true);
              }}
              className="rounded-md bg-emerald-700 px-3 py-2 text-sm font-semibold text-white hover:bg-emerald-600"
            >
              {copied ? "Copied" : "Copy"}
            </button>
            <button onClick={() => setCreated(null)} className="rounded-md px-3 py-2 text-sm text-emerald-800 hover:bg-emerald-100">Done</button>
          </div>
        </div>
      )}

      <form action={create} className="grid gap-4 rounded-lg border border-slate-200 bg-white p-5 shadow-sm sm:grid-cols-2">
        <h2 className="text-base font-semibold text-slate-900 sm:col-span-2">Create a key</h2>
        <div>
          <label htmlFor="key-name" className="text-sm font-medium text-slate-700">Name</label>
          <input id="key-name" name="name" required placeholder="GitHub Actions" className={input} />
        </div>
        <div>
          <label htmlFor="key-project" className="text-sm font-medium text-slate-700">Project</label>
          <select id="key-project" name="projectId" className={input} defaultValue="">
            <option value="">All my projects</option>
            {projects.map((p) => (
              <option key={p.id} value={p.id}>{p.name} ({p.key})</option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="key-expires" className="text-sm font-medium text-slate-700">Expires</label>
          <input id="key-expires" name="expiresAt" type="date" className={input} />
          <p className="mt-1 text-xs text-slate-600">Leave empty for a key that never expires.</p>
        </div>
        <label className="flex items-center gap-2 self-center text-sm text-slate-700">
          <input type="checkbox" name="readOnly" className="h-4 w-4 rounded border-slate-300" />
          Read-only (can read, cannot write)
        </label>
        {error && <p role="alert" className="text-sm text-rose-600 sm:col-span-2">{error}</p>}
        <div className="sm:col-span-2">
          <button disabled={pending} className="rounded-md bg-indigo-600 px-3 py-2 text-sm font-semibold text-white hover:bg-indigo-500 disabled:opacity-60">
            {pending ? "Creating…" : "Create key"}
          </button>
        </div>
      </form>

      <section>
        <h2 className="text-base font-semibold text-slate-900">Your keys</h2>
        {active.length === 0 ? (
          <p className="mt-2 text-sm text-slate-600">You have no active keys. CI jobs and scripts need one to call the API.</p>
        ) : (
          <DataTable testId="api-keys" className="mt-3">
              <TableHead>
                  <th className={cell()}>Name</th>
                  <th className={cell()}>Key</th>
                  <th className={cell()}>Scope</th>
                  <th className={cell()}>Created</th>
                  <th className={cell()}>Last used</th>
                  <th className={cell()}>Expires</th>
                  <th className={cell()} />
                </TableHead>
              <tbody className="divide-y divide-slate-100">
                {active.map((k) => (
                  <tr key={k.id}>
                    <td className="px-4 py-3 font-medium text-slate-900">{k.name}</td>
                    <td className="px-4 py-3 font-mono text-xs text-slate-600">{k.prefix}…</td>
                    <td className="px-4 py-3 text-slate-600">
                      {k.project ? k.project.key : "All projects"}
                      {k.readOnly && <span className="ml-2 rounded bg-slate-100 px-1.5 py-0.5 text-xs">read-only</span>}
                    </td>
                    <td className="px-4 py-3 text-slate-600">{formatDateTime(k.createdAt)}</td>
                    <td className="px-4 py-3 text-slate-600">{k.lastUsedAt ? formatDateTime(k.lastUsedAt) : "Never"}</td>
                    <td className="px-4 py-3 text-slate-600">{k.expiresAt ? formatDateTime(k.expiresAt) : "Never"}</td>
                    <td className="px-4 py-3 text-right">
                      <button onClick={() => revoke(k)} className="rounded-md px-2 py-1 text-rose-600 hover:bg-rose-50">Revoke</button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </DataTable>
        )}
        {revoked.length > 0 && (
          <p className="mt-3 text-xs text-slate-600">
            Revoked: {revoked.map((k) => `${k.name} (${k.prefix}…)`).join(", ")}
          </p>
        )}
      </section>
    </div>
  );
}
