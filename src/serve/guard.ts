import type { FastifyReply, FastifyRequest } from 'fastify';
import { tokenMatches } from './token.js';

const READS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Refuses what must not reach the dashboard:
 * - a Host header that is not this server (DNS rebinding: a foreign page resolving its own name
 *   to 127.0.0.1 would otherwise read the fleet);
 * - an action from another origin (CSRF): the Origin header, when a browser sends one, must be
 *   this server, and Sec-Fetch-Site, when sent, same-origin;
 * - an action without the token (X-Play-Token).
 */
export function requestGuard(token: string, allowedHosts: ReadonlySet<string>) {
  return async (req: FastifyRequest, reply: FastifyReply): Promise<void> => {
    const host = req.headers.host ?? '';
    if (!allowedHosts.has(host.toLowerCase())) {
      await reply.code(421).send({ error: `unknown Host "${host}": open the dashboard by the address it printed` });
      return;
    }
    if (READS.has(req.method)) return;
    const origin = req.headers.origin;
    if (origin !== undefined && origin !== `http://${host}`) {
      await reply.code(403).send({ error: `cross-origin request from ${origin} refused` });
      return;
    }
    const site = req.headers['sec-fetch-site'];
    if (site !== undefined && site !== 'same-origin' && site !== 'none') {
      await reply.code(403).send({ error: `cross-site request (${String(site)}) refused` });
      return;
    }
    const given = req.headers['x-play-token'];
    if (!tokenMatches(token, typeof given === 'string' ? given : undefined)) {
      await reply.code(401).send({ error: 'this action needs the dashboard token (X-Play-Token), printed when it was created' });
    }
  };
}
