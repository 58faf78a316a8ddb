"use client";

import { useApiWrite } from "@/components/ui/use-api-write";

/**
 * Archive hides a milestone from active views and keeps its history; Restore brings it back as it
 * was (COMPLETED if it had been completed, otherwise ACTIVE).
 */
export function ArchiveButton({ projectKey, milestone }: { projectKey: string; milestone: { id: string; name: string; status: string; completedAt: string | null } }) {
  const { run, pending, error } = useApiWrite();
  const archived = milestone.status === "ARCHIVED";
  const next = archived ? (milestone.completedAt ? "COMPLETED" : "ACTIVE") : "ARCHIVED";
  return (
    <span className="inline-flex items-center gap-1">
      <button
        type="button"
        disabled={pending}
        onClick={() => run("PATCH", `/api/projects/${projectKey}/milestones/${milestone.id}`, { status: next })}
        className="rounded-md px-2 py-1 text-sm text-slate-600 hover:bg-slate-100 disabled:opacity-50"
        aria-label={`${archived ? "Restore" : "Archive"} ${milestone.name}`}
      >
        {archived ? "Restore" : "Archive"}
      </button>
      {error && <span role="alert" className="text-xs text-rose-600">{error}</span>}
    </span>
  );
}
