import { createHash } from "node:crypto";
import sax from "sax";
import { ValidationError } from "@/lib/errors";

/*
 * Parser choice: `sax` (isaacs/sax-js) rather than `saxes`. Both stream and report line and
 * column, and saxes is faster and stricter, but saxes keeps a whole text node in one string
 * however long it is, while sax hands text and CDATA over in pieces once its buffers reach
 * MAX_BUFFER_LENGTH. A JUnit file can hold one system-out of tens of megabytes; with sax that
 * never sits in memory. Its throughput (about 50 MB/s here) is far above what the database
 * takes, and the checks it leaves out (a second root element, an empty document) are added below.
 */
const SAX_BUFFER = 1024 * 1024;
// Module-wide in sax. 1 MiB rather than its 64 KiB: mocha-junit-reporter puts whole assertion
// messages into attributes, which sax refuses past this length; text is still handed over in
// pieces of at most this size.
(sax as unknown as { MAX_BUFFER_LENGTH: number }).MAX_BUFFER_LENGTH = SAX_BUFFER;

const MAX_DEPTH = 200;
/** Kept per testcase, so a hostile file cannot grow one testcase without bound. */
const MAX_FAILURES = 10;
const MAX_RETRIES = 99;
const LIMIT = { message: 20_000, stack: 50_000, annotation: 2000, annotationType: 100, title: 1000, suite: 200, suites: 20, tags: 50, tag: 100, annotations: 50 };

type Annotation = { type: string; description?: string };

/** One attempt of one testcase, shaped as a results-API item (`ResultInput`); validated by the caller. */
export type JunitItem = {
  testKey: string;
  title: string;
  suitePath: string[];
  status: "PASSED" | "FAILED" | "SKIPPED";
  attempt: number;
  durationMs?: number;
  error?: { message?: string; stack?: string; location?: string };
  tags: string[];
  annotations: Annotation[];
  idempotencyKey: string;
};

/** Keeps the first `max` characters of text that arrives in pieces. */
class Capped {
  private parts: string[] = [];
  private length = 0;
  constructor(private readonly max: number) {}
  add(s: string): void {
    if (this.length >= this.max) return;
    const piece = s.length > this.max - this.length ? s.slice(0, this.max - this.length) : s;
    this.parts.push(piece);
    this.length += piece.length;
  }
  toString(): string {
    return this.parts.join("");
  }
}

const ATTACHMENT = /\[\[ATTACHMENT\|([^\]\r\n]{1,1000})\]\]/g;

/** Finds `[[ATTACHMENT|path]]` markers in system-out that arrives in pieces, without keeping the output. */
class AttachmentScanner {
  private carry = "";
  readonly paths: string[] = [];
  add(s: string): void {
    const text = this.carry + s;
    let end = 0;
    for (const m of text.matchAll(ATTACHMENT)) {
      if (this.paths.length < LIMIT.annotations) this.paths.push(m[1].replaceAll("\u0000", "").trim());
      end = m.index + m[0].length;
    }
    // A marker cut by a piece boundary: keep its start for the next piece.
    const open = text.lastIndexOf("[[");
    if (open >= end && text.length - open <= 1020) this.carry = text.slice(open);
    else this.carry = text.endsWith("[") ? "[" : "";
  }
}

/** A failure, error, or one of Surefire's flaky/rerun elements: one failed attempt. */
type Failed = { kind: string; message?: string; type?: string; time?: string; text: Capped; stackTrace: Capped; out: AttachmentScanner };

type Case = {
  name: string;
  classname?: string;
  time?: string;
  location?: string;
  annotations: Annotation[];
  tags: string[];
  skipped?: { message?: string; text: Capped };
  failures: Failed[];
  retries: Failed[];
  out: AttachmentScanner;
};

type Suite = { name?: string; tags: string[]; priority?: Annotation };

type Property = { owner: "case" | "suite"; name: string; value?: string; text: Capped };

