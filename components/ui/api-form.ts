"use client";

/** Sends JSON to our own API from the browser (cookie session) and returns data or the error message. */
export async function sendJson<T>(method: string, url: string, body?: unknown): Promise<{ ok: true; data: T } | { ok: false; message: string; fields: Record<string, string> }> {
  const res = await fetch(url, {
    method,
    headers: body === undefined ? {} : { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  const json = text ? JSON.parse(text) : null;
  if (res.ok) return { ok: true, data: json as T };
  const details: { field: string; message: string }[] = json?.error?.details ?? [];
  return {
    ok: false,
    message: json?.error?.message ?? `Request failed (${res.status})`,
    fields: Object.fromEntries(details.map((d) => [d.field, d.message])),
  };
}
