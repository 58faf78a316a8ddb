"use client";

import { useRouter } from "next/navigation";
import { useFormApi } from "@/components/cases/form-kit";
import type { TestCase } from "@/lib/cases/schemas";

/** Duplicate (opens the copy) and archive / restore, for testers. */
export function CaseActions({ projectKey, testCase }: { projectKey: string; testCase: Pick<TestCase, "id" | "key" | "archived"> }) {
  const router = useRouter();
  const { send, pending, error } = useFormApi();
  const api = `/api/projects/${projectKey}/test-cases/${testCase.id}`;
  const button = "rounded-md bg-white px-3 py-1.5 text-sm font-medium text-slate-700 shadow-sm ring-1 ring-slate-300 ring-inset hover:bg-slate-50 disabled:opacity-50";
  return (
    <div className="flex flex-wrap items-center gap-2">
      {error && <span role="alert" className="text-sm text-rose-700">{error}</span>}
      <button
        type="button"
        disabled={pending}
        className={button}
        onClick={async () => {
          const copy = await send<TestCase>("POST", `${api}/duplicate`);
          if (copy) router.push(`/projects/${projectKey}/cases/${copy.key}?duplicated=${encodeURIComponent(testCase.key)}`);
        }}
      >
        Duplicate
      </button>
      {testCase.archived ? (
        <button type="button" disabled={pending} className={button} onClick={() => send("PATCH", api, { archived: false })}>
          Restore
        </button>
      ) : (
        <button
          type="button"
          disabled={pending}
          className="rounded-md bg-white px-3 py-1.5 text-sm font-medium text-rose-700 shadow-sm ring-1 ring-rose-200 ring-inset hover:bg-rose-50 disabled:opacity-50"
          onClick={() => {
            if (window.confirm(`Archive ${testCase.key}? It leaves the library and new runs, keeps its history, and can be restored.`)) void send("DELETE", api);
          }}
        >
          Archive
        </button>
      )}
    </div>
  );
}
