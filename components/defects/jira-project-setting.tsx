import Link from "next/link";
import { JiraProjectForm } from "./jira-project-form";

/** Settings section: which Jira project this project's defects are filed in. */
export function JiraProjectSetting({
  projectKey,
  jira,
  isAdmin,
  canEdit,
}: {
  projectKey: string;
  jira: { jiraConfigured: boolean; jiraProjectKey: string | null };
  isAdmin: boolean;
  canEdit: boolean;
}) {
  return (
    <section className="mt-8 max-w-3xl rounded-lg border border-slate-200 bg-white p-5 shadow-sm" aria-labelledby="jira-heading">
      <h2 id="jira-heading" className="mb-1 text-base font-semibold text-slate-900">Jira defects</h2>
      <p className="mb-4 text-sm text-slate-600">
        Testers file a failed entry as a Jira issue with one click; its status shows next to the failure and in the milestone checklist.
        {!jira.jiraConfigured && (
          <>
            {" "}
            Jira is not connected yet
            {isAdmin ? (
              <>
                : <Link href="/admin/integrations" className="font-medium text-indigo-600 hover:underline">connect it</Link>.
              </>
            ) : (
              "; an instance admin connects it."
            )}
          </>
        )}
      </p>
      <JiraProjectForm projectKey={projectKey} jiraProjectKey={jira.jiraProjectKey} canEdit={canEdit} />
    </section>
  );
}
