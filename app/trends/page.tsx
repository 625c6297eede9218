import { TrendsView } from "@/app/trends/trends-view";

export const metadata = { title: "Trends · COSMO" };

export default function TrendsPage() {
  return <TrendsView />;
}
