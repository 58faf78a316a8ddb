import { UnsupportedMediaTypeError } from "@/lib/errors";

/**
 * What may be uploaded, and how each type is served back. `inline` types are safe to show in
 * the browser tab (still sandboxed); the rest download. `magic` lists the byte signatures a
 * file of that type starts with: a declared type whose bytes say otherwise is refused.
 */
type TypeRule = { extension: string; inline: boolean; text?: boolean; magic?: (head: Uint8Array) => boolean };

const startsWith = (head: Uint8Array, bytes: number[], at = 0) => bytes.every((b, i) => head[at + i] === b);
const ascii = (s: string) => [...s].map((c) => c.charCodeAt(0));

export const CONTENT_TYPES = {
  "image/png": { extension: "png", inline: true, magic: (h) => startsWith(h, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]) },
  "image/jpeg": { extension: "jpg", inline: true, magic: (h) => startsWith(h, [0xff, 0xd8, 0xff]) },
  "image/gif": { extension: "gif", inline: true, magic: (h) => startsWith(h, ascii("GIF87a")) || startsWith(h, ascii("GIF89a")) },
  "image/webp": { extension: "webp", inline: true, magic: (h) => startsWith(h, ascii("RIFF")) && startsWith(h, ascii("WEBP"), 8) },
  "video/webm": { extension: "webm", inline: true, magic: (h) => startsWith(h, [0x1a, 0x45, 0xdf, 0xa3]) },
  "application/pdf": { extension: "pdf", inline: true, magic: (h) => startsWith(h, ascii("%PDF-")) },
  // Playwright traces. Local file header, or the end record of an empty archive.
  "application/zip": { extension: "zip", inline: false, magic: (h) => startsWith(h, [0x50, 0x4b, 0x03, 0x04]) || startsWith(h, [0x50, 0x4b, 0x05, 0x06]) },
  "text/plain": { extension: "txt", inline: true, text: true },
  // Playwright's error context.
  "text/markdown": { extension: "md", inline: false, text: true },
  "application/json": { extension: "json", inline: false, text: true },
  // Reports are kept, but never rendered by the browser on our origin: they download.
  "text/html": { extension: "html", inline: false, text: true },
} satisfies Record<string, TypeRule>;

export type AttachmentContentType = keyof typeof CONTENT_TYPES;
export const ATTACHMENT_CONTENT_TYPES = Object.keys(CONTENT_TYPES) as AttachmentContentType[];

/** Bytes needed to check any signature above. */
export const SNIFF_BYTES = 12;

const ALIASES: Record<string, AttachmentContentType> = {
  "image/jpg": "image/jpeg",
  "image/pjpeg": "image/jpeg",
  "application/x-zip-compressed": "application/zip",
  "application/x-zip": "application/zip",
};

const rule = (type: AttachmentContentType): TypeRule => CONTENT_TYPES[type];

/** The declared `Content-Type`, without parameters and aliases, or 415 when it is not allowed. */
export function acceptContentType(header: string | null): AttachmentContentType {
  const essence = (header ?? "").split(";")[0].trim().toLowerCase();
  const type = ALIASES[essence] ?? essence;
  if (!(type in CONTENT_TYPES)) {
    throw new UnsupportedMediaTypeError(
      `${essence ? `Attachments of type ${essence} are not accepted` : "Send the file's type as Content-Type"}; use one of ${ATTACHMENT_CONTENT_TYPES.join(", ")}.`,
    );
  }
  return type as AttachmentContentType;
}

/** 415 when the first bytes contradict the declared type (a ".png" that is not a PNG). */
export function checkSignature(type: AttachmentContentType, head: Uint8Array): void {
  const magic = rule(type).magic;
  if (magic && !magic(head)) throw new UnsupportedMediaTypeError(`The file's content is not ${type}, as its Content-Type says.`);
}

export function defaultExtension(type: AttachmentContentType): string {
  return rule(type).extension;
}

/** The response Content-Type: text is always served as UTF-8 so the browser never guesses. */
export function servedContentType(type: string): string {
  return type in CONTENT_TYPES && rule(type as AttachmentContentType).text ? `${type}; charset=utf-8` : type;
}

/** Only images, video, PDF and plain text open in the browser; everything else downloads. */
export function servedInline(type: string): boolean {
  return type in CONTENT_TYPES && rule(type as AttachmentContentType).inline;
}
