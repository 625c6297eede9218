"use client";

import Link from "next/link";
import { useState } from "react";

export interface Selection {
  selected: string[];
  toggle: (id: string) => void;
}

/** Two runs ticked in the list, the later ones pushing out the oldest: what Compare opens. */
export function useCompareSelection(): Selection {
  const [selected, setSelected] = useState<string[]>([]);
  const toggle = (id: string) => setSelected((s) => (s.includes(id) ? s.filter((x) => x !== id) : [...s, id].slice(-2)));
  return { selected, toggle };
}

export function CompareSelection({ selection }: { selection: Selection }) {
  const [a, b] = selection.selected;
  return (
    <p className="toolbar">
      {a && b ? (
        <Link href={`/compare?a=${a}&b=${b}&mode=side`} className="button" data-testid="compare-runs">
          Compare the two selected runs
        </Link>
      ) : (
        <span className="muted" data-testid="compare-hint">
          Tick two runs to compare them ({selection.selected.length} of 2).
        </span>
      )}
    </p>
  );
}
