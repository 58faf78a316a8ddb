import type { Metadata } from "next";
import { AppShell } from "@/app/_shell/app-shell";
import { MembersManager } from "@/components/members/members-manager";
import { ProjectHeader } from "@/components/projects/project-header";
import { projectPageContext } from "@/lib/auth/page-context";
import { allowed } from "@/lib/auth/permissions";
import { listMembers } from "@/lib/members/queries";
import { getProject } from "@/lib/projects/queries";

export const metadata: Metadata = { title: "Members" };

export default async function ProjectMembersPage({ params }: { params: Promise<{ projectId: string }> }) {
  const ctx = await projectPageContext((await params).projectId);
  const [project, members] = await Promise.all([getProject(ctx), listMembers(ctx, { limit: 200 })]);
  const canManage = allowed(ctx, "member:manage");
  return (
    <AppShell actor={ctx.actor}>
      <ProjectHeader project={project} current="members" />
      <p className="mt-6 max-w-3xl text-sm text-slate-600">
        {canManage
          ? "Add people who already have an account, change their role or remove them. A project always keeps at least one ADMIN."
          : "Who can see this project, and with which role. Project admins manage the list."}{" "}
        Instance admins can act as ADMIN in every project without being listed.
      </p>
      <div className="mt-4">
        <MembersManager projectKey={project.key} members={members.data} canManage={canManage} currentUserId={ctx.actor.userId} />
      </div>
      {members.nextCursor && <p className="mt-3 text-xs text-slate-600">Showing the first {members.data.length} members by email.</p>}
    </AppShell>
  );
}
