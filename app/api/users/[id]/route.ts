import { NextResponse } from "next/server";
import { authorise } from "@/lib/api/authorise";
import { route } from "@/lib/api/route";
import { parseOrThrow, readJson } from "@/lib/api/validation";
import { updateUser } from "@/lib/users/update-user";
import { updateUserSchema } from "@/lib/users/user-input";

/** Changes a user's role, disables or re-enables them, or sets their password. */
export const PATCH = route(async (request: Request, { params }: { params: Promise<{ id: string }> }) => {
  const actor = await authorise(request, "admin");
  const { id } = await params;
  const input = parseOrThrow(updateUserSchema, await readJson(request));
  return NextResponse.json({ user: await updateUser(id, input, actor) });
});
