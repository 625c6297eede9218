"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { FormField, fieldErrorOf, formErrorOf } from "@/app/form-field";
import { apiFetch } from "@/lib/api/api-fetch";
import type { Actor } from "@/lib/auth/actor";
import { hasRole, roles, type Role } from "@/lib/auth/roles";
import type { TokenView } from "@/lib/tokens/token-view";

const tokensKey = ["tokens"] as const;
const when = (iso: string | null, none: string) => (iso ? new Date(iso).toLocaleString() : none);

function CreateToken({ actor, onCreated }: { actor: Actor; onCreated: (created: { token: TokenView; value: string }) => void }) {
  const [name, setName] = useState("");
  const [role, setRole] = useState<Role>("viewer");
  const [days, setDays] = useState(90);
  const create = useMutation({
    mutationFn: () => apiFetch<{ token: TokenView; value: string }>("/api/tokens", { method: "POST", body: { name, role, expiresInDays: days } }),
    onSuccess: (created) => {
      setName("");
      onCreated(created);
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate();
  };
  return (
    <form className="filters" onSubmit={submit}>
      <FormField label="Name" error={fieldErrorOf(create.error, "name")}>
        <input data-testid="token-name" value={name} onChange={(e) => setName(e.target.value)} placeholder="ci-nightly" />
      </FormField>
      <FormField label="Role" error={fieldErrorOf(create.error, "role")}>
        <select data-testid="token-role" value={role} onChange={(e) => setRole(e.target.value as Role)}>
          {roles.filter((r) => hasRole(actor.role, r)).map((r) => (
            <option key={r}>{r}</option>
          ))}
        </select>
      </FormField>
      <FormField label="Expires in (days)" error={fieldErrorOf(create.error, "expiresInDays")}>
        <input data-testid="token-days" type="number" min={1} max={366} value={days} onChange={(e) => setDays(Number(e.target.value))} />
      </FormField>
      <button type="submit" className="primary" data-testid="create-token" disabled={create.isPending || !name}>
        Create token
      </button>
      {formErrorOf(create.error) ? <span className="state-unhealthy">{formErrorOf(create.error)}</span> : null}
    </form>
  );
}

export function TokensPanel() {
  const client = useQueryClient();
  const me = useQuery({ queryKey: ["session"], queryFn: () => apiFetch<{ actor: Actor }>("/api/session").then((r) => r.actor) });
  const tokens = useQuery({ queryKey: tokensKey, queryFn: () => apiFetch<{ tokens: TokenView[] }>("/api/tokens").then((r) => r.tokens) });
  // The value lives in this component's state only: gone on reload, never fetched again.
  const [fresh, setFresh] = useState<{ token: TokenView; value: string } | null>(null);
  const revoke = useMutation({
    mutationFn: (id: string) => apiFetch(`/api/tokens/${id}`, { method: "DELETE" }),
    onSuccess: () => client.invalidateQueries({ queryKey: tokensKey }),
  });

  return (
    <>
      {me.data ? (
        <CreateToken
          actor={me.data}
          onCreated={(created) => {
            setFresh(created);
            void client.invalidateQueries({ queryKey: tokensKey });
          }}
        />
      ) : null}
      {fresh ? (
        <div className="token-once" data-testid="token-once">
          <strong>{fresh.token.name}</strong>: copy it now, it will not be shown again.
          <code data-testid="token-value">{fresh.value}</code>
          <button type="button" data-testid="token-dismiss" onClick={() => setFresh(null)}>
            Done
          </button>
        </div>
      ) : null}
      {revoke.error ? <p className="error-banner">{revoke.error.message}</p> : null}
      {tokens.isPending ? (
        <p className="muted">Loading tokens…</p>
      ) : tokens.error ? (
        <p className="state-unhealthy">{tokens.error.message}</p>
      ) : tokens.data.length === 0 ? (
        <p className="muted">No token yet.</p>
      ) : (
        <table data-testid="tokens">
          <thead>
            <tr>
              <th>Name</th>
              <th>Prefix</th>
              <th>Role</th>
              <th>Expires</th>
              <th>Last used</th>
              <th>State</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {tokens.data.map((t) => (
              <tr key={t.id} data-testid={`token-${t.name}`}>
                <td>{t.name}</td>
                <td>
                  <code data-testid="prefix">{t.prefix}…</code>
                </td>
                <td>{t.role}</td>
                <td>{when(t.expiresAt, "never")}</td>
                <td>{when(t.lastUsedAt, "never")}</td>
                <td data-testid="state">{t.revokedAt ? "revoked" : t.expiresAt && new Date(t.expiresAt) <= new Date() ? "expired" : "active"}</td>
                <td>
                  {t.revokedAt ? null : (
                    <button type="button" className="danger" data-testid="revoke" disabled={revoke.isPending} onClick={() => revoke.mutate(t.id)}>
                      Revoke
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
