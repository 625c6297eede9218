import { Suspense } from "react";
import { LoginForm } from "@/app/login/login-form";

export const metadata = { title: "Log in · COSMO" };

export default function LoginPage() {
  return (
    <section className="login">
      <h1>Log in</h1>
      <Suspense>
        <LoginForm />
      </Suspense>
    </section>
  );
}
