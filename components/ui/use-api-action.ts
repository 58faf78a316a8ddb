"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { sendJson } from "./api-form";

/** Runs one JSON call against our API, tracks pending/error, and refreshes the page on success. */
export function useApiAction() {
  const router = useRouter();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  async function run<T>(method: string, url: string, body?: unknown): Promise<T | undefined> {
    setPending(true);
    setError(null);
    const res = await sendJson<T>(method, url, body);
    setPending(false);
    if (!res.ok) {
      const fields = Object.entries(res.fields).map(([f, m]) => `${f}: ${m}`);
      setError(fields.length ? `${res.message} (${fields.join("; ")})` : res.message);
      return undefined;
    }
    router.refresh();
    return res.data;
  }
  return { run, pending, error, setError };
}
