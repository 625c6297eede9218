import { AlarmsPanel } from "@/app/alarms/alarms-panel";

export const metadata = { title: "Alarms · COSMO" };

export default function AlarmsPage() {
  return (
    <section>
      <h1>Alarms</h1>
      <p className="muted">
        Raised when a condition is first seen (a pipeline component down, lag growing, late or missing windows…), cleared once it has not held for 10 s.
        Operators acknowledge them; admins send them to chat at <a href="/admin/webhooks">webhooks</a>.
      </p>
      <AlarmsPanel />
    </section>
  );
}
