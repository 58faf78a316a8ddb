"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";

export type ApiResult<T> = { ok: true; data: T } | { ok: false; message: string; fields: Record<string, string>; details: { field: string; message: string }[] };

/**
 * One request to our own API (cookie session). Whatever the server answers, a failure comes back
 * as a plain sentence: the `{ error: { message, details } }` body is read for its words, and an
 * unreadable body (a proxy's HTML page, a dropped connection) is described, never shown raw.
 */
async function call<T>(url: string, init: RequestInit): Promise<ApiResult<T>> {
  let res: Response;
  try {
    res = await fetch(url, init);
  } catch {
    return { ok: false, message: "The server could not be reached. Check the connection and try again.", fields: {}, details: [] };
  }
  const text = await res.text();
  let json: any = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = null;
  }
  if (res.ok) return { ok: true, data: json as T };
  const raw: { field?: unknown; message?: unknown }[] = Array.isArray(json?.error?.details) ? json.error.details : [];
  const details = raw
    .filter((d) => typeof d?.field === "string" && typeof d?.message === "string")
    .map((d) => ({ field: d.field as string, message: d.message as string }));
  const message = typeof json?.error?.message === "string" ? json.error.message : `The server refused the request (HTTP ${res.status}).`;
  return {
    ok: false,
    message,
    fields: Object.fromEntries(details.map((d) => [d.field, d.message])),
    details,
  };
}

/** The sentence shown beside a control for a failed call: the message, then what was wrong with which field. */
export function errorSentence(res: { message: string; fields: Record<string, string> }): string {
  const fields = Object.entries(res.fields).map(([f, m]) => `${f}: ${m}`);
  return fields.length ? `${res.message} (${fields.join("; ")})` : res.message;
}

/** Reads JSON from our API (previews, polling); writes go through useApiWrite. */
export function getJson<T>(url: string, init: RequestInit = {}): Promise<ApiResult<T>> {
  return call<T>(url, { ...init, method: "GET" });
}

/**
 * The one way the browser writes through our API. `send` posts JSON and `upload` posts a file
 * body; both track `pending` and put a plain-sentence `error` beside the control. `run` is `send`
 * plus a page refresh on success, returning the data (or undefined after a failure).
 */
export function useApiWrite() {
  const router = useRouter();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function track<T>(request: Promise<ApiResult<T>>): Promise<ApiResult<T>> {
    setPending(true);
    setError(null);
    const res = await request;
    setPending(false);
    if (!res.ok) setError(errorSentence(res));
    return res;
  }

  function send<T>(method: string, url: string, body?: unknown): Promise<ApiResult<T>> {
    return track(
      call<T>(url, {
        method,
        headers: body === undefined ? {} : { "content-type": "application/json" },
        body: body === undefined ? undefined : JSON.stringify(body),
      }),
    );
  }

  function upload<T>(url: string, file: Blob, contentType = file.type || "application/octet-stream"): Promise<ApiResult<T>> {
    return track(call<T>(url, { method: "POST", headers: { "content-type": contentType }, body: file }));
  }

  async function run<T>(method: string, url: string, body?: unknown): Promise<T | undefined> {
    const res = await send<T>(method, url, body);
    if (!res.ok) return undefined;
    router.refresh();
    return res.data;
  }

  return { send, upload, run, pending, error, setError };
}
