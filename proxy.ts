import { NextResponse, type NextRequest } from "next/server";
import { pageContentSecurityPolicy } from "@/lib/api/security-headers";
import { loginUrl } from "@/lib/auth/login-redirect";
import { env } from "@/lib/env";

// better-auth's cookie (cookiePrefix "cosmo"); __Secure- when served over https.
const sessionCookies = ["cosmo.session_token", "__Secure-cosmo.session_token"];
// Pages anyone may see.
const publicPages = ["/login", "/health"];

/**
 * Every page gets a Content-Security-Policy with a nonce of its own, which
 * Next reads from the request's header and puts on its scripts.
 * Pages need a login: without a session cookie the browser goes to /login
 * first. Only a shortcut for people; the API checks the session itself on
 * every request (lib/api/authorise.ts), and a page whose session has expired
 * is sent to /login by its first API call.
 */
export function proxy(request: NextRequest) {
  const { pathname, search } = request.nextUrl;
  const isPublic = publicPages.some((p) => pathname === p || pathname.startsWith(`${p}/`));
  if (!isPublic && !sessionCookies.some((name) => request.cookies.has(name))) {
    return NextResponse.redirect(loginUrl(pathname + search, request.nextUrl.origin));
  }
  const policy = pageContentSecurityPolicy(btoa(crypto.randomUUID()), env.NODE_ENV === "development");
  const headers = new Headers(request.headers);
  headers.set("content-security-policy", policy);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set("content-security-policy", policy);
  return response;
}

// Every page; not the API, nor Next's own files or public/ (lib/api/edge.ts gives those their headers).
export const config = { matcher: ["/((?!api/|_next/|favicon.ico|icon.svg|icon.png|manifest.webmanifest).*)"] };
