import type {} from '@fastify/cookie';
import type { FastifyInstance, FastifyReply, FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import type { AuthService, Principal } from '../auth/AuthService.ts';
import { UnauthenticatedError } from '../auth/AuthService.ts';
import { can, type Permission } from '../auth/permissions.ts';
import { ForbiddenError } from '../errors.ts';

/** The cookie carrying the session token (HttpOnly: page scripts never see it). */
export const SESSION_COOKIE = 'cc_session';

/** Routes anyone may call: everything else under /api needs a session. */
const PUBLIC_API = new Set(['/api/health', '/api/auth/login']);

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
    if (route === undefined || !route.startsWith('/api/') || PUBLIC_API.has(route)) return;
    request.principal = await auth.authenticate(requestToken(request));
  });
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
