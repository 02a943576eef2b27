import { gunzipSync, gzipSync } from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import type { PullResponse, PushBody, PushResponse } from './protocol.ts';

/** A device as tests see it: a bearer token from a device login, and the two sync calls (optionally gzipped). */
export interface SyncClient {
  token: string;
  deviceId: string;
  push(body: Omit<PushBody, 'deviceId'> & { deviceId?: string }, options?: { gzip?: boolean }): Promise<{ status: number; body: any; requestBytes: number; responseBytes: number }>;
  pull(query?: { cursor?: number; have?: string[] }, options?: { gzip?: boolean }): Promise<{ status: number; body: any; responseBytes: number }>;
}

export async function deviceLogin(app: FastifyInstance, username: string, password: string, deviceId: string): Promise<SyncClient> {
  const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password, device: { id: deviceId } } });
  if (res.statusCode !== 200) throw new Error(`login failed for ${username}: ${res.body}`);
  return syncClient(app, res.json().token as string, deviceId);
}

export function syncClient(app: FastifyInstance, token: string, deviceId: string): SyncClient {
  const authorization = `Bearer ${token}`;
  const decode = (raw: Buffer, encoding: unknown) => {
    const text = (encoding === 'gzip' ? gunzipSync(raw) : raw).toString('utf8');
    return text ? JSON.parse(text) : null;
  };
  return {
    token,
    deviceId,
    async push(body, options = {}) {
      const json = Buffer.from(JSON.stringify({ deviceId, ...body }));
      const payload = options.gzip ? gzipSync(json) : json;
      const headers: Record<string, string> = { authorization, 'content-type': 'application/json' };
      if (options.gzip) Object.assign(headers, { 'content-encoding': 'gzip', 'accept-encoding': 'gzip' });
      const r = await app.inject({ method: 'POST', url: '/api/sync/push', headers, payload });
      return { status: r.statusCode, body: decode(r.rawPayload, r.headers['content-encoding']) as PushResponse & { error?: any }, requestBytes: payload.length, responseBytes: r.rawPayload.length };
    },
    async pull(query = {}, options = {}) {
      const params = new URLSearchParams();
      if (query.cursor !== undefined) params.set('cursor', String(query.cursor));
      if (query.have) params.set('have', query.have.join(','));
      const headers: Record<string, string> = { authorization };
      if (options.gzip) headers['accept-encoding'] = 'gzip';
      const r = await app.inject({ method: 'GET', url: `/api/sync/pull?${params}`, headers });
      return { status: r.statusCode, body: decode(r.rawPayload, r.headers['content-encoding']) as PullResponse & { error?: any }, responseBytes: r.rawPayload.length };
    },
  };
}
