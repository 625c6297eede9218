"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { FormField, fieldErrorOf, formErrorOf } from "@/app/form-field";
import { formatDateTime } from "@/app/components/format";
import { apiFetch } from "@/lib/api/api-fetch";
import type { WebhookDeliveryView } from "@/lib/webhooks/list-webhook-deliveries";
import type { WebhookView } from "@/lib/webhooks/webhook-view";

const webhooksKey = ["webhooks"] as const;

function CreateWebhook() {
  const client = useQueryClient();
  const [form, setForm] = useState({ name: "", url: "" });
  const create = useMutation({
    mutationFn: () => apiFetch("/api/webhooks", { method: "POST", body: form }),
    onSuccess: () => {
      setForm({ name: "", url: "" });
      void client.invalidateQueries({ queryKey: webhooksKey });
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate();
  };
  return (
    <form className="filters" onSubmit={submit}>
      <FormField label="Name" error={fieldErrorOf(create.error, "name")}>
        <input data-testid="webhook-name" value={form.name} onChange={(e) => setForm({ ...form, name: e.target.value })} placeholder="shift-channel" />
      </FormField>
      <FormField label="Incoming webhook URL" error={fieldErrorOf(create.error, "url")}>
        <input data-testid="webhook-url" type="password" autoComplete="off" size={50} value={form.url} onChange={(e) => setForm({ ...form, url: e.target.value })} placeholder="https://hooks.slack.com/services/…" />
      </FormField>
      <button type="submit" className="primary" data-testid="create-webhook" disabled={create.isPending}>
        Add webhook
      </button>
      {formErrorOf(create.error) ? <span className="state-unhealthy">{formErrorOf(create.error)}</span> : null}
    </form>
  );
}

const outcome = (d: { status: number | null; error: string | null }) => (d.status !== null ? `HTTP ${d.status}` : (d.error ?? "no answer"));

function Deliveries({ name }: { name: string }) {
  const deliveries = useQuery({
    queryKey: [...webhooksKey, name, "deliveries"],
    queryFn: () => apiFetch<{ deliveries: WebhookDeliveryView[] }>(`/api/webhooks/${name}/deliveries?limit=50`).then((r) => r.deliveries),
    refetchInterval: 3000,
  });
  if (deliveries.isPending) return <p className="muted">Loading deliveries…</p>;
  if (deliveries.error) return <p className="state-unhealthy">{deliveries.error.message}</p>;
  if (!deliveries.data.length) return <p className="muted">Nothing delivered yet.</p>;
  return (
    <table data-testid={`deliveries-${name}`}>
      <thead>
        <tr>
          <th>At</th>
          <th>Alarm</th>
          <th>Event</th>
          <th className="num">Attempt</th>
          <th>Outcome</th>
          <th className="num">ms</th>
        </tr>
      </thead>
      <tbody>
        {deliveries.data.map((d) => (
          <tr key={d.id} data-testid="delivery">
            <td>{formatDateTime(d.at)}</td>
            <td>{d.alarmTitle}</td>
            <td>{d.event}</td>
            <td className="num">{d.attempt}</td>
            <td className={d.status !== null && d.status < 300 ? "state-running" : "state-unhealthy"} data-testid="delivery-outcome">
              {outcome(d)}
            </td>
            <td className="num">{d.durationMs}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function WebhookRow({ webhook, onError }: { webhook: WebhookView; onError: (message: string) => void }) {
  const client = useQueryClient();
  const [open, setOpen] = useState(false);
  const remove = useMutation({
    mutationFn: () => apiFetch(`/api/webhooks/${webhook.name}`, { method: "DELETE" }),
    onSuccess: () => client.invalidateQueries({ queryKey: webhooksKey }),
    onError: (e) => onError(e.message),
  });
  return (
    <>
      <tr data-testid={`webhook-${webhook.name}`}>
        <td>{webhook.name}</td>
        <td data-testid="webhook-host">{webhook.host}</td>
        <td>{webhook.enabled ? "enabled" : "disabled"}</td>
        <td>{webhook.lastDelivery ? `${formatDateTime(webhook.lastDelivery.at)}: ${webhook.lastDelivery.event}, ${outcome(webhook.lastDelivery)}` : "–"}</td>
        <td className="row-actions">
          <button type="button" data-testid="show-deliveries" onClick={() => setOpen(!open)}>
            {open ? "Hide deliveries" : "Deliveries"}
          </button>
          <button type="button" className="danger" data-testid="delete-webhook" disabled={remove.isPending} onClick={() => remove.mutate()}>
            Delete
          </button>
        </td>
      </tr>
      {open ? (
        <tr>
          <td colSpan={5}>
            <Deliveries name={webhook.name} />
          </td>
        </tr>
      ) : null}
    </>
  );
}

export function WebhooksPanel() {
  const webhooks = useQuery({ queryKey: webhooksKey, queryFn: () => apiFetch<{ webhooks: WebhookView[] }>("/api/webhooks").then((r) => r.webhooks), refetchInterval: 5000 });
  const [error, setError] = useState<string | null>(null);
  return (
    <>
      <CreateWebhook />
      {error ? <p className="error-banner">{error}</p> : null}
      {webhooks.isPending ? (
        <p className="muted">Loading webhooks…</p>
      ) : webhooks.error ? (
        <p className="state-unhealthy">{webhooks.error.message}</p>
      ) : !webhooks.data.length ? (
        <p className="muted">No webhook yet.</p>
      ) : (
        <table data-testid="webhooks">
          <thead>
            <tr>
              <th>Name</th>
              <th>Host</th>
              <th>State</th>
              <th>Last delivery</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {webhooks.data.map((w) => (
              <WebhookRow key={w.id} webhook={w} onError={setError} />
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
