import { WebhooksPanel } from "@/app/admin/webhooks/webhooks-panel";

export const metadata = { title: "Webhooks · COSMO" };

export default function WebhooksPage() {
  return (
    <section>
      <h1>Webhooks</h1>
      <p className="muted">
        Every alarm raised, cleared or acknowledged is POSTed to each enabled webhook, as a message Slack and Mattermost incoming webhooks accept. A failed delivery is retried
        with growing delays (1-2 s, 2-4 s, … about 25 minutes in all). The URL is kept sealed as a secret: only its host is shown.
      </p>
      <WebhooksPanel />
    </section>
  );
}
