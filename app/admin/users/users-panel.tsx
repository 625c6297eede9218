"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { FormField, fieldErrorOf, formErrorOf } from "@/app/form-field";
import { apiFetch } from "@/lib/api/api-fetch";
import { roles, type Role } from "@/lib/auth/roles";
import type { UserView } from "@/lib/users/user-view";

const usersKey = ["users"] as const;

function CreateUser() {
  const client = useQueryClient();
  const [form, setForm] = useState({ username: "", password: "", role: "viewer" as Role });
  const create = useMutation({
    mutationFn: () => apiFetch("/api/users", { method: "POST", body: form }),
    onSuccess: () => {
      setForm({ username: "", password: "", role: "viewer" });
      void client.invalidateQueries({ queryKey: usersKey });
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate();
  };
  return (
    <form className="filters" onSubmit={submit}>
      <FormField label="User name" error={fieldErrorOf(create.error, "username")}>
        <input data-testid="new-username" value={form.username} onChange={(e) => setForm({ ...form, username: e.target.value })} />
      </FormField>
      <FormField label="Password" error={fieldErrorOf(create.error, "password")}>
        <input data-testid="new-password" type="password" autoComplete="new-password" value={form.password} onChange={(e) => setForm({ ...form, password: e.target.value })} />
      </FormField>
      <FormField label="Role">
        <select data-testid="new-role" value={form.role} onChange={(e) => setForm({ ...form, role: e.target.value as Role })}>
          {roles.map((r) => (
            <option key={r}>{r}</option>
          ))}
        </select>
      </FormField>
      <button type="submit" className="primary" data-testid="create-user" disabled={create.isPending}>
        Create user
      </button>
      {formErrorOf(create.error) ? <span className="state-unhealthy">{formErrorOf(create.error)}</span> : null}
    </form>
  );
}

function UserRow({ user, onError }: { user: UserView; onError: (message: string) => void }) {
  const client = useQueryClient();
  const update = useMutation({
    mutationFn: (body: { role?: Role; disabled?: boolean }) => apiFetch(`/api/users/${user.id}`, { method: "PATCH", body }),
    onSuccess: () => client.invalidateQueries({ queryKey: usersKey }),
    onError: (e) => onError(e.message),
  });
  return (
    <tr data-testid={`user-${user.username}`}>
      <td>{user.username}</td>
      <td>{user.name}</td>
      <td>
        <select data-testid="role" value={user.role} disabled={update.isPending} onChange={(e) => update.mutate({ role: e.target.value as Role })}>
          {roles.map((r) => (
            <option key={r}>{r}</option>
          ))}
        </select>
      </td>
      <td data-testid="state">{user.disabled ? "disabled" : "active"}</td>
      <td>
        <button type="button" className={user.disabled ? "" : "danger"} data-testid="toggle-disabled" disabled={update.isPending} onClick={() => update.mutate({ disabled: !user.disabled })}>
          {user.disabled ? "Enable" : "Disable"}
        </button>
      </td>
    </tr>
  );
}

export function UsersPanel() {
  const users = useQuery({ queryKey: usersKey, queryFn: () => apiFetch<{ users: UserView[] }>("/api/users").then((r) => r.users) });
  const [error, setError] = useState<string | null>(null);
  return (
    <>
      <CreateUser />
      {error ? <p className="error-banner">{error}</p> : null}
      {users.isPending ? (
        <p className="muted">Loading users…</p>
      ) : users.error ? (
        <p className="state-unhealthy">{users.error.message}</p>
      ) : (
        <table data-testid="users">
          <thead>
            <tr>
              <th>User name</th>
              <th>Name</th>
              <th>Role</th>
              <th>State</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {users.data.map((u) => (
              <UserRow key={u.id} user={u} onError={setError} />
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
