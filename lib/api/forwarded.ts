import type { IncomingMessage } from "node:http";
import { BlockList, isIP } from "node:net";
import { env } from "@/lib/env";

/** What clients and proxies say about the original request; only a trusted proxy is believed. */
const FORWARDED_HEADERS = ["x-forwarded-for", "x-forwarded-host", "x-forwarded-proto", "x-forwarded-port", "forwarded", "x-real-ip"];

// An IPv4 client on a dual-stack socket shows as ::ffff:a.b.c.d.
const unmapped = (address: string) => address.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/i, "");

let trusted: BlockList | undefined;

function trustedProxies(): BlockList {
  if (trusted) return trusted;
  trusted = new BlockList();
  for (const entry of env.COSMO_TRUSTED_PROXIES) {
    const [address, bits] = entry.split("/") as [string, string?];
    const family = isIP(address) === 6 ? "ipv6" : "ipv4";
    if (bits === undefined) trusted.addAddress(address, family);
    else trusted.addSubnet(address, Number(bits), family);
  }
  return trusted;
}

/** True when `address` is one of COSMO_TRUSTED_PROXIES. */
export function isTrustedProxy(address: string): boolean {
  const plain = unmapped(address);
  const family = isIP(plain);
  return family !== 0 && trustedProxies().check(plain, family === 6 ? "ipv6" : "ipv4");
}

/**
 * Makes the X-Forwarded-* headers of a request true before Next sees them.
 * Next passes a client's own X-Forwarded-For to the routes as it came (it
 * only fills it in when missing), so anybody could pick the address the login
 * throttle and the audit log see, and the host the origin check compares with.
 * From a peer that is not a trusted proxy they are dropped (Next then sets
 * them from the socket); from a trusted one, the client is the nearest address
 * in the chain that is not a trusted proxy. Either way a route reads exactly
 * one address in X-Forwarded-For.
 */
export function settleForwardedHeaders(req: IncomingMessage): void {
  const peer = unmapped(req.socket.remoteAddress ?? "");
  if (!isTrustedProxy(peer)) {
    for (const name of FORWARDED_HEADERS) delete req.headers[name];
    req.headers["x-forwarded-for"] = peer;
    return;
  }
  const header = req.headers["x-forwarded-for"];
  const chain = [...(Array.isArray(header) ? header.join(",") : (header ?? "")).split(","), peer].map((a) => unmapped(a.trim()));
  let client = peer;
  for (let i = chain.length - 1; i >= 0; i--) {
    const hop = chain[i]!;
    if (!isIP(hop)) break;
    client = hop;
    if (!isTrustedProxy(hop)) break;
  }
  req.headers["x-forwarded-for"] = client;
}
