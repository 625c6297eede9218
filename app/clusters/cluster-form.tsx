"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { clustersKey, useSecrets, type ClusterBody, type PresetDoc } from "@/app/clusters/cluster-api";
import { FieldErrors, FieldErrorsContext, TextField } from "@/app/clusters/fields";
import { HostsEditor } from "@/app/clusters/hosts-editor";
import { SettingsEditor } from "@/app/clusters/settings-editor";
import { ApiError } from "@/lib/api/api-fetch";
import type { FieldError } from "@/lib/errors";

const DETECTOR = "spec.detector";

/** Reads the detector box; a box that is not JSON is refused here, next to it, before any request. */
function parseDetector(text: string): { value?: unknown; error?: FieldError } {
  try {
    return { value: JSON.parse(text) };
  } catch {
    return { error: { path: DETECTOR, message: "a JSON document (the detector configuration)" } };
  }
}

export function ClusterForm({ initial, submitLabel, save }: { initial: PresetDoc; submitLabel: string; save: (body: ClusterBody) => Promise<unknown> }) {
  const router = useRouter();
  const queryClient = useQueryClient();
  const secrets = useSecrets().data ?? [];
  const [name, setName] = useState(initial.name);
  const [description, setDescription] = useState(initial.description);
  const [hosts, setHosts] = useState(initial.spec.hosts);
  const [settings, setSettings] = useState({ kafka: initial.spec.kafka, spark: initial.spec.spark, buffer: initial.spec.buffer, supervision: initial.spec.supervision });
  const [detectorText, setDetectorText] = useState(() => JSON.stringify(initial.spec.detector, null, 2));
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

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const detector = parseDetector(detectorText);
    setLocalErrors(detector.error ? [detector.error] : []);
    if (detector.error) return;
    mutation.mutate({ name, description, spec: { hosts, ...settings, detector: detector.value } });
  };

  return (
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
        <HostsEditor hosts={hosts} onChange={setHosts} sshKeys="ssh-key-secrets" />
        <SettingsEditor value={settings} onChange={setSettings} s3Credentials="s3-credential-secrets" />
        <fieldset>
          <legend>Detector</legend>
          <textarea data-testid={`field-${DETECTOR}`} rows={14} value={detectorText} onChange={(e) => setDetectorText(e.target.value)} spellCheck={false} />
          <FieldErrors path={DETECTOR} nested />
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
  );
}
