import { CosmoError } from "@/lib/errors";
import { kafka } from "@/lib/runtime/services/kafka";
import { postgres } from "@/lib/runtime/services/postgres";
import { s3 } from "@/lib/runtime/services/s3";
import { sparkMaster, sparkWorker } from "@/lib/runtime/services/spark";
import { routineWorker } from "@/lib/runtime/services/routine-worker";
import { supervisor } from "@/lib/runtime/services/supervisor";
import { sshd } from "@/lib/runtime/services/sshd";
import type { Service } from "@/lib/runtime/service";

/** Start order; stop runs it backwards. The web service is managed apart. */
export const services: Service[] = [postgres, kafka, s3, sparkMaster, sparkWorker, sshd, routineWorker, supervisor];

export function getServiceOrThrow(name: string): Service {
  const service = services.find((s) => s.name === name);
  if (!service) throw new CosmoError("NOT_FOUND", `unknown service "${name}"; known: ${services.map((s) => s.name).join(", ")}`);
  return service;
}
