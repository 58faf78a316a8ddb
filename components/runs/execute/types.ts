import type { TotpTokenRef } from "@/components/authenticators/totp-code";
import type { StatusCounts } from "@/lib/runs/schemas";

export type Overall = "PASSED" | "FAILED" | "BLOCKED" | "SKIPPED" | "RETEST";
export type StepStatus = "PASSED" | "FAILED" | "BLOCKED" | "SKIPPED" | "UNTESTED";
export type Tracker = "JIRA" | "GITHUB" | "LINEAR" | "OTHER";

export type Attempt = {
  id: string;
  attempt: number;
  status: string;
  executedAt: string;
  durationMs: number | null;
  by: string | null;
  comment: string | null;
  stepResults: { index: number; status: string; comment?: string }[] | null;
  defect: { key: string; url: string | null; tracker: string } | null;
};

export type ExecuteData = {
  projectKey: string;
  projectName: string;
  run: { id: string; name: string; status: string; environment: string; milestone: { id: string; name: string }; counts: StatusCounts };
  entry: {
    id: string;
    caseKey: string;
    title: string;
    priority: string;
    status: string;
    caseVersion: number;
    latestVersion: number;
    suitePath: string | null;
    assignee: string | null;
    tags: string[];
    preconditions: string;
    steps: { action: string; expected: string }[];
  };
  entries: { id: string; caseKey: string; title: string; status: string }[];
  index: number;
  attempts: Attempt[];
  /** Shared authenticator tokens named by the case's tags. */
  tokens: TotpTokenRef[];
  canWrite: boolean;
  me: string | null;
};
