/**
 * The one error type of COSMO. `message` is safe to show a user; anything
 * internal (stack, driver text) goes in `cause` and only reaches the logs.
 */
export const errorStatus = {
  BAD_REQUEST: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  PREREQUISITE_MISSING: 500,
  PORT_TAKEN: 500,
  SERVICE_FAILED: 500,
  SERVICE_UNAVAILABLE: 503,
  INTERNAL: 500,
} as const;

export type ErrorCode = keyof typeof errorStatus;

export class CosmoError extends Error {
  readonly code: ErrorCode;
  readonly status: number;

  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "CosmoError";
    this.code = code;
    this.status = errorStatus[code];
  }
}

export function toErrorBody(error: unknown): { status: number; body: { error: { code: ErrorCode; message: string } } } {
  if (error instanceof CosmoError) {
    return { status: error.status, body: { error: { code: error.code, message: error.message } } };
  }
  return { status: 500, body: { error: { code: "INTERNAL", message: "Internal error" } } };
}
