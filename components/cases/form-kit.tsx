"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import type { z } from "zod";
import { useApiWrite } from "@/components/ui/use-api-write";

export type FieldErrors = Record<string, string>;

/** zod issues keyed like the API's error details (`steps.0.action`), so both show in the same place. */
export function zodFieldErrors(error: z.ZodError): FieldErrors {
  const out: FieldErrors = {};
  for (const issue of error.issues) {
    const key = issue.path.map(String).join(".") || "(body)";
    out[key] ??= issue.message;
  }
  return out;
}

/**
 * One JSON call against our API with field errors kept by field: the body is checked first with
 * the same zod schema the route handler parses with, then the server's own `details` land in the
 * same map. Refreshes the page on success.
 */
export function useFormApi() {
  const router = useRouter();
  const api = useApiWrite();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [fields, setFields] = useState<FieldErrors>({});

  async function send<T>(method: string, url: string, body?: unknown, schema?: z.ZodType): Promise<T | undefined> {
    setError(null);
    setFields({});
    if (schema) {
      const checked = schema.safeParse(body);
      if (!checked.success) {
        const errs = zodFieldErrors(checked.error);
        setFields(errs);
        setError(`Please correct ${Object.keys(errs).length === 1 ? "the highlighted field" : "the highlighted fields"}.`);
        return undefined;
      }
    }
    setPending(true);
    const res = await api.send<T>(method, url, body);
    setPending(false);
    if (!res.ok) {
      setFields(res.fields);
      setError(res.message);
      return undefined;
    }
    router.refresh();
    return res.data;
  }

  function reset() {
    setError(null);
    setFields({});
  }

  return { send, pending, error, fields, reset, setError };
}

/** The message for one field (or any field below it, like `steps` for `steps.0.action`). */
export function FieldError({ fields, name, id }: { fields: FieldErrors; name: string; id?: string }) {
  const message = fields[name];
  if (!message) return null;
  return (
    <p id={id} role="alert" className="mt-1 text-xs font-medium text-rose-600" data-field-error={name}>
      {message}
    </p>
  );
}

export function hasError(fields: FieldErrors, name: string): boolean {
  return name in fields;
}

export const fieldClass = (invalid = false) =>
  `mt-1 block w-full rounded-md border px-3 py-2 text-sm shadow-sm focus:ring-2 focus:outline-none disabled:bg-slate-50 disabled:text-slate-600 ${
    invalid ? "border-rose-400 focus:border-rose-500 focus:ring-rose-100" : "border-slate-300 focus:border-indigo-500 focus:ring-indigo-100"
  }`;

/** Parses "a, b; c" into distinct trimmed tags. */
export function parseTagList(text: string): string[] {
  return [...new Set(text.split(/[,;]/).map((t) => t.trim()).filter(Boolean))];
}
