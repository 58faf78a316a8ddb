import { AppError } from "@/lib/errors";

/**
 * Jira is not set up (409, a conflict with the integration's state), or Jira itself refused the
 * request or could not be reached (502, with Jira's own words where it gave any). Nothing is stored.
 */
export class JiraError extends AppError {
  constructor(message: string, code: "CONFLICT" | "UPSTREAM_FAILED" = "CONFLICT") {
    super(code, message);
    this.name = "JiraError";
  }
}
