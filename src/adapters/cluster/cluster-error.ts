import { ReportedError } from '../../app/errors.js';

/**
 * A cluster that refuses or cannot be reached, described in one line a user can act on: what was
 * asked (verb, resource, namespace), of which server, what it answered, and whether a retry helps.
 */
export type ClusterErrorKind = 'unreachable' | 'timeout' | 'unauthorized' | 'forbidden' | 'not-found' | 'conflict' | 'invalid' | 'throttled' | 'server' | 'other';

export class ClusterError extends ReportedError {
  override readonly name = 'ClusterError';
  constructor(
    readonly kind: ClusterErrorKind,
    message: string,
    readonly details: {
      readonly server: string;
      readonly verb?: string;
      readonly resource?: string;
      readonly namespace?: string;
      readonly status?: number;
      readonly retryable?: boolean;
      readonly hint?: string;
      /** The server's own message (a Status body's `message`), when it sent one. */
      readonly serverMessage?: string;
    },
  ) {
    super(message, details.hint);
  }
}
