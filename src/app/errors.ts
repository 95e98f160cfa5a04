/**
 * Typed errors for the edges. Policy outcomes and input problems are values, not exceptions; these
 * are for what stops a command: the user's own mistake (with a hint they can act on), a cluster
 * that refuses or cannot be reached, or a bug in kube-harden.
 */
export class UserError extends Error {
  override readonly name = 'UserError';
  constructor(
    message: string,
    readonly hint?: string,
  ) {
    super(message);
  }
}

/** One line for the terminal, never a stack trace (that is for --debug). */
export function describeError(error: unknown): string {
  if (error instanceof UserError) return error.hint ? `${error.message} (${error.hint})` : error.message;
  const message = error instanceof Error ? error.message : String(error);
  return `internal error: ${message.split('\n')[0]} (this is a bug in kube-harden; run again with --debug for details)`;
}
