import { PrismaPg } from "@prisma/adapter-pg";
import { databasePoolConfig } from "@/lib/database-url";
import { PrismaClient } from "@/lib/generated/prisma/client";

// One client per process; Next's dev server reloads modules, so keep it on globalThis.
const globalForPrisma = globalThis as unknown as { cosmoPrisma?: PrismaClient };

export const db: PrismaClient =
  globalForPrisma.cosmoPrisma ?? new PrismaClient({ adapter: new PrismaPg(databasePoolConfig()) });

globalForPrisma.cosmoPrisma = db;
