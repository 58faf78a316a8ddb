import Link from "next/link";

/** The instance admin's pages. */
export function AdminTabs({ current }: { current: "users" | "integrations" }) {
  const tabs = [
    { key: "users", label: "Users", href: "/admin/users" },
    { key: "integrations", label: "Integrations", href: "/admin/integrations" },
  ] as const;
  return (
    <nav className="mb-6 flex gap-1 border-b border-slate-200 text-sm" aria-label="Administration">
      {tabs.map((t) => (
        <Link
          key={t.key}
          href={t.href}
          aria-current={t.key === current ? "page" : undefined}
          className={`-mb-px border-b-2 px-3 py-2 ${t.key === current ? "border-indigo-600 font-medium text-slate-900" : "border-transparent text-slate-600 hover:text-slate-800"}`}
        >
          {t.label}
        </Link>
      ))}
    </nav>
  );
}