/** What the text inside the element being read is for. */
type Sink = ((s: string) => void) | null;

const RETRY = /^(flaky|rerun)(Failure|Error)$/;

/**
 * Turns a JUnit XML document, fed in pieces with `write`, into results-API items, one per
 * attempt, handed to `onItem` as each testcase closes. Holds only the open suites and the
 * current testcase. Ill-formed XML, or a root that is not `testsuites`/`testsuite`, throws a
 * ValidationError naming the line and column.
 */
export class JunitParser {
  private readonly sax = sax.parser(true, { position: true });
  private readonly stack: { name: string; sink: Sink }[] = [];
  private readonly suites: Suite[] = [];
  private current: Case | null = null;
  private retry: Failed | null = null;
  private property: Property | null = null;
  private rootSeen = false;
  /** Testcases read so far. */
  tests = 0;

  constructor(
    private readonly onItem: (item: JunitItem) => void,
    private readonly label?: string,
  ) {
    this.sax.onerror = (err) => this.fail(err.message.split("\n")[0]);
    this.sax.onopentag = (tag) => this.open(tag.name, tag.attributes as Record<string, string>);
    this.sax.onclosetag = (name) => this.close(name);
    this.sax.ontext = (text) => this.stack[this.stack.length - 1]?.sink?.(text);
    this.sax.oncdata = (text) => this.stack[this.stack.length - 1]?.sink?.(text);
  }

  write(text: string): void {
    this.sax.write(text);
  }

  end(): void {
    this.sax.close();
    if (!this.rootSeen) this.fail("The document has no root element; expected <testsuites> or <testsuite>", false);
  }

  private fail(message: string, where = true): never {
    const at = where ? ` at line ${this.sax.line + 1}, column ${this.sax.column}` : "";
    throw ValidationError.field("xml", `${this.label ? `${this.label}: ` : ""}${message}${at}`);
  }

  private open(name: string, attrs: Record<string, string>): void {
    if (this.stack.length === 0) {
      if (this.rootSeen) this.fail(`Unexpected second root element <${name}>`);
      if (name !== "testsuites" && name !== "testsuite") this.fail(`The root element must be <testsuites> or <testsuite>, not <${name}>`);
      this.rootSeen = true;
    }
    if (this.stack.length >= MAX_DEPTH) this.fail(`Elements are nested more than ${MAX_DEPTH} deep`);
    const parent = this.stack[this.stack.length - 1]?.name;
    let sink: Sink = null;
    const c = this.current;
    if (name === "testsuite" && !c) {
      const outer = this.suites[this.suites.length - 1];
      this.suites.push({ name: clean(attrs.name)?.slice(0, LIMIT.suite), tags: [...(outer?.tags ?? [])], priority: outer?.priority });
    } else if (name === "testcase" && !c) {
      const title = clean(attrs.name) ?? "(unnamed)";
      this.current = {
        name: title,
        classname: clean(attrs.classname),
        time: attrs.time,
        location: attrs.file ? (attrs.line ? `${attrs.file}:${attrs.line}` : attrs.file) : undefined,
        annotations: [],
        // Playwright and others mark tags with @ in titles.
        tags: [...title.matchAll(/(?:^|\s)(@[\w:.-]+)/g)].map((m) => m[1]),
        failures: [],
        retries: [],
        out: new AttachmentScanner(),
      };
    } else if (name === "property" && parent === "properties") {
      const holder = this.stack[this.stack.length - 2]?.name;
      const owner = c && holder === "testcase" ? "case" : !c && holder === "testsuite" ? "suite" : null;
      if (owner) {
        const p: Property = { owner, name: clean(attrs.name) ?? "", value: attrs.value, text: new Capped(LIMIT.annotation) };
        this.property = p;
        sink = (s) => p.text.add(s);
      }
    } else if (c && parent === "testcase") {
      if ((name === "failure" || name === "error") && c.failures.length < MAX_FAILURES) {
        const f = failed(name, attrs);
        c.failures.push(f);
        sink = (s) => f.text.add(s);
      } else if (RETRY.test(name) && c.retries.length < MAX_RETRIES) {
        const f = failed(name, attrs);
        c.retries.push(f);
        this.retry = f;
        sink = (s) => f.text.add(s);
      } else if (name === "skipped") {
        const skipped = { message: clean(attrs.message), text: new Capped(LIMIT.annotation) };
        c.skipped = skipped;
        sink = (s) => skipped.text.add(s);
      } else if (name === "system-out") {
        sink = (s) => c.out.add(s);
      }
    } else if (c && this.retry && RETRY.test(parent ?? "")) {
      const f = this.retry;
      if (name === "stackTrace") sink = (s) => f.stackTrace.add(s);
      else if (name === "system-out") sink = (s) => f.out.add(s);
    }
    this.stack.push({ name, sink });
  }

