// The errors that say whose fault a failure is, so the CLI and the HTTP API answer alike:
//   UsageError        bad input the user or client can fix          exit 2, HTTP 400
//   ConflictError     a request the current state refuses           exit 2, HTTP 409
//   UnavailableError  a service the request needs is not there       exit 1, HTTP 503
//   anything else     a bug: stack trace to the log (stderr)         exit 1, HTTP 500
// The first three are "plain": their one-line message says it all, so no stack is logged.

/** A failure whose one-line message is meant for the user; no stack trace is logged. */
export class PlainError extends Error {}

/** Bad input (a flag, a body field, an unknown id); the message is one line naming it. */
export class UsageError extends PlainError {}

/** A well-formed request the current state refuses (e.g. resuming a run still running). */
export class ConflictError extends UsageError {}

/** A service the request needs cannot be used: a missing key, an unreachable endpoint. */
export class UnavailableError extends PlainError {}

/** The process exit code for an error that ended a command: 2 for usage errors, else 1. */
export function exitCodeFor(e: unknown): number {
  return e instanceof UsageError ? 2 : 1;
}
