import { NextResponse } from "next/server";
import { toErrorBody } from "@/lib/errors";

/** Wraps a route handler so every failure answers `{ error: { code, message } }`. */
export function route<A extends unknown[]>(handler: (...args: A) => Promise<Response>) {
  return async (...args: A): Promise<Response> => {
    try {
      return await handler(...args);
    } catch (error) {
      const { status, body } = toErrorBody(error);
      if (status >= 500) console.error(error);
      return NextResponse.json(body, { status });
    }
  };
}
