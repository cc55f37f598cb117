import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { LoginAnswer, LoginBody, Me } from '../../protocol/api.ts';
import type { CourtTree } from '../courts/index.ts';
import { principalOf, SESSION_COOKIE } from '../http/index.ts';
import type { Principal, AuthService } from './AuthService.ts';

export interface AuthRouteDeps {
  auth: AuthService;
  courts: () => CourtTree;
}

function toMe(p: Principal, courts: CourtTree): Me {
  const court = courts.get(p.courtId);
  return {
    id: p.userId,
    username: p.username,
    displayName: p.displayName,
    role: p.role,
    court: { id: p.courtId, name: court?.name ?? p.courtId, level: court?.level ?? 'basic' },
  };
}

/** POST /api/auth/login, POST /api/auth/logout, GET /api/auth/me. */
export function registerAuthRoutes(app: FastifyInstance, deps: AuthRouteDeps): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  r.post('/api/auth/login', { schema: { body: LoginBody, response: { 200: LoginAnswer } } }, async (request, reply) => {
    const { token, principal, expiresAt } = await deps.auth.login(request.body.username, request.body.password, request.ip);
    reply.setCookie(SESSION_COOKIE, token, {
      path: '/',
      httpOnly: true,
      sameSite: 'strict',
      // Court intranets often serve plain http; the cookie is Secure whenever the page is https.
      secure: request.protocol === 'https',
      expires: new Date(expiresAt),
    });
    return { token, expiresAt, user: toMe(principal, deps.courts()) };
  });

  r.post('/api/auth/logout', async (request, reply) => {
    const principal = principalOf(request);
    // Its sockets go too: the realtime gateway listens for 'session-ended'.
    await deps.auth.logout(principal, request.ip);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.status(204).send();
  });

  r.get('/api/auth/me', { schema: { response: { 200: Me } } }, async (request) => toMe(principalOf(request), deps.courts()));
}
