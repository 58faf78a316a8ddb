"use client";

import { useEffect } from "react";

/**
 * Drops one-time notices (`?created=1`) from the address bar without reloading, so a refresh or a
 * shared link does not repeat them.
 */
export function ForgetParams({ names }: { names: string[] }) {
  const key = names.join(",");
  useEffect(() => {
    const url = new URL(window.location.href);
    const before = url.search;
    for (const name of key.split(",")) url.searchParams.delete(name);
    if (url.search !== before) window.history.replaceState(window.history.state, "", url.pathname + url.search + url.hash);
  }, [key]);
  return null;
}
