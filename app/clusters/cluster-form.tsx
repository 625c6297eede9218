"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { clustersKey, useSecrets, type ClusterBody, type PresetDoc } from "@/app/clusters/cluster-api";
import { AdminFieldsLockedContext, FieldErrors, FieldErrorsContext, TextField } from "@/app/clusters/fields";
import { HostsEditor } from "@/app/clusters/hosts-editor";
import { SettingsEditor } from "@/app/clusters/settings-editor";
import { ApiError, apiFetch } from "@/lib/api/api-fetch";
import type { Actor } from "@/lib/auth/actor";
import type { HostSpec } from "@/lib/clusters/cluster-spec";
import type { FieldError } from "@/lib/errors";

const DETECTOR = "spec.detector";
const QUALITY = "spec.quality";

/** Reads a JSON box; a box that is not JSON is refused here, next to it, before any request. */
function parseJsonBox(text: string, path: string, what: string): { value?: unknown; error?: FieldError } {
  try {
    return { value: JSON.parse(text) };
  } catch {
    return { error: { path, message: `a JSON document (${what})` } };
  }
}

export function ClusterForm({ initial, submitLabel, save }: { initial: PresetDoc; submitLabel: string; save: (body: ClusterBody) => Promise<unknown> }) {
  const router = useRouter();
  const queryClient = useQueryClient();
  const me = useQuery({ queryKey: ["session"], queryFn: () => apiFetch<{ actor: Actor }>("/api/session").then((r) => r.actor) });
  // Locked until the role is known: an operator never gets to type into a field the API would refuse.
  const locked = me.data?.role !== "admin";
  const secrets = useSecrets().data ?? [];
  const [name, setName] = useState(initial.name);
  const [description, setDescription] = useState(initial.description);
  const [hosts, setHosts] = useState(initial.spec.hosts);
  const [settings, setSettings] = useState({ kafka: initial.spec.kafka, spark: initial.spec.spark, buffer: initial.spec.buffer, supervision: initial.spec.supervision });
  const [detectorText, setDetectorText] = useState(() => JSON.stringify(initial.spec.detector, null, 2));
  const [qualityText, setQualityText] = useState(() => JSON.stringify(initial.spec.quality ?? {}, null, 2));
  const [localErrors, setLocalErrors] = useState<FieldError[]>([]);

  const mutation = useMutation({
    mutationFn: save,
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: clustersKey });
      router.push("/clusters");
    },
  });
  const apiError = mutation.error instanceof ApiError ? mutation.error : null;
  const errors = [...localErrors, ...(apiError?.fields ?? [])];

  // The buffer's S3 credentials go to the buffer host: moved elsewhere, it keeps none until they are picked again.
  const onMoved = (host: HostSpec) => {
    if (host.roles.includes("buffer")) setSettings((s) => ({ ...s, buffer: { ...s.buffer, credentialsSecret: "" } }));
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const detector = parseJsonBox(detectorText, DETECTOR, "the detector configuration");
    const quality = parseJsonBox(qualityText, QUALITY, "the quality checks");
    const boxErrors = [detector.error, quality.error].filter((e): e is FieldError => !!e);
    setLocalErrors(boxErrors);
    if (boxErrors.length) return;
    mutation.mutate({ name, description, spec: { hosts, ...settings, detector: detector.value, quality: quality.value } });
  };

  return (
    <AdminFieldsLockedContext.Provider value={locked}>
      <FieldErrorsContext.Provider value={errors}>
        <form className="cluster-form" onSubmit={submit} noValidate>
          {mutation.error ? (
            <div className="error-banner" data-testid="form-error" role="alert">
              {apiError?.fields.length ? `The configuration has ${apiError.fields.length} problem(s); see the fields marked below.` : mutation.error.message}
            </div>
          ) : null}
          <fieldset>
            <legend>Configuration</legend>
            <div className="grid">
              <TextField label="Name" path="name" value={name} onChange={setName} placeholder="lower-case, digits and -" />
              <TextField label="Description" path="description" value={description} onChange={setDescription} />
            </div>
          </fieldset>
          <HostsEditor hosts={hosts} original={initial.spec.hosts} onChange={setHosts} onMoved={onMoved} sshKeys="ssh-key-secrets" />
          <SettingsEditor value={settings} onChange={setSettings} s3Credentials="s3-credential-secrets" />
          <fieldset>
            <legend>Detector</legend>
            <textarea data-testid={`field-${DETECTOR}`} rows={14} value={detectorText} onChange={(e) => setDetectorText(e.target.value)} spellCheck={false} />
            <FieldErrors path={DETECTOR} nested />
          </fieldset>
          <fieldset>
            <legend>Data-quality checks (frozen into each run)</legend>
            <textarea data-testid={`field-${QUALITY}`} rows={14} value={qualityText} onChange={(e) => setQualityText(e.target.value)} spellCheck={false} />
            <FieldErrors path={QUALITY} nested />
          </fieldset>
          <datalist id="ssh-key-secrets">
            {secrets.filter((s) => s.kind === "ssh_key").map((s) => (
              <option key={s.id} value={s.name} />
            ))}
          </datalist>
          <datalist id="s3-credential-secrets">
            {secrets.filter((s) => s.kind === "s3_credentials").map((s) => (
              <option key={s.id} value={s.name} />
            ))}
          </datalist>
          <div className="actions">
            <button type="submit" className="primary" data-testid="save" disabled={mutation.isPending}>
              {mutation.isPending ? "Saving…" : submitLabel}
            </button>
          </div>
        </form>
      </FieldErrorsContext.Provider>
    </AdminFieldsLockedContext.Provider>
  );
}
