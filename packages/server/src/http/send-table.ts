import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { downloadName, tableToFile, type Table } from '../export/table-file.ts';

/** `?format=json|csv|xlsx` on any list endpoint (json by default). */
export const listFormat = z.enum(['json', 'csv', 'xlsx']).default('json');

/**
 * Sends a list as a CSV or XLSX download. The file name is built from `stem` (ASCII only), never from
 * names of people, so personal data stays out of URLs and headers.
 */
export async function sendTable(reply: FastifyReply, table: Table, format: 'csv' | 'xlsx', stem: string): Promise<FastifyReply> {
  const file = await tableToFile(table, format);
  return reply
    .header('content-type', file.contentType)
    .header('content-disposition', `attachment; filename="${downloadName(stem, format)}"`)
    .header('cache-control', 'no-store')
    .send(file.body);
}
