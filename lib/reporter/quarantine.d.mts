import type { QaStudioClient } from "./client.mjs";

export interface QuarantineAnswer {
  data: { caseKey: string; automationKey: string | null }[];
}

export function fetchQuarantine(client: QaStudioClient, project: string): Promise<QuarantineAnswer>;

export class QuarantineMarks {
  constructor(list: Promise<QuarantineAnswer> | null, warn?: (message: string) => void);
  /** Results marked `quarantined: true` so far. */
  count: number;
  /** testKeys of the tests marked. */
  marked: Set<string>;
  ready: Promise<void>;
  mark(results: Record<string, any>[]): Promise<void>;
}