  private close(name: string): void {
    this.stack.pop();
    const c = this.current;
    if (name === "testcase" && c && !this.stack.some((e) => e.name === "testcase")) {
      this.current = null;
      this.tests++;
      for (const item of itemsOf(c, this.suites)) this.onItem(item);
    } else if (name === "testsuite" && !c) {
      this.suites.pop();
    } else if (name === "property" && this.property) {
      this.addProperty(this.property);
      this.property = null;
    } else if (RETRY.test(name) && this.stack[this.stack.length - 1]?.name === "testcase") {
      this.retry = null;
    }
  }

  /** `priority` and `tags` become the case's priority and tags; a case's other properties are kept as annotations. */
  private addProperty(p: Property): void {
    const value = clean(p.value ?? p.text.toString());
    const key = p.name.toLowerCase();
    const target = p.owner === "case" ? this.current : this.suites[this.suites.length - 1];
    if (!target) return;
    if (key === "tags" || key === "tag") {
      for (const t of (value ?? "").split(/[\s,]+/)) if (t && target.tags.length < LIMIT.tags) target.tags.push(t.slice(0, LIMIT.tag));
    } else if (key === "priority") {
      if (p.owner === "case") this.current!.annotations.unshift(annotation("priority", value));
      else (target as Suite).priority = { type: "priority", description: value };
    } else if (p.owner === "case" && p.name && this.current!.annotations.length < LIMIT.annotations) {
      // A suite's other properties describe the machine (Surefire lists every JVM system
      // property there), not the tests: they are not copied onto each case.
      this.current!.annotations.push(annotation(p.name, value));
    }
  }
}

function failed(kind: string, attrs: Record<string, string>): Failed {
  return {
    kind,
    message: clean(attrs.message),
    type: clean(attrs.type),
    time: attrs.time,
    text: new Capped(LIMIT.stack),
    stackTrace: new Capped(LIMIT.stack),
    out: new AttachmentScanner(),
  };
}

/** Postgres text cannot hold NUL. */
function clean(s: string | undefined): string | undefined {
  const t = s?.replaceAll("\u0000", "").trim();
  return t ? t : undefined;
}

function annotation(type: string, description?: string): Annotation {
  const a: Annotation = { type: type.slice(0, LIMIT.annotationType) };
  if (description) a.description = description.slice(0, LIMIT.annotation);
  return a;
}

function durationOf(time: string | undefined): number | undefined {
  if (time === undefined) return undefined;
  // Some writers format times by locale: "1,234.5" (old Surefire) or a decimal comma, "0,25".
  const t = time.trim();
  const seconds = Number(/^\d{1,3}(,\d{3})+(\.\d+)?$/.test(t) ? t.replace(/,/g, "") : t.replace(",", "."));
  if (!Number.isFinite(seconds) || seconds < 0) return undefined;
  return Math.min(Math.round(seconds * 1000), 2_147_483_647);
}

