import fastifyCookie from '@fastify/cookie';
import fp from 'fastify-plugin';
import type { Config } from '../config/schema.ts';
import type { Rules } from '../config/rules.ts';
import type { Clock } from './clock.ts';
import { registerErrorHandlers } from './http/errors.ts';
import { registerSecurityHeaders } from './http/security.ts';
import { registerValidation } from './http/validation.ts';

declare module 'fastify' {
  interface FastifyInstance {
    /** The loaded config (config/schema.ts). */
    settings: Config;
    /** The domain rules (config/rules.ts). */
    rules: Rules;
    /** The one clock every feature reads the time and sets its timers with. */
    clock: Clock;
  }
}

export interface CoreOptions {
  config: Config;
  rules: Rules;
  clock: Clock;
}

/**
 * What every feature stands on: config, rules and the clock, and the HTTP gateway's set-up (one
 * error mapping, one validator for every body, query and parameter, the security headers, cookies).
 */
export const corePlugin = fp<CoreOptions>(
  async (app, o) => {
    app.decorate('settings', o.config);
    app.decorate('rules', o.rules);
    app.decorate('clock', o.clock);
    registerErrorHandlers(app);
    registerValidation(app);
    await registerSecurityHeaders(app);
    await app.register(fastifyCookie);
  },
  { name: 'core' },
);
