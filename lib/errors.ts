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

/** Per-field messages of a validation error, keyed by the field's dotted path, so a form can show each beside its field. */
export type FieldErrors = Record<string, string>;

export class CosmoError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly fields?: FieldErrors;

  constructor(code: ErrorCode, message: string, options?: { cause?: unknown; fields?: FieldErrors }) {
    super(message, options);
    this.name = "CosmoError";
    this.code = code;
    this.status = errorStatus[code];
    this.fields = options?.fields;
  }
}

export interface ErrorBody {
  error: { code: ErrorCode; message: string; fields?: FieldErrors };
}

export function toErrorBody(error: unknown): { status: number; body: ErrorBody } {
  if (error instanceof CosmoError) {
    const fields = error.fields ? { fields: error.fields } : {};
    return { status: error.status, body: { error: { code: error.code, message: error.message, ...fields } } };
  }
  return { status: 500, body: { error: { code: "INTERNAL", message: "Internal error" } } };
}
