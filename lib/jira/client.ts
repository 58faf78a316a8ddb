import { allowInsecureIntegrations } from "@/lib/env";
import { JiraError } from "./errors";

/** What a call to Jira needs: the site, and basic auth as email + API token. */
export type JiraConnection = { baseUrl: string; email: string; apiToken: string; issueType: string };

export type JiraResponse<T> = { status: number; body: T };

const DEFAULT_TIMEOUT_MS = 10_000;

/**
 * Jira (Cloud and Data Center) stamps every REST answer with an `X-AREQUESTID` header. An answer
 * without it comes from something else at that address (a proxy's error page, another service):
 * nothing of it is used or shown, so the settings cannot be used to read other hosts' answers.
 */
const JIRA_MARKER = "x-arequestid";

/**
 * One call to Jira's REST API v3. Network failures, timeouts and non-2xx answers become a
 * JiraError naming the site and what Jira said (its `errorMessages` and field `errors`, only when
 * the answer is Jira's); the token never appears in a message. Plain http is refused unless
 * QA_STUDIO_ALLOW_INSECURE_INTEGRATIONS is set, so the token never crosses the network in clear.
 */
export async function jiraRequest<T>(
  conn: JiraConnection,
  method: "GET" | "POST",
  path: string,
  body?: unknown,
  timeoutMs = DEFAULT_TIMEOUT_MS,
): Promise<JiraResponse<T>> {
  const url = `${conn.baseUrl}${path}`;
  if (new URL(url).protocol !== "https:" && !allowInsecureIntegrations()) {
    throw new JiraError(`The Jira site ${conn.baseUrl} does not use https; an instance admin must change it to an https:// address.`);
  }
  let res: Response;
  try {
    res = await fetch(url, {
      method,
      headers: {
        Authorization: `Basic ${Buffer.from(`${conn.email}:${conn.apiToken}`).toString("base64")}`,
        Accept: "application/json",
        ...(body === undefined ? {} : { "Content-Type": "application/json" }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(timeoutMs),
      redirect: "error",
    });
  } catch (err) {
    const reason = (err as Error).name === "TimeoutError" ? `no answer within ${timeoutMs / 1000} s` : causeOf(err);
    throw new JiraError(`Jira could not be reached at ${conn.baseUrl} (${reason}). Nothing was filed; try again, or ask an instance admin to check the Jira settings.`, "UPSTREAM_FAILED");
  }
  if (!res.headers.has(JIRA_MARKER)) {
    await res.body?.cancel();
    throw new JiraError(
      `The address ${conn.baseUrl} answered HTTP ${res.status}, but not as Jira does, so its answer is not shown. Check the Jira site in the settings.`,
      "UPSTREAM_FAILED",
    );
  }
  const text = await res.text();
  let json: unknown = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = null;
  }
  if (!res.ok) {
    const what =
      res.status === 401 ? "the email or API token was refused" : res.status === 403 ? "the account may not do this" : res.status === 404 ? "not found" : `HTTP ${res.status}`;
    const said = jiraMessages(json);
    throw new JiraError(`Jira answered ${res.status} (${what})${said ? `: ${said}` : ""}.`, "UPSTREAM_FAILED");
  }
  return { status: res.status, body: json as T };
}

/** The system's error code (ECONNREFUSED, ENOTFOUND, CERT_HAS_EXPIRED); never the text of the failure. */
function causeOf(err: unknown): string {
  const code = (err as { cause?: { code?: unknown } }).cause?.code;
  return typeof code === "string" && /^[A-Z0-9_]{2,60}$/.test(code) ? code : "network error";
}

/** Jira's error body: `{errorMessages: [...], errors: {field: message}}`. */
function jiraMessages(json: unknown): string {
  if (!json || typeof json !== "object") return "";
  const { errorMessages, errors } = json as { errorMessages?: unknown; errors?: unknown };
  const parts: string[] = [];
  if (Array.isArray(errorMessages)) parts.push(...errorMessages.filter((m): m is string => typeof m === "string"));
  if (errors && typeof errors === "object") {
    for (const [field, message] of Object.entries(errors)) if (typeof message === "string") parts.push(`${field}: ${message}`);
  }
  return parts.join("; ").slice(0, 500);
}
