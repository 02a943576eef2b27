import { createGunzip, gzip } from 'node:zlib';
import { promisify } from 'node:util';
import type { Readable } from 'node:stream';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ErrorCode, KhataError, problem } from '@khata/core';

/*
 * Gzip both ways for the sync routes (no compression plugin is installed; node:zlib does it). Phones on 2G pay
 * for every byte: a meeting's push compresses to a fraction of its JSON.
 */

const gzipAsync = promisify(gzip);
/** Below this a gzip header costs more than it saves. */
const MIN_GZIP_BYTES = 200;

/** preParsing hook: a body sent with `Content-Encoding: gzip` is inflated before JSON parsing; the body limit applies to the inflated size. */
export async function inflateRequest(request: FastifyRequest, _reply: FastifyReply, payload: Readable): Promise<Readable> {
  const encoding = (request.headers['content-encoding'] ?? 'identity').toLowerCase().trim();
  if (encoding === 'identity') return payload;
  if (encoding !== 'gzip') {
    throw new KhataError(problem(ErrorCode.ValidationFailed, undefined, `content encoding ${encoding} is not supported: send gzip or plain JSON`));
  }
  const inflated = createGunzip() as ReturnType<typeof createGunzip> & { receivedEncodedLength: number };
  // Fastify compares Content-Length with the bytes received on the wire, not with the inflated size.
  inflated.receivedEncodedLength = 0;
  payload.on('data', (chunk: Buffer) => {
    inflated.receivedEncodedLength += chunk.length;
  });
  payload.on('error', (error) => inflated.destroy(error));
  return payload.pipe(inflated);
}

export function acceptsGzip(header: string | undefined): boolean {
  if (!header) return false;
  return header.split(',').some((part) => {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    if (name !== 'gzip' && name !== '*') return false;
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    return !q || Number(q.slice(2)) > 0;
  });
}

/** onSend hook: the answer is gzipped when the client accepts it and it is worth it. */
export async function deflateResponse(request: FastifyRequest, reply: FastifyReply, payload: unknown): Promise<unknown> {
  if (typeof payload !== 'string' && !Buffer.isBuffer(payload)) return payload;
  if (payload.length < MIN_GZIP_BYTES || reply.getHeader('content-encoding')) return payload;
  reply.header('vary', 'accept-encoding');
  if (!acceptsGzip(request.headers['accept-encoding'])) return payload;
  reply.header('content-encoding', 'gzip');
  return gzipAsync(payload);
}
