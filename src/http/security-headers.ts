import type { MiddlewareHandler } from 'hono';
import { secureHeaders } from 'hono/secure-headers';

const SELF = ["'self'"];
const NONE = ["'none'"];

/**
 * Security headers on every response, pages and APIs alike (Hono's secure-headers middleware).
 * The pages load only what the app serves: no inline script or style (the web chat's script and
 * style are files under /assets), nothing from elsewhere (intranet: no CDN), no framing
 * (clickjacking), no Referer to other sites (links in cards carry report numbers). HSTS is left
 * to the HTTPS front end: the app often runs over plain HTTP on an intranet. Reusable by any
 * page the app adds (the console).
 */
export function securityHeaders(): MiddlewareHandler {
  return secureHeaders({
    contentSecurityPolicy: {
      defaultSrc: SELF,
      scriptSrc: SELF,
      styleSrc: SELF,
      imgSrc: [...SELF, 'data:'],
      connectSrc: SELF,
      fontSrc: SELF,
      objectSrc: NONE,
      baseUri: NONE,
      formAction: SELF,
      frameAncestors: NONE,
    },
    xFrameOptions: 'DENY',
    referrerPolicy: 'same-origin',
    xContentTypeOptions: 'nosniff',
    strictTransportSecurity: false,
  });
}
