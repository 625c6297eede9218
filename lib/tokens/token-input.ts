import { z } from "zod";
import { roleSchema } from "@/lib/users/user-input";

export const createTokenSchema = z
  .object({
    name: z
      .string()
      .trim()
      .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, "1 to 64 characters: letters, digits, . _ - (starting with a letter or digit)"),
    /** At most the creator's own role. */
    role: roleSchema,
    expiresInDays: z.number().int("whole days").min(1, "at least 1 day").max(366, "at most 366 days").default(90),
  })
  .strict();

export type CreateTokenInput = z.input<typeof createTokenSchema>;

export const tokenListQuerySchema = z.object({
  /** Admins only: every user's tokens, not just their own. */
  all: z.enum(["true", "false"]).default("false").transform((v) => v === "true"),
});
