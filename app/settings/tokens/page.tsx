import { TokensPanel } from "@/app/settings/tokens/tokens-panel";

export const metadata = { title: "API tokens · COSMO" };

export default function TokensPage() {
  return (
    <section>
      <h1>API tokens</h1>
      <p className="muted">
        For scripts and the <code>cosmo</code> command: send one as <code>Authorization: Bearer &lt;token&gt;</code>, or set{" "}
        <code>COSMO_TOKEN</code>. A token is shown once, when it is created; revoking it stops it at once.
      </p>
      <TokensPanel />
    </section>
  );
}
