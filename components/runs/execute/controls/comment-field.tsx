"use client";

import { compactInputClass } from "@/components/ui/field";
import { Kbd } from "@/components/ui/kbd";
import { Markdown } from "@/components/ui/markdown";
import { useExecute } from "../execute-provider";

/** The markdown comment with its sanitised preview. */
export function CommentField() {
  const { comment, setComment, writable, refs } = useExecute();
  return (
    <div>
      <label htmlFor="comment" className="flex flex-wrap items-center justify-between gap-1 text-xs font-medium text-slate-700">
        Comment <span className="font-normal text-slate-600">Markdown: **bold**, *italic*, `code`, [link](url) <Kbd>C</Kbd></span>
      </label>
      <textarea
        id="comment"
        ref={refs.comment}
        value={comment}
        onChange={(e) => setComment(e.target.value)}
        rows={4}
        disabled={!writable}
        aria-describedby="comment-hint"
        className={`${compactInputClass} mt-1 resize-y`}
      />
      <p id="comment-hint" className="mt-1 text-[11px] text-slate-600">What happened? Esc leaves the field, Ctrl/⌘ + Enter saves.</p>
      {comment.trim() && (
        <div className="mt-1.5 rounded-md border border-slate-100 bg-slate-50 px-3 py-2 text-sm break-words text-slate-800" data-testid="comment-preview">
          <div className="mb-1 text-[10px] font-semibold tracking-wide text-slate-600 uppercase">Preview</div>
          <Markdown source={comment} />
        </div>
      )}
    </div>
  );
}
