// The project's quarantine as the reporter sees it: fetched once at the start of a run; results of
// quarantined tests are marked `quarantined: true` before they are sent. They are still sent,
// stored and shown; the server's verdict keeps them from blocking.

/** `GET /api/projects/{project}/quarantine`: the active quarantines. */
export function fetchQuarantine(client, project) {
  return client.request("GET", `${client.projectPath(project)}/quarantine`);
}

export class QuarantineMarks {
  /**
   * @param {Promise<{ data: { caseKey: string, automationKey: string | null }[] }> | null} list  null: option "ignore"
   * @param {(message: string) => void} [warn]
   */
  constructor(list, warn = () => {}) {
    this.keys = new Set();
    this.caseKeys = new Set();
    this.marked = new Set();
    this.count = 0;
    this.ready = list
      ? list.then(
          (answer) => {
            for (const q of answer?.data ?? []) {
              if (q.automationKey) this.keys.add(q.automationKey);
              if (q.caseKey) this.caseKeys.add(q.caseKey.toUpperCase());
            }
          },
          (err) => warn(`Could not read the project's quarantine (results are sent unmarked): ${err?.message ?? err}`),
        )
      : Promise.resolve();
  }

  /** Waits for the list, then marks the results of quarantined tests (by testKey or case key). */
  async mark(results) {
    await this.ready;
    for (const r of results) {
      const hit = this.keys.has(r.testKey) || (r.caseKey && this.caseKeys.has(String(r.caseKey).toUpperCase()));
      if (!hit) continue;
      if (!r.quarantined) this.count++;
      r.quarantined = true;
      this.marked.add(r.testKey);
    }
  }
}
