import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Database } from '../../db/pool.ts';
import { login, logout } from '../../auth/sessions.ts';
import { requireActor, SESSION_COOKIE } from '../app.ts';

const loginBody = z.object({
  username: z.string().min(1, 'is required').max(100),
  password: z.string().min(1, 'is required').max(200),
  device: z.object({ id: z.string().min(1).max(100) }).optional(),
});

export const authRoutes: FastifyPluginAsyncZod<{ db: Database }> = async (app, { db }) => {
  app.post('/api/auth/login', { schema: { tags: ['auth'], body: loginBody } }, async (request, reply) => {
    const { username, password, device } = request.body;
    const result = await login(db, username, password, device ? 'device' : 'web', device?.id ?? null);
    const user = { id: result.actor.userId, name: result.actor.name, language: result.actor.language };
    if (device) return { user, token: result.token, expiresAt: result.expiresAt.toISOString() };
    reply.setCookie(SESSION_COOKIE, result.token, {
      httpOnly: true,
      sameSite: 'strict',
      path: '/',
      secure: request.protocol === 'https',
      expires: result.expiresAt,
    });
    return { user };
  });

  app.post('/api/auth/logout', { schema: { tags: ['auth'] } }, async (request, reply) => {
    if (request.sessionToken) await logout(db, request.sessionToken);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.status(204).send();
  });

  app.get('/api/me', { schema: { tags: ['auth'] } }, async (request) => {
    const actor = requireActor(request);
    return {
      user: { id: actor.userId, name: actor.name, language: actor.language },
      roles: actor.roles.map((r) => ({ nodeId: r.nodeId, nodeName: r.nodeName, role: r.role })),
    };
  });
};
