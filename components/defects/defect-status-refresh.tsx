"use client";

import { useRouter } from "next/navigation";
import { useEffect } from "react";

/**
 * Renders nothing: on a milestone page it asks for the open failures' defects, which reads stale
 * Jira statuses again, and re-renders the page when any status was refreshed.
 */
export function DefectStatusRefresh({ projectKey, milestoneId }: { projectKey: string; milestoneId: string }) {
  const router = useRouter();
  useEffect(() => {
    let live = true;
    fetch(`/api/projects/${encodeURIComponent(projectKey)}/defects?milestoneId=${encodeURIComponent(milestoneId)}`)
      .then((res) => (res.ok ? res.json() : null))
      .then((body: { refreshed?: number } | null) => {
        if (live && body?.refreshed) router.refresh();
      })
      .catch(() => {});
    return () => {
      live = false;
    };
  }, [projectKey, milestoneId, router]);
  return null;
}
