"use client";

import { createContext, useContext, type ReactNode } from "react";
import { isAdminOnlyPath } from "@/lib/clusters/admin-fields";
import type { FieldError } from "@/lib/errors";

/** The API's field errors of the last save, for every field to find its own. */
export const FieldErrorsContext = createContext<FieldError[]>([]);

/** True while the person editing is not an admin: the admin-only fields are then shown, not editable. */
export const AdminFieldsLockedContext = createContext(true);

/** Whether the field at `path` is read-only for the person editing. */
export const useLocked = (path: string) => useContext(AdminFieldsLockedContext) && isAdminOnlyPath(path);

const LOCKED_TITLE = "set by an admin";

/** The messages for `path`; with `nested`, also those of anything inside it (`spec.detector.chambers.0`). */
export function FieldErrors({ path, nested = false }: { path: string; nested?: boolean }) {
  const errors = useContext(FieldErrorsContext).filter((e) => e.path === path || (nested && e.path.startsWith(`${path}.`)));
  if (!errors.length) return null;
  return (
    <ul className="field-errors" data-testid={`error-${path}`}>
      {errors.map((e, i) => (
        <li key={i}>{e.path === path ? e.message : `${e.path.slice(path.length + 1)}: ${e.message}`}</li>
      ))}
    </ul>
  );
}

function Field({ label, path, children }: { label: string; path: string; children: ReactNode }) {
  const invalid = useContext(FieldErrorsContext).some((e) => e.path === path);
  return (
    <label className={invalid ? "field invalid" : "field"}>
      <span>{label}</span>
      {children}
      <FieldErrors path={path} />
    </label>
  );
}

export function TextField(props: { label: string; path: string; value: string; onChange: (v: string) => void; placeholder?: string; list?: string }) {
  const locked = useLocked(props.path);
  return (
    <Field label={props.label} path={props.path}>
      <input
        data-testid={`field-${props.path}`}
        readOnly={locked}
        title={locked ? LOCKED_TITLE : undefined}
        value={props.value}
        placeholder={props.placeholder}
        list={props.list}
        onChange={(e) => props.onChange(e.target.value)}
      />
    </Field>
  );
}

/** An empty box is NaN, which JSON sends as null: the API then names the field. */
export function NumberField(props: { label: string; path: string; value: number; onChange: (v: number) => void }) {
  const locked = useLocked(props.path);
  return (
    <Field label={props.label} path={props.path}>
      <input
        data-testid={`field-${props.path}`}
        readOnly={locked}
        title={locked ? LOCKED_TITLE : undefined}
        type="number"
        value={Number.isFinite(props.value) ? props.value : ""}
        onChange={(e) => props.onChange(e.target.value === "" ? NaN : Number(e.target.value))}
      />
    </Field>
  );
}
