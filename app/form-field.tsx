import type { ReactNode } from "react";
import { ApiError } from "@/lib/api/api-fetch";

/** The message the API gave for one field of a refused form (400 with per-field errors). */
export const fieldErrorOf = (error: unknown, path: string): string | undefined =>
  error instanceof ApiError ? error.fields.find((f) => f.path === path)?.message : undefined;

/** A refusal not tied to a field (a conflict, a missing right): shown once for the whole form. */
export const formErrorOf = (error: Error | null): string | undefined =>
  error && !(error instanceof ApiError && error.fields.length) ? error.message : undefined;

/** A labelled input with the API's message for it underneath. */
export function FormField({ label, error, children }: { label: string; error?: string; children: ReactNode }) {
  return (
    <label className="field">
      <span>{label}</span>
      {children}
      {error ? <small className="field-errors">{error}</small> : null}
    </label>
  );
}
