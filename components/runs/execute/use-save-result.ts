"use client";

import { useRouter } from "next/navigation";
import { useRef, useState } from "react";
import type { PendingFile } from "@/components/ui/use-file-drop";
import { errorSentence, useApiWrite } from "@/components/ui/use-api-write";
import { parseDuration } from "./execute-format";
import type { ExecuteData, Overall, StepStatus, Tracker } from "./types";

type Form = {
  effective: Overall | null;
  steps: StepStatus[];
  comment: string;
  timeText: string;
  defectKey: string;
  defectUrl: string;
  tracker: Tracker;
  files: PendingFile[];
};

/**
 * Saves the attempt, then its files, then opens `doneHref`. The result is posted once (with an
 * idempotency key); a failed upload keeps the saved result, so saving again only retries the files.
 */
export function useSaveResult({
  data,
  writable,
  form,
  refs,
  doneHref,
}: {
  data: ExecuteData;
  writable: boolean;
  form: Form;
  refs: { time: React.RefObject<HTMLInputElement | null>; defect: React.RefObject<HTMLInputElement | null> };
  doneHref: string;
}) {
  const router = useRouter();
  const api = useApiWrite();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [idempotencyKey] = useState(() => crypto.randomUUID());
  const savedResult = useRef<string | null>(null);
  const uploaded = useRef(new Set<number>());
  const { projectKey, run, entry } = data;

  async function save() {
    if (!writable || saving) return;
    if (!form.effective) {
      setError("Choose an overall status first: P, F, B, S or R.");
      return;
    }
    const durationMs = parseDuration(form.timeText);
    if (durationMs === undefined) {
      setError("Elapsed time: write it as 4:30, 1:02:03 or 1h 5m.");
      refs.time.current?.focus();
      return;
    }
    if (form.defectUrl.trim() && !form.defectKey.trim()) {
      setError("Give the defect's key (e.g. JIRA-123) along with its URL.");
      refs.defect.current?.focus();
      return;
    }
    setSaving(true);
    setError(null);
    let resultId = savedResult.current;
    if (!resultId) {
      const stepResults = form.steps.map((s, i) => ({ index: i, status: s })).filter((s) => s.status !== "UNTESTED");
      const res = await api.send<{ result: { id: string } }>("POST", `/api/projects/${projectKey}/test-runs/${run.id}/entries/${entry.id}/results`, {
        status: form.effective,
        comment: form.comment.trim() || undefined,
        stepResults: stepResults.length ? stepResults : undefined,
        durationMs,
        defect: form.defectKey.trim() ? { key: form.defectKey.trim(), url: form.defectUrl.trim() || undefined, tracker: form.tracker } : undefined,
        idempotencyKey,
      });
      if (!res.ok) {
        setError(errorSentence(res));
        setSaving(false);
        return;
      }
      resultId = res.data.result.id;
      savedResult.current = resultId;
    }
    for (const f of form.files) {
      if (uploaded.current.has(f.id)) continue;
      const res = await api.upload(`/api/projects/${projectKey}/results/${resultId}/attachments?name=${encodeURIComponent(f.file.name)}`, f.file);
      if (!res.ok) {
        setError(`The result is saved, but ${f.file.name} was not uploaded: ${res.message} Save again to retry, or remove the file.`);
        setSaving(false);
        return;
      }
      uploaded.current.add(f.id);
    }
    router.push(doneHref);
    router.refresh();
  }

  return { save, saving, error, savedResultId: () => savedResult.current };
}
