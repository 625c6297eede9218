import Link from "next/link";

export default function Home() {
  return (
    <section>
      <h1>COSMO</h1>
      <p className="muted">
        Control plane and live data-quality monitor for the MiniDT drift-tube detector: replay detector data from S3
        through Kafka into Spark and watch the quality statistics live.
      </p>
      <p>
        <Link href="/clusters">Clusters</Link> · <Link href="/health">Service health</Link>
      </p>
    </section>
  );
}
