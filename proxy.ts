import { NextResponse, type NextRequest } from "next/server";

// better-auth's cookie (cookiePrefix "cosmo"); __Secure- when served over https.
const sessionCookies = ["cosmo.session_token", "__Secure-cosmo.session_token"];

/**
 * Pages need a login: without a session cookie the browser goes to /login
 * first. Only a shortcut for people; the API checks the session itself on
 * every request (lib/api/authorise.ts), and a page whose session has expired
 * is sent to /login by its first API call.
 */
export function proxy(request: NextRequest) {
  if (sessionCookies.some((name) => request.cookies.has(name))) return NextResponse.next();
  const login = new URL("/login", request.url);
  login.searchParams.set("next", request.nextUrl.pathname + request.nextUrl.search);
  return NextResponse.redirect(login);
}

// Everything but the API, the login page, the public health page, Next's own files and public/ (icons, manifest).
export const config = { matcher: ["/((?!api/|login|health|_next/|favicon.ico|icon.svg|icon.png|manifest.webmanifest).*)"] };
