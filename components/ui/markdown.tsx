import { Fragment, type ReactNode } from "react";

/**
 * A deliberately tiny markdown renderer for comments: **bold**, *italic*, `code`, [links](https://…)
 * and line breaks. It builds React elements from text (never HTML), so nothing a user types can
 * become markup; links are kept only for http(s) and mailto URLs.
 */
export function Markdown({ source, className }: { source: string; className?: string }) {
  const paragraphs = source.replace(/\r\n?/g, "\n").split(/\n{2,}/).filter((p) => p.trim() !== "");
  return (
    <div className={className}>
      {paragraphs.map((p, i) => (
        <p key={i} className={i ? "mt-2" : undefined}>
          {p.split("\n").map((line, j) => (
            <Fragment key={j}>
              {j > 0 && <br />}
              {inline(line)}
            </Fragment>
          ))}
        </p>
      ))}
    </div>
  );
}

const TOKEN = /(`[^`\n]+`)|(\*\*[^*\n]+\*\*)|(\*[^*\n]+\*)|(\[[^\]\n]+\]\([^)\s]+\))/;

function safeHref(url: string): string | null {
  return /^(https?:\/\/|mailto:)/i.test(url) ? url : null;
}

function inline(text: string): ReactNode[] {
  const out: ReactNode[] = [];
  let rest = text;
  let k = 0;
  while (rest) {
    const m = TOKEN.exec(rest);
    if (!m) {
      out.push(rest);
      break;
    }
    if (m.index > 0) out.push(rest.slice(0, m.index));
    const t = m[0];
    if (m[1]) out.push(<code key={k++} className="rounded bg-slate-100 px-1 py-0.5 font-mono text-[0.85em] text-slate-800">{t.slice(1, -1)}</code>);
    else if (m[2]) out.push(<strong key={k++} className="font-semibold">{inline(t.slice(2, -2))}</strong>);
    else if (m[3]) out.push(<em key={k++}>{inline(t.slice(1, -1))}</em>);
    else {
      const [, label, url] = /^\[([^\]]+)\]\(([^)]+)\)$/.exec(t)!;
      const href = safeHref(url);
      out.push(
        href ? (
          <a key={k++} href={href} target="_blank" rel="noopener noreferrer nofollow" className="text-indigo-600 underline hover:text-indigo-500">{label}</a>
        ) : (
          t
        ),
      );
    }
    rest = rest.slice(m.index + t.length);
  }
  return out;
}
