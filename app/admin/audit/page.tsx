import { Suspense } from "react";
import { AuditLog } from "@/app/admin/audit/audit-log";

export const metadata = { title: "Audit log · COSMO" };

export default function AuditPage() {
  return (
    <section>
      <h1>Audit log</h1>
      <Suspense>
        <AuditLog />
      </Suspense>
    </section>
  );
}
