"use client";

import { useRouter } from "next/navigation";
import { useShortcuts } from "@/components/ui/use-shortcuts";

/** The library's `c` key: create a case (in the selected suite). `/` (search) lives with the filters. */
export function LibraryShortcuts({ newCaseHref }: { newCaseHref: string }) {
  const router = useRouter();
  useShortcuts(({ key, typing, modified }) => {
    if (typing || modified || document.querySelector("dialog[open]")) return false;
    if (key !== "c") return false;
    router.push(newCaseHref);
    return true;
  });
  return null;
}
