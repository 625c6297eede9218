import { NextResponse } from "next/server";
import { authorise } from "@/lib/api/authorise";
import { route } from "@/lib/api/route";
import { parseOrThrow, readJson } from "@/lib/api/validation";
import { createUser } from "@/lib/users/create-user";
import { createUserSchema } from "@/lib/users/user-input";
import { listUsers } from "@/lib/users/list-users";

export const dynamic = "force-dynamic";

export const GET = route(async (request: Request) => {
  await authorise(request, "admin");
  return NextResponse.json({ users: await listUsers() });
});

export const POST = route(async (request: Request) => {
  const actor = await authorise(request, "admin");
  const input = parseOrThrow(createUserSchema, await readJson(request));
  return NextResponse.json({ user: await createUser(input, actor) }, { status: 201 });
});
