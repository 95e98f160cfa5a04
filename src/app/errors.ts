/**
 * Typed errors for the edges. Policy outcomes and input problems are values, not exceptions; these
 * are for what stops a command: the user's own mistake (with a hint they can act on), a cluster
 * that refuses or cannot be reached, or a bug in kube-harden.
 */
/** An error that ends a command with a message and a hint for the user, never a stack trace. */
export class ReportedError extends Error {
  constructor(
    message: string,
    readonly hint?: string,
  ) {
    super(message);
  }
}

/** The user's own mistake: bad input, a missing kubeconfig, a wrong flag. */
export class UserError extends ReportedError {
  override readonly name = 'UserError';
}

/** One line for the terminal, never a stack trace (that is for --debug). */
export function describeError(error: unknown): string {
  if (error instanceof ReportedError) return error.hint ? `${error.message} (${error.hint})` : error.message;
  const message = error instanceof Error ? error.message : String(error);
  return `internal error: ${message.split('\n')[0]} (this is a bug in kube-harden; run again with --debug for details)`;
}
