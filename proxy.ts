import { NextResponse, type NextRequest } from "next/server";
import { ValidationError, errorBody } from "@/lib/errors";
import { API_CSP, COMMON_SECURITY_HEADERS, newNonce, pageCsp, unreadablePath, unreadableQuery } from "@/lib/security/headers";

/** Rewritten to when a page's URL cannot be read; no route has this path, so Next renders app/not-found.tsx (404). */
const NOT_FOUND_PATH = "/_unreadable-url";

/**
 * Runs before every route: refuses URLs that cannot be decoded (API: 400 in the error shape;
 * pages: the not-found page), and sets the security headers, with a per-request CSP nonce for pages.
 */
export function proxy(req: NextRequest): NextResponse {
  const { pathname, searchParams } = req.nextUrl;
  if (pathname === "/api" || pathname.startsWith("/api/")) {
    const bad = unreadablePath(pathname);
    const res = bad
      ? NextResponse.json(errorBody(ValidationError.field("path", bad)), { status: 400 })
      : NextResponse.next();
    return secured(res, API_CSP);
  }
  const nonce = newNonce();
  const csp = pageCsp(nonce);
  // Next.js takes the nonce for its scripts from the request's CSP header.
  const headers = new Headers(req.headers);
  headers.set("content-security-policy", csp);
  headers.set("x-nonce", nonce);
  const unreadable = unreadablePath(pathname) ?? unreadableQuery(searchParams);
  const res = unreadable
    ? NextResponse.rewrite(new URL(NOT_FOUND_PATH, req.url), { request: { headers } })
    : NextResponse.next({ request: { headers } });
  return secured(res, csp);
}

function secured(res: NextResponse, csp: string): NextResponse {
  res.headers.set("Content-Security-Policy", csp);
  for (const [name, value] of Object.entries(COMMON_SECURITY_HEADERS)) res.headers.set(name, value);
  return res;
}

export const config = {
  // Built assets are immutable files that need none of this.
  matcher: ["/((?!_next/static|_next/image|favicon.ico).*)"],
};
