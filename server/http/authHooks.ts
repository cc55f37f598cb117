import type {} from '@fastify/cookie';
import type { FastifyInstance, FastifyReply, FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import { UnauthenticatedError, can, type AuthService, type Principal, type Permission } from '../auth/index.ts';
import { ForbiddenError } from '../errors.ts';

/** The cookie carrying the session token (HttpOnly: page scripts never see it). */
export const SESSION_COOKIE = 'cc_session';

/** Routes anyone may call: everything else under /api needs a session. */
const PUBLIC_API = new Set(['/api/health', '/api/auth/login']);

/** Public routes that still look the session up, to answer a signed-in caller with more (health details). */
const OPTIONAL_SESSION = new Set(['/api/health']);

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | null;
  }
}

/** The session token of a request: the cookie (browsers) or `Authorization: Bearer` (devices, tools). */
export function requestToken(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (header?.startsWith('Bearer ')) return header.slice(7).trim();
  return request.cookies[SESSION_COOKIE];
}

/** Authenticates every /api request once, in onRequest, and puts the principal on the request. */
export function registerAuthHooks(app: FastifyInstance, auth: AuthService): void {
  app.decorateRequest('principal', null);
  app.addHook('onRequest', async (request: FastifyRequest, _reply: FastifyReply) => {
    const route = request.routeOptions.url;
    // No route matched: the JSON 404 answers, whoever asks (it reveals nothing).
    if (route === undefined || !route.startsWith('/api/')) return;
    if (OPTIONAL_SESSION.has(route)) {
      request.principal = await optionalPrincipal(auth, request);
      return;
    }
    if (PUBLIC_API.has(route)) return;
    request.principal = await auth.authenticate(requestToken(request));
  });
}

/** The session's principal, or null without a valid one: a public route answers anyway (less). */
async function optionalPrincipal(auth: AuthService, request: FastifyRequest): Promise<Principal | null> {
  const token = requestToken(request);
  if (token === undefined) return null;
  try {
    return await auth.authenticate(token);
  } catch (err) {
    // An expired or revoked token means "anonymous" here. A failed lookup (database down) too: health
    // must still answer its 503 then, not a 500; it is logged, not swallowed.
    if (!(err instanceof UnauthenticatedError)) request.log.warn({ err }, 'optional session lookup failed');
    return null;
  }
}

/** The principal of an authenticated route (onRequest guarantees it under /api). */
export function principalOf(request: FastifyRequest): Principal {
  if (!request.principal) throw new UnauthenticatedError();
  return request.principal;
}

/** preHandler refusing with 403 ERR_FORBIDDEN unless the principal's role holds `permission`. */
export function requirePermission(permission: Permission): preHandlerAsyncHookHandler {
  return async (request) => {
    const principal = principalOf(request);
    if (!can(principal.role, permission)) {
      throw new ForbiddenError(`角色 ${principal.role} 无权执行 ${permission} / role ${principal.role} may not ${permission}`);
    }
  };
}
