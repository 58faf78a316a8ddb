/** A small builder for Atlassian Document Format (the rich text of Jira's REST API v3). */
export type AdfNode = { type: string; attrs?: Record<string, unknown>; content?: AdfNode[]; text?: string; marks?: { type: string; attrs?: Record<string, unknown> }[] };

// ADF refuses empty text nodes, so every helper drops them.
export const text = (s: string, marks?: AdfNode["marks"]): AdfNode[] => (s ? [{ type: "text", text: s, ...(marks ? { marks } : {}) }] : []);
export const strong = (s: string) => text(s, [{ type: "strong" }]);
export const link = (s: string, href: string) => text(s, [{ type: "link", attrs: { href } }]);
export const paragraph = (...parts: AdfNode[][]): AdfNode => ({ type: "paragraph", content: parts.flat() });
export const heading = (s: string, level = 3): AdfNode => ({ type: "heading", attrs: { level }, content: text(s) });
export const codeBlock = (s: string): AdfNode => ({ type: "codeBlock", content: text(s) });
export const orderedList = (items: AdfNode[][]): AdfNode => ({
  type: "orderedList",
  content: items.map((parts) => ({ type: "listItem", content: [paragraph(parts)] })),
});
export const doc = (...content: (AdfNode | null | false | undefined | "")[]): AdfNode => ({
  type: "doc",
  version: 1,
  content: content.filter((n): n is AdfNode => !!n && (n.type !== "paragraph" || !!n.content?.length)),
} as AdfNode);
