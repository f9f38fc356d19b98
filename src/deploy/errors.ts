/** Errors raised by src/deploy carry a code (Azure SDK style) and, for files, a location. */
export type DeployErrorCode =
  | 'CONFIG_INVALID'      // content.config.yaml failed to parse or validate
  | 'CONFIG_ENV_UNKNOWN'  // --env names no environment in the config
  | 'CONTENT_INVALID'     // a rule/function/workbook cannot be turned into a resource
  | 'ARM_REQUEST'         // ARM answered with an error status
  | 'ARM_TIMEOUT'         // a request timed out (or the connection failed) after retries
  | 'AUTH_FAILED'         // no token could be obtained
  | 'PREFLIGHT_FAILED'    // the workspace lacks a table/column or a query does not run
  | 'PLAN_INVALID'        // a file given to deploy --plan is not a saved plan
  | 'PLAN_STALE';         // the workspace or the repository changed since the saved plan was made

export class DeployError extends Error {
  constructor(
    readonly code: DeployErrorCode,
    message: string,
    readonly location?: { file: string; line?: number; column?: number },
    /** The resource the error is about, `<kind>/<name>`, when known. */
    public subject?: string,
  ) {
    super(message);
    this.name = 'DeployError';
  }

  /** `file:line:col: message` when the error points into a file. */
  override toString(): string {
    if (!this.location) return this.message;
    const { file, line, column } = this.location;
    return `${file}${line ? `:${line}` : ''}${line && column ? `:${column}` : ''}: ${this.message}`;
  }
}
