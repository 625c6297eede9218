"use client";

import Link from "next/link";
import { useEffect, useRef } from "react";
import { type StepDoc, useExecution } from "@/app/clusters/routine-api";

const seconds = (from: string, to: string | null) => (((to ? Date.parse(to) : Date.now()) - Date.parse(from)) / 1000).toFixed(1);

function StepView({ step }: { step: StepDoc }) {
  const pre = useRef<HTMLPreElement>(null);
  // Follow the output as it grows, like a terminal.
  useEffect(() => {
    if (pre.current) pre.current.scrollTop = pre.current.scrollHeight;
  }, [step.output]);
  return (
    <li className={`step step-${step.status}`} data-testid={`step-${step.index}`}>
      <div className="step-head">
        <span className="step-status" data-testid="step-status">
          {step.status}
        </span>
        <span data-testid="step-name">{step.name}</span>
        {step.host ? <span className="muted small">on {step.host}</span> : null}
        <span className="muted small">{seconds(step.startedAt, step.endedAt)} s</span>
      </div>
      {step.output ? (
        <pre ref={pre} className="step-output" data-testid="step-output">
          {step.output}
        </pre>
      ) : null}
    </li>
  );
}

/** One routine execution: its steps and their output as they come, then its outcome. */
export function ExecutionView({ id }: { id: string }) {
  const { data: execution, error } = useExecution(id);
  if (error) return <div className="error-banner">{error.message}</div>;
  if (!execution) return <p className="muted">loading…</p>;
  const entities = execution.result?.entities;
  return (
    <div className="execution" data-testid="execution">
      <h3>
        {execution.routine}{" "}
        <span className={`state exec-${execution.status}`} data-testid="execution-status">
          {execution.status}
        </span>{" "}
        <span className="muted small">
          by {execution.requestedBy}, {new Date(execution.createdAt).toLocaleString()}
        </span>
      </h3>
      {execution.error ? (
        <div className="error-banner" data-testid="execution-error">
          {execution.error}
        </div>
      ) : null}
      {execution.runId ? (
        <p>
          Run opened: <Link href={`/runs/${execution.runId}`} data-testid="run-link">{execution.runId}</Link>
        </p>
      ) : null}
      {entities ? (
        <table className="entities" data-testid="beat-entities">
          <tbody>
            {entities.map((e) => (
              <tr key={e.entity} data-testid={`entity-${e.entity}`}>
                <td className={`state entity-${e.state}`}>{e.state}</td>
                <td>{e.entity}</td>
                <td className="muted small">{e.detail}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      <ol className="steps">
        {(execution.steps ?? []).map((s) => (
          <StepView key={s.id} step={s} />
        ))}
      </ol>
    </div>
  );
}
