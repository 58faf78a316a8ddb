import { AppError } from "@/lib/errors";

/**
 * Jira is not set up, refused the request, or could not be reached. Reported as a conflict with
 * the integration's state, with Jira's own words where it gave any; nothing is stored.
 */
export class JiraError extends AppError {
  constructor(message: string) {
    super("CONFLICT", message);
    this.name = "JiraError";
  }
}
