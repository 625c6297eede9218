"use client";

import { useSearchParams } from "next/navigation";
import { useState, type FormEvent } from "react";
import { apiFetch, ApiError } from "@/lib/api/api-fetch";
import { sameOriginPath } from "@/lib/auth/login-redirect";

export function LoginForm() {
  const next = useSearchParams().get("next");
  const [username, setUsername] = useState("");
  const [password, setPassword] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await apiFetch("/api/session", { method: "POST", body: { username, password } });
      // A full load, so the layout (the top bar's user) is rendered for the new session.
      // Only paths of this site: a `next` pointing elsewhere would make the login page an open redirect.
      location.assign(sameOriginPath(next, location.origin));
    } catch (err) {
      setError(err instanceof ApiError ? err.message : "the server did not answer");
      setBusy(false);
    }
  };

  return (
    <form onSubmit={submit}>
      <label className="field">
        <span>User name</span>
        <input data-testid="username" autoComplete="username" value={username} onChange={(e) => setUsername(e.target.value)} autoFocus />
      </label>
      <label className="field">
        <span>Password</span>
        <input data-testid="password" type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} />
      </label>
      {error ? (
        <p className="error-banner" data-testid="login-error">
          {error}
        </p>
      ) : null}
      <button type="submit" className="primary" data-testid="login" disabled={busy || !username || !password}>
        Log in
      </button>
    </form>
  );
}
