import type { IncomingMessage } from 'node:http';
import fastifyHelmet from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';

/** A Host header fit to quote in the policy: a name or IPv4/IPv6 address and an optional port, nothing else. */
const PLAIN_HOST = /^(?:[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/;

/**
 * ws: and wss: of the host the page was loaded from. CSP Level 3 lets 'self' match them already
 * (current Chromium and Electron: tested); browsers of CSP Level 2 (older WebKit on field phones) do
 * not, and would refuse the socket. A Host that is not a plain host[:port] adds nothing: it must not
 * write into the policy (helmet would throw on ';' or ',' and fail the request).
 */
function sameHostSockets(req: IncomingMessage): string {
  const host = req.headers.host;
  return host !== undefined && PLAIN_HOST.test(host) ? `ws://${host} wss://${host}` : '';
}

/**
 * The Content-Security-Policy of every answer. The pages load only their own hashed scripts and
 * styles (no inline code: Vite emits none, React sets style props through the CSSOM, which CSP does
 * not govern); feedback photos are data: URLs, video tiles play MediaStreams, mediasoup-client may
 * start blob: workers, and no page may be framed (a framed console could be clickjacked into orders).
 * No upgrade-insecure-requests: court intranets serve plain http.
 */
export const CSP_DIRECTIVES = {
  'default-src': ["'self'"],
  'script-src': ["'self'"],
  'script-src-attr': ["'none'"],
  'style-src': ["'self'"],
  'connect-src': ["'self'", sameHostSockets],
  'img-src': ["'self'", 'data:', 'blob:'],
  'media-src': ["'self'", 'blob:', 'mediastream:'],
  'worker-src': ["'self'", 'blob:'],
  'font-src': ["'self'", 'data:'],
  'object-src': ["'none'"],
  'frame-ancestors': ["'none'"],
  'base-uri': ["'self'"],
  'form-action': ["'self'"],
};

/**
 * Security headers on every answer (pages, assets, /api, errors and 404s), through helmet: the CSP
 * above, X-Content-Type-Options: nosniff, X-Frame-Options: DENY (browsers older than frame-ancestors),
 * Referrer-Policy: no-referrer and helmet's other defaults. No HSTS (plain http on court intranets;
 * a TLS proxy in front sets its own), and no Cross-Origin-Embedder-Policy: nothing here needs
 * cross-origin isolation. /api answers are never stored by a browser or proxy (case data, tokens).
 */
export async function registerSecurityHeaders(app: FastifyInstance): Promise<void> {
  await app.register(fastifyHelmet, {
    contentSecurityPolicy: { useDefaults: false, directives: CSP_DIRECTIVES },
    strictTransportSecurity: false,
    xFrameOptions: { action: 'deny' },
    crossOriginEmbedderPolicy: false,
  });
  app.addHook('onRequest', async (request, reply) => {
    if (request.url.startsWith('/api/')) reply.header('cache-control', 'no-store');
  });
}
