/**
 * The one error type of COSMO. `message` is safe to show a user; anything
 * internal (stack, driver text) goes in `cause` and only reaches the logs.
 */
export const errorStatus = {
  BAD_REQUEST: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  /** The route exists but not with this method; the answer's Allow header lists those it has. */
  METHOD_NOT_ALLOWED: 405,
  CONFLICT: 409,
  /** A request body over COSMO_MAX_BODY_BYTES: refused before it is read whole. */
  PAYLOAD_TOO_LARGE: 413,
  /** Headers beyond what node's HTTP parser takes. */
  REQUEST_HEADERS_TOO_LARGE: 431,
  /** Too many failed logins for a user name or from an address: wait, then try again. */
  TOO_MANY_REQUESTS: 429,
  PREREQUISITE_MISSING: 500,
  PORT_TAKEN: 500,
  SERVICE_FAILED: 500,
  SERVICE_UNAVAILABLE: 503,
  /** A secret exists but the configured key cannot open it (the key changed). */
  SECRET_UNREADABLE: 500,
  INTERNAL: 500,
} as const;

export type ErrorCode = keyof typeof errorStatus;

/** One invalid input field: `path` as dotted segments (`spec.hosts.0.address`), `message` what was expected. */
export interface FieldError {
  path: string;
  message: string;
}

export class CosmoError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  /** Per-field details of a BAD_REQUEST, for forms to show next to their fields. */
  readonly fields?: FieldError[];

  constructor(code: ErrorCode, message: string, options?: { cause?: unknown; fields?: FieldError[] }) {
    super(message, options);
    this.name = "CosmoError";
    this.code = code;
    this.status = errorStatus[code];
    if (options?.fields?.length) this.fields = options.fields;
  }
}

export interface ErrorBody {
  error: { code: ErrorCode; message: string; fields?: FieldError[] };
}

export function toErrorBody(error: unknown): { status: number; body: ErrorBody } {
  if (error instanceof CosmoError) {
    const body: ErrorBody = { error: { code: error.code, message: error.message } };
    if (error.fields) body.error.fields = error.fields;
    return { status: error.status, body };
  }
  return { status: 500, body: { error: { code: "INTERNAL", message: "Internal error" } } };
}
