"use client";

import Link from "next/link";
import type { Actor } from "@/lib/auth/actor";
import { apiFetch } from "@/lib/api/api-fetch";

/** The top bar's right side: who is logged in, their pages, logout. */
export function UserMenu({ actor }: { actor: Actor | null }) {
  if (!actor) return <Link href="/login">Log in</Link>;
  const logout = async () => {
    await apiFetch("/api/session", { method: "DELETE" }).catch(() => {});
    // A full load: nothing of the ended session stays in the page.
    // eslint-disable-next-line @next/next/no-location-assign-relative-destination
    location.assign("/login");
  };
  return (
    <nav className="user-menu">
      {actor.role === "admin" ? (
        <>
          <Link href="/admin/users">Users</Link>
          <Link href="/admin/audit">Audit</Link>
          <Link href="/admin/webhooks">Webhooks</Link>
        </>
      ) : null}
      <Link href="/settings/tokens">Tokens</Link>
      <span className="muted" data-testid="whoami">
        {actor.name} · {actor.role}
      </span>
      <button type="button" className="link" data-testid="logout" onClick={logout}>
        Log out
      </button>
    </nav>
  );
}
