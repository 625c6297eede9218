import { UsersPanel } from "@/app/admin/users/users-panel";

export const metadata = { title: "Users · COSMO" };

export default function UsersPage() {
  return (
    <section>
      <h1>Users</h1>
      <p className="muted">Viewers read; operators also change configurations and run routines; admins also manage secrets and users.</p>
      <UsersPanel />
    </section>
  );
}
