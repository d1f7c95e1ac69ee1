/**
 * An error the user can act on: what went wrong and what to do next.
 * Front ends print `message` (and `hint`) without a stack trace.
 */
export class EdgitError extends Error {
  constructor(
    message: string,
    readonly code: EdgitErrorCode,
    readonly hint?: string,
  ) {
    super(message);
    this.name = 'EdgitError';
  }

  /** One line: the message, then the next step when there is one. */
  get userMessage(): string {
    return this.hint ? `${this.message} ${this.hint}` : this.message;
  }
}

export type EdgitErrorCode =
  | 'not-a-repository'
  | 'invalid-name'
  | 'unknown-component'
  | 'unknown-version'
  | 'unknown-environment'
  | 'version-exists'
  | 'safety-check'
  | 'push-refused'
  | 'remote-unreachable'
  | 'conflict'
  | 'git-failed'
  | 'bad-input'
  /** The command line asks for something it cannot do as given (the CLI exits 2): a missing or contradictory choice. */
  | 'bad-usage';

export function isEdgitError(e: unknown): e is EdgitError {
  return e instanceof EdgitError;
}
