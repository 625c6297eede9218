import { z } from "zod";
import { MIN_PASSWORD_LENGTH, USERNAME } from "@/lib/auth/better-auth";
import { roles } from "@/lib/auth/roles";

export const usernameSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(USERNAME, "2 to 32 characters: letters, digits, . _ - (starting with a letter or digit)");

export const passwordSchema = z.string().min(MIN_PASSWORD_LENGTH, `at least ${MIN_PASSWORD_LENGTH} characters`).max(128, "at most 128 characters");

export const roleSchema = z.enum(roles, { error: "one of viewer, operator, admin" });

export const createUserSchema = z
  .object({
    username: usernameSchema,
    /** A display name; the user name when empty. */
    name: z.string().trim().max(100, "at most 100 characters").optional(),
    password: passwordSchema,
    role: roleSchema,
  })
  .strict();

export const updateUserSchema = z
  .object({
    role: roleSchema.optional(),
    /** A disabled user can not log in; their sessions end and their tokens stop working at once. */
    disabled: z.boolean().optional(),
    password: passwordSchema.optional(),
  })
  .strict()
  .refine((v) => Object.keys(v).length > 0, "one of role, disabled, password");

export type CreateUserInput = z.infer<typeof createUserSchema>;
export type UpdateUserInput = z.infer<typeof updateUserSchema>;
