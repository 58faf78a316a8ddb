import type { TestCase, TestResult } from "@playwright/test/reporter";

export interface KeyOptions {
  rootDir: string;
  includeProject?: boolean;
}

export interface ApiResult {
  testKey: string;
  title: string;
  suitePath: string[];
  status: string;
  expectedStatus: string;
  attempt: number;
  durationMs: number;
  startedAt?: string;
  error?: { message?: string; stack?: string; location?: string };
  steps?: { title: string; status: string; durationMs: number; error?: string }[];
  tags: string[];
  annotations: { type: string; description?: string }[];
  idempotencyKey: string;
}

export interface AttachmentFile {
  name: string;
  contentType: string;
  path?: string;
  body?: Buffer;
}

/** Look-alikes of Playwright's objects are accepted (only plain properties and parent links are read). */
type TestLike = TestCase | ({ title: string } & Record<string, any>);
type ResultLike = TestResult | Record<string, any>;

export function testPathOf(test: TestLike, rootDir: string): { projectName: string; file: string; describes: string[]; title: string };
export function testKeyOf(test: TestLike, opts: KeyOptions): string;
export function suitePathOf(test: TestLike, opts: KeyOptions): string[];
export function idempotencyKeyOf(testKey: string, repeatEachIndex?: number, retry?: number): string;
export function toApiResult(test: TestLike, result: ResultLike, opts: KeyOptions): ApiResult;
export function attachmentsToUpload(test: TestLike, result: ResultLike): AttachmentFile[];
export function attachmentFileName(a: { name?: string; contentType?: string; path?: string }): string;
