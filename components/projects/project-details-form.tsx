"use client";

import { Field, inputClass } from "@/components/ui/field";
import { useApiWrite } from "@/components/ui/use-api-write";
import type { Project } from "@/lib/projects/schemas";

export function ProjectDetailsForm({ project }: { project: Pick<Project, "key" | "name" | "description"> }) {
  const { run, pending, error } = useApiWrite();
  return (
    <form
      className="space-y-4"
      action={async (form) => {
        await run("PATCH", `/api/projects/${project.key}`, { name: form.get("name"), description: form.get("description") ?? "" });
      }}
    >
      <Field label="Name" htmlFor="project-name">
        <input id="project-name" name="name" required defaultValue={project.name} className={inputClass} />
      </Field>
      <Field label="Description" htmlFor="project-description">
        <textarea id="project-description" name="description" rows={3} defaultValue={project.description} className={inputClass} />
      </Field>
      <p className="text-xs text-slate-600">The key {project.key} cannot change: test case keys and CI scripts use it.</p>
      {error && <p role="alert" className="text-sm text-rose-600">{error}</p>}
      <button disabled={pending} className="rounded-md bg-indigo-600 px-3 py-2 text-sm font-semibold text-white hover:bg-indigo-500 disabled:opacity-60">
        {pending ? "Saving…" : "Save"}
      </button>
    </form>
  );
}
