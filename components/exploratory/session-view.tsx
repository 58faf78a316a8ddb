"use client";

import { useRouter } from "next/navigation";
import { DropOverlay } from "@/components/ui/drop-overlay";
import { NoteForm } from "./session/sections/note-form";
import { NotesList } from "./session/sections/notes-list";
import { SessionAside } from "./session/sections/session-aside";
import { SessionHeader } from "./session/sections/session-header";
import { SessionProvider, type SessionViewProps, useSession } from "./session/session-provider";
import { useSessionShortcuts } from "./session/use-session-shortcuts";
import { VerdictDialog } from "./verdict-dialog";

export type { SessionViewProps } from "./session/session-provider";

/** An exploratory session, worked from the keyboard: a running timer, notes and findings, and the verdict. */
export function SessionView(props: SessionViewProps) {
  return (
    <SessionProvider {...props}>
      <SessionLayout />
    </SessionProvider>
  );
}

function SessionLayout() {
  const router = useRouter();
  const s = useSession();
  useSessionShortcuts(s);
  return (
    <div data-testid="session-view">
      <SessionHeader />
      {s.error && (
        <p role="alert" className="mt-4 rounded-md bg-rose-50 px-3 py-2 text-sm text-rose-800">
          {s.error}
        </p>
      )}
      <div className="mt-6 grid gap-6 lg:grid-cols-12">
        <div className="min-w-0 space-y-6 lg:col-span-7">
          {s.writable && <NoteForm />}
          <NotesList />
        </div>
        <SessionAside />
      </div>
      {s.files.dragging && <DropOverlay hint="The files are added to the note you are writing." />}
      <VerdictDialog
        // Mounted afresh on open, so the suggested verdict follows the findings written so far.
        key={s.finishing ? "open" : "closed"}
        open={s.finishing}
        onClose={() => s.setFinishing(false)}
        url={s.api}
        counts={s.counts}
        overTime={s.clock.over}
        onDone={() => {
          s.setFinishing(false);
          router.refresh();
        }}
      />
    </div>
  );
}
