import { ConfirmDeleteButton } from "@/components/ui/confirm-delete-button";

/** Lift, with a confirmation step in place: the case's failures block again at once. */
export function LiftQuarantineButton({ projectKey, caseKey }: { projectKey: string; caseKey: string }) {
  return (
    <ConfirmDeleteButton
      url={`/api/projects/${projectKey}/test-cases/${caseKey}/quarantine`}
      label="Lift"
      ariaLabel={`Lift the quarantine of ${caseKey}`}
      warning="Its failures will block again."
      confirmLabel="Lift quarantine"
      pendingLabel="Lifting…"
    />
  );
}
