const DAY = 24 * 60 * 60 * 1000;

export function formatDate(iso: string | null): string {
  if (!iso) return "—";
  return new Date(iso).toLocaleDateString("en-GB", { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" });
}

export function formatDateTime(iso: string | null): string {
  if (!iso) return "—";
  return new Date(iso).toLocaleString("en-GB", { day: "numeric", month: "short", hour: "2-digit", minute: "2-digit", timeZone: "UTC" }) + " UTC";
}

/** "due in 5 days", "due today", "2 days overdue". */
export function dueIn(iso: string | null, now = Date.now()): string {
  if (!iso) return "no due date";
  const days = Math.ceil((Date.parse(iso) - now) / DAY);
  if (Date.parse(iso) < now) {
    const late = Math.max(1, Math.floor((now - Date.parse(iso)) / DAY));
    return `${late} day${late === 1 ? "" : "s"} overdue`;
  }
  if (days <= 1 && new Date(iso).toDateString() === new Date(now).toDateString()) return "due today";
  return `due in ${days} day${days === 1 ? "" : "s"}`;
}

export function titleCase(s: string): string {
  return s
    .toLowerCase()
    .split("_")
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join(" ");
}

/** "1 entry", "3 entries": a count with its noun in the right number. */
export function countOf(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}
