"use client";

import { useQuery } from "@tanstack/react-query";
import { apiFetch } from "@/lib/api/api-fetch";
import type { ClusterSpec } from "@/lib/clusters/cluster-spec";

/** The API's JSON shapes, dates as strings. */
export interface ClusterDoc {
  id: string;
  name: string;
  description: string;
  state: "down" | "degraded" | "up" | "running";
  lostHosts: string[];
  spec: ClusterSpec;
  createdAt: string;
  updatedAt: string;
}

export type ClusterRow = Omit<ClusterDoc, "spec"> & { hosts: { name: string; address: string; roles: string[] }[] };

export interface PresetDoc {
  name: string;
  description: string;
  spec: ClusterSpec;
}

export interface SecretDoc {
  id: string;
  name: string;
  kind: "ssh_key" | "s3_credentials";
}

export interface ClusterBody {
  name: string;
  description: string;
  spec: unknown;
}

export const clustersKey = ["clusters"] as const;

export const useClusters = () =>
  useQuery({ queryKey: clustersKey, queryFn: async () => (await apiFetch<{ clusters: ClusterRow[] }>("/api/clusters")).clusters, refetchInterval: 5000 });

export const usePresets = () => useQuery({ queryKey: ["presets"], queryFn: async () => (await apiFetch<{ presets: PresetDoc[] }>("/api/presets")).presets });

export const useSecrets = () => useQuery({ queryKey: ["secrets"], queryFn: async () => (await apiFetch<{ secrets: SecretDoc[] }>("/api/secrets")).secrets });

/** `live` keeps the cluster's state fresh (its page); the edit form reads it once. */
export const useCluster = (name: string, options: { live?: boolean } = {}) =>
  useQuery({
    queryKey: [...clustersKey, name],
    queryFn: () => apiFetch<ClusterDoc>(`/api/clusters/${encodeURIComponent(name)}`),
    refetchInterval: options.live ? 1500 : false,
  });

export const clusterPath = (name: string) => `/api/clusters/${encodeURIComponent(name)}`;
