import { defaultExtension, type AttachmentContentType } from "./content-types";

const MAX_NAME = 200;

/**
 * The display name of an upload. It is never part of a storage path, but it is shown and sent
 * back in Content-Disposition, so directories, control characters and quotes are dropped:
 * `../../etc/passwd` becomes `passwd`.
 */
export function sanitizeFilename(raw: string | undefined, type: AttachmentContentType): string {
  const base = (raw ?? "").normalize("NFC").split(/[/\\]/).pop() ?? "";
  let name = base
    // Control, format (bidi overrides) and unpaired surrogate characters, and what Windows forbids.
    .replace(/[\p{Cc}\p{Cf}\p{Cs}"<>:*?|]/gu, "")
    .replace(/\s+/g, " ")
    // Leading dots would make a hidden file, or `..`; trailing dots and spaces vanish on Windows.
    .replace(/^[. ]+|[. ]+$/g, "");
  const chars = Array.from(name);
  if (chars.length > MAX_NAME) {
    const ext = /\.[\w-]{1,15}$/.exec(name)?.[0] ?? "";
    name = chars.slice(0, MAX_NAME - ext.length).join("").trimEnd() + ext;
  }
  return name || `attachment.${defaultExtension(type)}`;
}

/** `inline` or `attachment`, with an ASCII fallback name and the exact one (RFC 6266 / 8187). */
export function contentDisposition(kind: "inline" | "attachment", filename: string): string {
  const fallback = filename.replace(/[^\x20-\x7e]/g, "_").replace(/["\\%]/g, "_");
  const exact = encodeURIComponent(filename).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `${kind}; filename="${fallback}"; filename*=UTF-8''${exact}`;
}
