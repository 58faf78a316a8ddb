"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { useApiWrite } from "@/components/ui/use-api-write";
import type { Project } from "@/lib/projects/schemas";

export function NewProjectForm() {
  const router = useRouter();
  const { send } = useApiWrite();
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<{ message: string; fields: Record<string, string> } | null>(null);
  const [pending, setPending] = useState(false);

  async function submit(form: FormData) {
    setPending(true);
    const res = await send<Project>("POST", "/api/projects", {
      name: form.get("name"),
      key: form.get("key"),
      description: form.get("description") ?? "",
    });
    setPending(false);
    if (!res.ok) return setError(res);
    router.push(`/projects/${res.data.key}`);
  }

  if (!open) {
    return (
      <button onClick={() => setOpen(true)} className="rounded-md bg-indigo-600 px-3 py-2 text-sm font-semibold text-white shadow-sm hover:bg-indigo-500">
        New project
      </button>
    );
  }
  const input = "mt-1 block w-full rounded-md border border-slate-300 px-3 py-2 text-sm focus:border-indigo-500 focus:outline-none";
  return (
    <form action={submit} className="w-full space-y-3 rounded-lg border border-slate-200 bg-white p-4 shadow-sm sm:w-96">
      <div>
        <label className="text-sm font-medium text-slate-700" htmlFor="project-name">Name</label>
        <input id="project-name" name="name" required className={input} placeholder="Web Shop" />
        {error?.fields.name && <p className="mt-1 text-xs text-rose-600">{error.fields.name}</p>}
      </div>
      <div>
        <label className="text-sm font-medium text-slate-700" htmlFor="project-key">Key</label>
        <input id="project-key" name="key" required className={`${input} uppercase`} placeholder="SHOP" maxLength={10} />
        <p className="mt-1 text-xs text-slate-600">2–10 letters or digits; test cases are numbered SHOP-1, SHOP-2…</p>
        {error?.fields.key && <p className="mt-1 text-xs text-rose-600">{error.fields.key}</p>}
      </div>
      <div>
        <label className="text-sm font-medium text-slate-700" htmlFor="project-description">Description</label>
        <textarea id="project-description" name="description" rows={2} className={input} />
      </div>
      {error && !Object.keys(error.fields).length && <p className="text-sm text-rose-600">{error.message}</p>}
      <div className="flex justify-end gap-2">
        <button type="button" onClick={() => setOpen(false)} className="rounded-md px-3 py-2 text-sm text-slate-600 hover:bg-slate-100">Cancel</button>
        <button disabled={pending} className="rounded-md bg-indigo-600 px-3 py-2 text-sm font-semibold text-white hover:bg-indigo-500 disabled:opacity-60">
          {pending ? "Creating…" : "Create project"}
        </button>
      </div>
    </form>
  );
}
