import { unstorableReason } from "@/lib/api/storable-text";

/**
 * Security headers of every response, set by proxy.ts. Pages get a Content-Security-Policy with a
 * fresh nonce per request: Next.js reads it from the request's CSP header and puts it on its own
 * scripts, so only those run; style attributes stay allowed (charts set inline sizes and colours),
 * `<style>` elements need the nonce.
 */
export const COMMON_SECURITY_HEADERS: Record<string, string> = {
  "Referrer-Policy": "strict-origin-when-cross-origin",
  "X-Content-Type-Options": "nosniff",
  "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=(), serial=(), bluetooth=(), midi=()",
};

/** API answers are data, never documents: nothing they contain may load or run anything. */
export const API_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

export function pageCsp(nonce: string, env: Record<string, string | undefined> = process.env): string {
  const https = env.QA_STUDIO_PUBLIC_URL?.startsWith("https://") ?? false;
  // Single sign-on posts to our server action, which sends the browser on to the issuer.
  const issuer = originOf(env.QA_STUDIO_OIDC_ISSUER);
  const dev = env.NODE_ENV === "development";
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    `style-src 'self' 'nonce-${nonce}'`,
    `style-src-elem 'self' 'nonce-${nonce}'`,
    "style-src-attr 'unsafe-inline'",
    "img-src 'self' blob: data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    `form-action 'self'${issuer ? ` ${issuer}` : ""}`,
    "frame-ancestors 'none'",
    ...(https ? ["upgrade-insecure-requests"] : []),
  ].join("; ");
}

function originOf(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    return new URL(url).origin;
  } catch {
    return undefined;
  }
}

export function newNonce(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return btoa(String.fromCharCode(...bytes));
}

/**
 * Why a request's path cannot be routed: a segment whose percent-encoding is not UTF-8 (`%FF`,
 * `%ED%A0%80`), or one that decodes to text Postgres cannot store (`%00`). Undefined when fine.
 */
export function unreadablePath(pathname: string): string | undefined {
  for (const segment of pathname.split("/")) {
    let decoded: string;
    try {
      decoded = decodeURIComponent(segment);
    } catch {
      return `The path segment "${segment}" is not valid percent-encoded UTF-8`;
    }
    const reason = unstorableReason(decoded);
    if (reason) return `A path segment is not valid: ${reason}`;
  }
  return undefined;
}

/** Same for a page's query string (API routes name the parameter themselves). */
export function unreadableQuery(params: URLSearchParams): string | undefined {
  for (const [key, value] of params) {
    const reason = unstorableReason(key) ?? unstorableReason(value);
    if (reason) return `The query parameter is not valid: ${reason}`;
  }
  return undefined;
}
