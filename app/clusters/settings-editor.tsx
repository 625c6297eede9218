"use client";

import { NumberField, TextField } from "@/app/clusters/fields";
import type { ClusterSpec } from "@/lib/clusters/cluster-spec";

type Settings = Pick<ClusterSpec, "kafka" | "spark" | "buffer" | "supervision">;

/** One section of settings whose fields are all text or numbers, laid out as a grid. */
function Section<K extends keyof Settings>(props: {
  title: string;
  section: K;
  value: Settings[K];
  onChange: (v: Settings[K]) => void;
  fields: { key: keyof Settings[K] & string; label: string; list?: string }[];
}) {
  return (
    <fieldset>
      <legend>{props.title}</legend>
      <div className="grid">
        {props.fields.map(({ key, label, list }) => {
          const path = `spec.${props.section}.${key}`;
          const current = props.value[key];
          const set = (v: unknown) => props.onChange({ ...props.value, [key]: v });
          return typeof current === "number" ? (
            <NumberField key={key} label={label} path={path} value={current} onChange={set} />
          ) : (
            <TextField key={key} label={label} path={path} value={String(current ?? "")} list={list} onChange={set} />
          );
        })}
      </div>
    </fieldset>
  );
}

export function SettingsEditor({ value, onChange, s3Credentials }: { value: Settings; onChange: (v: Settings) => void; s3Credentials: string }) {
  return (
    <>
      <Section
        title="Kafka"
        section="kafka"
        value={value.kafka}
        onChange={(kafka) => onChange({ ...value, kafka })}
        fields={[
          { key: "hitsTopicPrefix", label: "Hits topic prefix" },
          { key: "resultsTopic", label: "Results topic" },
          { key: "partitions", label: "Partitions" },
          { key: "replicationFactor", label: "Replication factor (0: min(3, brokers))" },
          { key: "minInsyncReplicas", label: "Min in-sync replicas (0: 2 with 3+ replicas)" },
          { key: "brokerHeap", label: "Broker heap" },
          { key: "retentionMs", label: "Retention (ms)" },
        ]}
      />
      <Section
        title="Spark"
        section="spark"
        value={value.spark}
        onChange={(spark) => onChange({ ...value, spark })}
        fields={[
          { key: "executorCores", label: "Executor cores" },
          { key: "executorMemory", label: "Executor memory" },
          { key: "workerCores", label: "Worker cores" },
          { key: "workerMemory", label: "Worker memory" },
          { key: "shufflePartitions", label: "Shuffle partitions" },
          { key: "triggerMs", label: "Trigger (ms)" },
        ]}
      />
      <Section
        title="Buffer (S3 to Kafka)"
        section="buffer"
        value={value.buffer}
        onChange={(buffer) => onChange({ ...value, buffer })}
        fields={[
          { key: "s3Endpoint", label: "S3 endpoint (empty: COSMO's own)" },
          { key: "bucket", label: "Bucket" },
          { key: "prefix", label: "Prefix" },
          { key: "credentialsSecret", label: "Credentials secret (empty: COSMO's own)", list: s3Credentials },
          { key: "rate", label: "Rate (records/s, 0 = unlimited)" },
        ]}
      />
      <Section
        title="Supervision"
        section="supervision"
        value={value.supervision}
        onChange={(supervision) => onChange({ ...value, supervision })}
        fields={[
          { key: "maxWindowLatencyMs", label: "Window latency alarm above (ms)" },
          { key: "maxRestarts", label: "Restarts of a component before the run fails" },
          { key: "restartWindowMs", label: "Within (ms)" },
        ]}
      />
    </>
  );
}
