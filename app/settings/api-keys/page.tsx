import type { Metadata } from "next";
import { AppShell } from "@/app/_shell/app-shell";
import { ApiKeysManager } from "@/components/settings/api-keys-manager";
import { pageContext } from "@/lib/auth/page-context";
import { listProjects } from "@/lib/projects/queries";
import { listApiKeys } from "@/lib/tokens/queries";

export const metadata: Metadata = { title: "API keys" };

export default async function ApiKeysPage() {
  const ctx = await pageContext();
  const [keys, projects] = await Promise.all([listApiKeys(ctx, { limit: 200 }), listProjects(ctx, { limit: 200 })]);
  return (
    <AppShell actor={ctx.actor}>
      <h1 className="text-2xl font-semibold text-slate-900">API keys</h1>
      <p className="mt-1 max-w-2xl text-sm text-slate-600">
        Keys let CI jobs and scripts call the API as you: send <code className="rounded bg-slate-100 px-1">Authorization: Bearer qas_…</code>.
        A key never does more than you can, and can be limited to one project or to reading.
      </p>
      <div className="mt-6">
        <ApiKeysManager keys={keys.data} projects={projects.data.map((p) => ({ id: p.id, key: p.key, name: p.name }))} />
      </div>
    </AppShell>
  );
}
