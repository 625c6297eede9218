/** What the remote commands exit with, for scripts. */
export const exitCodes = {
  ok: 0,
  /** The routine failed, or the server refused for another reason (a conflict, not found). */
  failed: 1,
  /** A bad flag or parameter. */
  usage: 2,
  /** The server did not answer. */
  unreachable: 3,
  /** No token, or the token was refused (401) or lacks the role (403). */
  unauthorised: 4,
} as const;

/** Ends a remote command with `code` after printing `message` on stderr. */
export class CliExit extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
    this.name = "CliExit";
  }
}
