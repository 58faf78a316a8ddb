import Link from "next/link";

export default function NotFound() {
  return (
    <div className="flex min-h-screen items-center justify-center px-4">
      <div className="text-center">
        <p className="text-sm font-semibold text-indigo-600">404</p>
        <h1 className="mt-2 text-2xl font-semibold text-slate-900">Not found</h1>
        <p className="mt-2 text-sm text-slate-600">This page does not exist, or you do not have access to it.</p>
        <Link href="/projects" className="mt-6 inline-block rounded-md bg-indigo-600 px-3 py-2 text-sm font-semibold text-white hover:bg-indigo-500">
          Back to projects
        </Link>
      </div>
    </div>
  );
}