function errorOf(f: Failed, location?: string): JunitItem["error"] {
  const stack = clean(f.stackTrace.toString()) ?? clean(f.text.toString());
  const message = f.message ?? stack?.split("\n").find((l) => l.trim())?.trim() ?? f.type ?? f.kind;
  // An exception class (AssertionError, java.lang.NullPointerException) reads well before the
  // message; other types (Playwright's matcher names, FAILURE) do not.
  const typed = f.type && /^[\w$.]+(Error|Exception)$/.test(f.type) && !message.startsWith(f.type) ? `${f.type}: ${message}` : message;
  const error: NonNullable<JunitItem["error"]> = { message: typed.slice(0, LIMIT.message) };
  if (stack) error.stack = stack.slice(0, LIMIT.stack);
  if (location) error.location = location.slice(0, 1000);
  return error;
}

/**
 * The attempts of one testcase. Surefire's and Playwright's `flakyFailure`/`flakyError` are failed
 * attempts before the final one; `rerunFailure`/`rerunError` are attempts after the first,
 * which the `failure`/`error` element describes. Further failure elements (Vitest writes one per
 * retry) stay in the one attempt's stack.
 */
function itemsOf(c: Case, suites: Suite[]): JunitItem[] {
  const suitePath = suites
    .map((s) => s.name)
    .filter((n): n is string => !!n)
    .slice(0, LIMIT.suites);
  const testKey = c.classname ? `${c.classname}.${c.name}` : [...suitePath, c.name].join(" › ");
  const inner = suites[suites.length - 1];
  const tags = [...new Set([...c.tags, ...(inner?.tags ?? [])])].slice(0, LIMIT.tags);
  const annotations = [...c.annotations];
  if (inner?.priority && !annotations.some((a) => a.type === "priority")) annotations.push(inner.priority);
  const skipMessage = c.skipped ? (c.skipped.message ?? clean(c.skipped.text.toString())) : undefined;

  const [first, ...more] = c.failures;
  type Attempt = { status: JunitItem["status"]; time?: string; error?: JunitItem["error"]; out: AttachmentScanner; skip?: string };
  const final: Attempt = c.skipped
    ? { status: "SKIPPED", time: c.time, out: c.out, skip: skipMessage }
    : first
      ? { status: "FAILED", time: c.time, out: c.out, error: errorOf(more.length ? withMore(first, more) : first, c.location) }
      : { status: "PASSED", time: c.time, out: c.out };
  const retry = (f: Failed): Attempt => ({ status: "FAILED", time: f.time, out: f.out, error: errorOf(f, c.location) });
  const flaky = c.retries.filter((f) => f.kind.startsWith("flaky")).map(retry);
  const reruns = c.retries.filter((f) => f.kind.startsWith("rerun")).map(retry);
  const attempts = [...flaky, ...(reruns.length && final.status === "FAILED" ? [final, ...reruns] : [...reruns, final])];

  const items = attempts.map((a, attempt) => {
    const notes = [...annotations];
    if (a.skip) notes.push(annotation("skip", a.skip));
    for (const path of a.out.paths) notes.push(annotation("attachment", path));
    const item: Omit<JunitItem, "idempotencyKey"> = {
      testKey,
      title: c.name.slice(0, LIMIT.title),
      suitePath,
      status: a.status,
      attempt,
      tags,
      annotations: notes.slice(0, LIMIT.annotations),
    };
    const durationMs = durationOf(a.time);
    if (durationMs !== undefined) item.durationMs = durationMs;
    if (a.error) item.error = a.error;
    return item;
  });
  // The same testcase uploaded again (any file name) gets the same keys, so it is stored once.
  const hash = createHash("sha256").update(JSON.stringify(items)).digest("base64url").slice(0, 32);
  return items.map((item) => ({ ...item, idempotencyKey: `junit:${hash}:${item.attempt}` }));
}

function withMore(first: Failed, more: Failed[]): Failed {
  const text = new Capped(LIMIT.stack);
  text.add(first.text.toString());
  for (const f of more) text.add(`\n\n${f.text.toString()}`);
  return { ...first, text };
}
