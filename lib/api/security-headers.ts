/**
 * Sent with every answer (pages, API, static files). The pages replace the
 * CSP with their own, which lets their nonce'd scripts run (proxy.ts); every
 * other answer runs nothing, and nothing may frame any of them.
 */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  "content-security-policy": "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
  "x-frame-options": "DENY",
  "x-content-type-options": "nosniff",
  "referrer-policy": "same-origin",
};

/**
 * A page's policy: its own scripts and those Next marks with this request's
 * nonce (and what they load: 'strict-dynamic'); styles from the site or the
 * nonce, plus style attributes, which React renders for the charts' sizes.
 * Dev mode's React needs eval for its error overlays.
 */
export function pageContentSecurityPolicy(nonce: string, dev: boolean): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    `style-src 'self' 'nonce-${nonce}'`,
    "style-src-attr 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}
