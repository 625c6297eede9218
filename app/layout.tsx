import type { Metadata } from "next";
import Link from "next/link";
import type { ReactNode } from "react";
import { headers } from "next/headers";
import { AlarmBadge } from "@/app/alarm-badge";
import { Providers } from "@/app/providers";
import { UserMenu } from "@/app/user-menu";
import { actorOfSession } from "@/lib/auth/actor-of-session";
import "@/app/globals.css";

export const metadata: Metadata = {
  title: "COSMO",
  description: "Control plane and live data-quality monitor for the MiniDT cosmic-ray detector",
  // public/: the drift-tube icon, its PNG for browsers without SVG icons, and the web app manifest.
  icons: {
    icon: [
      { url: "/icon.svg", type: "image/svg+xml" },
      { url: "/icon.png", type: "image/png", sizes: "512x512" },
    ],
    apple: "/icon.png",
  },
  manifest: "/manifest.webmanifest",
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  // The health page must render even when PostgreSQL is down.
  const actor = await actorOfSession(await headers()).catch(() => null);
  return (
    <html lang="en">
      <body>
        <Providers>
          <header className="topbar">
            <Link href="/" className="brand">
              COSMO
            </Link>
            <nav>
              <Link href="/clusters">Clusters</Link>
              <Link href="/runs">Runs</Link>
              <Link href="/trends">Trends</Link>
              <Link href="/compare">Compare</Link>
              <Link href="/health">Health</Link>
            </nav>
            {actor ? <AlarmBadge /> : null}
            <UserMenu actor={actor} />
          </header>
          <main>{children}</main>
        </Providers>
      </body>
    </html>
  );
}
