import Link from "next/link";
import { headers } from "next/headers";
import { ShiftOverview } from "@/app/overview/shift-overview";
import { actorOfSession } from "@/lib/auth/actor-of-session";

/** The shift overview for whoever is logged in; what COSMO is, and the way in, for anyone else. */
export default async function Home() {
  const actor = await actorOfSession(await headers()).catch(() => null);
  if (actor) return <ShiftOverview />;
  return (
    <section>
      <h1>COSMO</h1>
      <p className="muted">
        Control plane and live data-quality monitor for the MiniDT drift-tube detector: replay detector data from S3
        through Kafka into Spark and watch the quality statistics live.
      </p>
      <p>
        <Link href="/login">Log in</Link> · <Link href="/health">Service health</Link>
      </p>
    </section>
  );
}
