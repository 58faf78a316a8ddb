/**
 * What both benches share: a throwaway PostgreSQL database, the built app started on it with a
 * bootstrap API key, JSON calls to its API, a signed-in browser cookie, and percentiles.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import postgres from "postgres";

export const BASE_URL = process.env.BENCH_DATABASE_URL || process.env.DATABASE_URL || "postgres://postgres@127.0.0.1:5432/postgres";
export const PORT = Number(process.env.BENCH_PORT || 3300);
export const ADMIN = { email: "bench@example.test", password: "bench-password" };
export const KEY = `qas_${randomBytes(32).toString("base64url")}`;
export const api = `http://127.0.0.1:${PORT}/api`;

/**
 * Creates a brand-new database, starts the built app on it, runs `fn`, then stops the server
 * (its job queue included) before dropping the database under it. BENCH_KEEP_DB=1 keeps it.
 */
export async function withServerOnFreshDatabase(
  prefix: string,
  fn: (ctx: { dbUrl: string; server: ChildProcess }) => Promise<void>,
  extraEnv: Record<string, string> = {},
): Promise<void> {
  const dbName = `${prefix}_${Date.now()}`;
  const admin = postgres(BASE_URL, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${dbName}`);
  const url = new URL(BASE_URL);
  url.pathname = `/${dbName}`;
  let server: ChildProcess | undefined;
  try {
    server = await startServer(url.toString(), extraEnv);
    await fn({ dbUrl: url.toString(), server });
  } finally {
    if (server && server.exitCode === null) {
      const exited = new Promise((r) => server!.once("exit", r));
      server.kill("SIGTERM");
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
    }
    if (process.env.BENCH_KEEP_DB === "1") console.log(`\nKept database ${dbName}`);
    else await admin.unsafe(`drop database if exists ${dbName} with (force)`).catch(() => {});
    await admin.end();
  }
}

async function startServer(databaseUrl: string, extraEnv: Record<string, string>): Promise<ChildProcess> {
  if (!fs.existsSync(".next/standalone/server.js")) throw new Error("Build the app first: npx next build");
  // The production artefact, started as the Docker image starts it.
  const child = spawn(process.execPath, ["scripts/serve.mjs"], {
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      AUTH_SECRET: randomBytes(32).toString("base64url"),
      QA_STUDIO_ENCRYPTION_KEY: randomBytes(32).toString("base64"),
      QA_STUDIO_BOOTSTRAP_API_KEY: KEY,
      QA_STUDIO_ADMIN_EMAIL: ADMIN.email,
      QA_STUDIO_ADMIN_PASSWORD: ADMIN.password,
      QA_STUDIO_DEMO: "0",
      PORT: String(PORT),
      ...extraEnv,
    },
    stdio: ["ignore", "ignore", "inherit"],
  });
  for (let i = 0; i < 120; i++) {
    await new Promise((r) => setTimeout(r, 500));
    const ok = await fetch(`${api}/projects`, { headers: { authorization: `Bearer ${KEY}` } }).then((r) => r.ok, () => false);
    if (ok) return child;
  }
  child.kill();
  throw new Error("The app did not start within 60 s");
}

export async function post(p: string, body: unknown) {
  const res = await fetch(`${api}${p}`, {
    method: "POST",
    headers: { authorization: `Bearer ${KEY}`, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`POST ${p}: ${res.status} ${await res.text()}`);
  return res.json();
}

export async function get(p: string) {
  const res = await fetch(`${api}${p}`, { headers: { authorization: `Bearer ${KEY}` } });
  return res.json();
}

/** A browser session for the bench admin: Auth.js's CSRF token, then its credentials callback. */
export async function signInCookie(): Promise<string> {
  const origin = `http://127.0.0.1:${PORT}`;
  const jar = (res: Response) => res.headers.getSetCookie().map((c) => c.split(";")[0]);
  const csrf = await fetch(`${origin}/api/auth/csrf`);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const res = await fetch(`${origin}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: jar(csrf).join("; "), origin },
    body: new URLSearchParams({ ...ADMIN, csrfToken, callbackUrl: `${origin}/projects` }),
  });
  const session = jar(res).find((c) => /session-token=/.test(c));
  if (!session) throw new Error(`Sign-in failed: ${res.status}`);
  return [...jar(csrf), session].join("; ");
}

/** `n` timed calls after one warm-up, sorted ascending (ms); `before` runs untimed before each. */
export async function samples(n: number, fn: () => Promise<unknown>, before?: () => Promise<unknown>): Promise<number[]> {
  await fn();
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    await before?.();
    const t = performance.now();
    await fn();
    out.push(performance.now() - t);
  }
  return out.sort((a, b) => a - b);
}

/** The p-th percentile of an ascending list (nearest rank). */
export const pct = (sorted: number[], p: number) =>
  sorted.length === 0 ? NaN : Math.round(sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]);

export async function timed(fn: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await fn();
  return (performance.now() - start) / 1000;
}

export const fmt = (n: number) => Math.round(n).toLocaleString("en-US").padStart(7);

export function runMain(main: () => Promise<void>) {
  main().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
