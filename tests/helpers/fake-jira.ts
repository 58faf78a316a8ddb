import http from "node:http";
import type { AddressInfo } from "node:net";

export type JiraCall = { method: string; path: string; authorization: string | undefined; body: any };

/**
 * A fake Jira Cloud REST API v3 on 127.0.0.1: it records every call, creates issues with
 * sequential keys, answers status reads from a table the test controls, checks basic auth, and
 * can be told to fail the next calls.
 */
export async function startFakeJira(opts: { email: string; token: string }) {
  const calls: JiraCall[] = [];
  const statuses = new Map<string, { name: string; category: string; summary?: string }>();
  const failures: { status: number; body: unknown }[] = [];
  /** Issues the search answers with (key, summary, fixVersions), in this order. */
  const searchable: { key: string; summary: string; fixVersions: string[] }[] = [];
  let searchPageSize = 50;
  let seq = 0;
  const expectedAuth = `Basic ${Buffer.from(`${opts.email}:${opts.token}`).toString("base64")}`;

  const server = http.createServer((req, res) => {
    let raw = "";
    req.on("data", (c) => (raw += c));
    req.on("end", () => {
      const url = new URL(req.url ?? "/", "http://127.0.0.1");
      const body = raw ? JSON.parse(raw) : null;
      calls.push({ method: req.method ?? "", path: url.pathname + url.search, authorization: req.headers.authorization, body });
      const send = (status: number, json: unknown) => {
        // Jira stamps every REST answer with a request id; QA Studio trusts only answers that carry one.
        res.writeHead(status, { "content-type": "application/json", "x-arequestid": `fake-${calls.length}` });
        res.end(JSON.stringify(json));
      };
      if (req.headers.authorization !== expectedAuth) return send(401, { errorMessages: ["Client must be authenticated to access this resource."] });
      const failure = failures.shift();
      if (failure) return send(failure.status, failure.body);
      if (req.method === "POST" && url.pathname === "/rest/api/3/issue") {
        const key = `${body.fields.project.key}-${++seq}`;
        statuses.set(key, { name: "To Do", category: "new", summary: body.fields.summary });
        return send(201, { id: String(10000 + seq), key, self: `http://${req.headers.host}/rest/api/3/issue/${10000 + seq}` });
      }
      const issue = /^\/rest\/api\/3\/issue\/([^/]+)$/.exec(url.pathname);
      if (req.method === "GET" && issue) {
        const s = statuses.get(decodeURIComponent(issue[1]));
        if (!s) return send(404, { errorMessages: ["Issue does not exist or you do not have permission to see it."] });
        return send(200, { key: issue[1], fields: { summary: s.summary, status: { name: s.name, statusCategory: { key: s.category } } } });
      }
      if (req.method === "GET" && url.pathname === "/rest/api/3/search/jql") {
        // Understands `project = KEY` (anything else matches every issue); pages by nextPageToken.
        const project = /project\s*=\s*"?(\w+)"?/i.exec(url.searchParams.get("jql") ?? "")?.[1]?.toUpperCase();
        const matching = searchable.filter((i) => !project || i.key.startsWith(`${project}-`));
        const size = Math.min(searchPageSize, Number(url.searchParams.get("maxResults") ?? 50));
        const from = Number(url.searchParams.get("nextPageToken") ?? 0);
        const page = matching.slice(from, from + size);
        const isLast = from + size >= matching.length;
        return send(200, {
          issues: page.map((i) => ({ id: String(20000 + searchable.indexOf(i)), key: i.key, fields: { summary: i.summary, fixVersions: i.fixVersions.map((name, n) => ({ id: String(n), name })) } })),
          isLast,
          ...(isLast ? {} : { nextPageToken: String(from + size) }),
        });
      }
      if (req.method === "GET" && url.pathname === "/rest/api/3/myself") return send(200, { displayName: "QA Bot", emailAddress: opts.email });
      send(404, { errorMessages: [`No fake for ${req.method} ${url.pathname}`] });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    /** Issues created so far (POST /rest/api/3/issue). */
    created: () => calls.filter((c) => c.method === "POST" && c.path === "/rest/api/3/issue"),
    reads: () => calls.filter((c) => c.method === "GET" && c.path.startsWith("/rest/api/3/issue/")),
    setStatus: (key: string, name: string, category: "new" | "indeterminate" | "done") => statuses.set(key, { ...statuses.get(key), name, category }),
    failNext: (status: number, body: unknown) => failures.push({ status, body }),
    /** Makes an issue findable by the search (replacing one with the same key). */
    addIssue: (key: string, summary: string, fixVersions: string[] = []) => {
      const at = searchable.findIndex((i) => i.key === key);
      if (at >= 0) searchable[at] = { key, summary, fixVersions };
      else searchable.push({ key, summary, fixVersions });
    },
    setSearchPageSize: (n: number) => (searchPageSize = n),
    searches: () => calls.filter((c) => c.method === "GET" && c.path.startsWith("/rest/api/3/search/jql")),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A port on 127.0.0.1 where nothing listens (connection refused). */
export async function closedPort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
