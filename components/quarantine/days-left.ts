/** "3 days left", "1 day left", "expires today" for a quarantine's whole days left. */
export function daysLeftLabel(days: number): string {
  return days <= 0 ? "expired" : days === 1 ? "1 day left" : `${days} days left`;
}

/** Whole days until an instant, rounded up (what the API's daysLeft counts). */
export function daysUntil(iso: string, now = Date.now()): number {
  return Math.max(0, Math.ceil((Date.parse(iso) - now) / 86_400_000));
}
