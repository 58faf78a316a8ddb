import { ConfirmDeleteButton } from "@/components/ui/confirm-delete-button";

/** Revoke, with a confirmation step in place: the failure counts as open again at once. */
export function RevokeWaiverButton({ url, label }: { url: string; label: string }) {
  return (
    <ConfirmDeleteButton
      url={url}
      label="Revoke"
      ariaLabel={label}
      warning="The failure will count as open again."
      confirmLabel="Revoke waiver"
      pendingLabel="Revoking…"
    />
  );
}
