import fs from "node:fs";
import path from "node:path";

/**
 * The route template a request path belongs to ("/api/projects/[projectId]/milestones"), for logs
 * and metrics: labels stay bounded however many projects and ids there are. The production server
 * takes them from the build's routes manifest; development and tests from the app directory
 * (a build lying around may be older than the sources). A path that matches none is "unmatched".
 */
type Template = { page: string; pattern: RegExp; dynamic: number };

const KEY = Symbol.for("qa-studio.route-templates");
const store = globalThis as typeof globalThis & { [KEY]?: Template[] };

export const UNMATCHED = "unmatched";

export function routeTemplate(pathname: string): string {
  if (pathname.startsWith("/_next/")) return "/_next/*";
  const templates = (store[KEY] ??= loadTemplates(process.cwd()));
  return templates.find((t) => t.pattern.test(pathname))?.page ?? UNMATCHED;
}

export function loadTemplates(root: string): Template[] {
  const app = path.join(/*turbopackIgnore: true*/ root, "app");
  const pages =
    process.env.NODE_ENV === "production" ? (fromManifest(root) ?? fromAppDirectory(app)) : fs.existsSync(/*turbopackIgnore: true*/ app) ? fromAppDirectory(app) : (fromManifest(root) ?? []);
  return pages
    .filter((p) => !/^\/_(not-found|global-error)$/.test(p))
    .map((page) => ({ page, pattern: toPattern(page), dynamic: (page.match(/\[/g) ?? []).length }))
    // Static paths before dynamic ones, then the more specific (fewer parameters, longer) first.
    .sort((a, b) => a.dynamic - b.dynamic || b.page.length - a.page.length);
}

function fromManifest(root: string): string[] | null {
  const file = path.join(/*turbopackIgnore: true*/ root, ".next", "routes-manifest.json");
  if (!fs.existsSync(/*turbopackIgnore: true*/ file)) return null;
  const manifest = JSON.parse(fs.readFileSync(/*turbopackIgnore: true*/ file, "utf8")) as { staticRoutes?: { page: string }[]; dynamicRoutes?: { page: string }[] };
  return [...(manifest.staticRoutes ?? []), ...(manifest.dynamicRoutes ?? [])].map((r) => r.page);
}

function fromAppDirectory(dir: string): string[] {
  const found: string[] = [];
  const walk = (at: string, segments: string[]) => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(/*turbopackIgnore: true*/ at, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      if (e.isDirectory()) {
        if (e.name.startsWith("_")) continue; // private folders
        walk(path.join(/*turbopackIgnore: true*/ at, e.name), /^\(.*\)$/.test(e.name) ? segments : [...segments, e.name]);
      } else if (/^(page|route)\.(tsx?|jsx?)$/.test(e.name)) found.push("/" + segments.join("/"));
    }
  };
  walk(/*turbopackIgnore: true*/ dir, []);
  return found;
}

function toPattern(page: string): RegExp {
  const body = page
    .split("/")
    .filter(Boolean)
    .map((segment) => {
      if (/^\[\[\.\.\..+\]\]$/.test(segment)) return "(?:/.+)?";
      if (/^\[\.\.\..+\]$/.test(segment)) return "/.+";
      if (/^\[.+\]$/.test(segment)) return "/[^/]+";
      return "/" + segment.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    })
    .join("");
  return new RegExp(`^${body || "/"}/?$`);
}
