import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IngestJob } from '../shared/api/ingest';
import { safeUploadName, startServer, type RunningServer, type ServedApi } from './server';

function put(port: number, pathAndQuery: string, headers: Record<string, string>, body: Buffer): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path: pathAndQuery, method: 'PUT', headers: { Host: `127.0.0.1:${port}`, ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

// Browser mode's upload: the token, the size cap and the type are checked before a byte is kept;
// the bytes land in a folder of their own under the uploads folder, then go to an ingest job.
describe('PUT /upload', () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'nodescope-upload-'));
  const started: string[] = [];
  let server: RunningServer;
  const api = {
    startIngest: async (p: string): Promise<IngestJob> => {
      started.push(p);
      return { id: started.length, path: p, state: 'running', progress: { bytesRead: 0, totalBytes: 0, entries: 0, currentPath: null, published: null }, result: null, error: null, startedAt: new Date(0).toISOString() };
    },
  } as unknown as ServedApi;

  beforeAll(async () => {
    fs.writeFileSync(path.join(tmp, 'index.html'), '<!doctype html>');
    server = await startServer({ api, staticDir: tmp, token: 't'.repeat(32), uploads: { dir: path.join(tmp, 'uploads'), maxBytes: 1000 } });
  });
  afterAll(async () => {
    await server.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  const ok = { 'X-Nodescope-Token': 't'.repeat(32), 'Content-Type': 'application/octet-stream' };

  it('streams an upload to its own folder under a safe name and starts its ingest', async () => {
    const body = Buffer.from('bundle bytes');
    const r = await put(server.port, `/upload?name=${encodeURIComponent('../../etc/My Bundle.tar.gz')}`, { ...ok, 'Content-Length': String(body.length) }, body);
    expect(r.status).toBe(200);
    const job = (JSON.parse(r.body) as { value: IngestJob }).value;
    expect(path.basename(job.path)).toBe('My_Bundle.tar.gz');
    expect(path.dirname(path.dirname(job.path))).toBe(path.join(tmp, 'uploads'));
    expect(fs.readFileSync(job.path, 'utf8')).toBe('bundle bytes');
    expect(started).toEqual([job.path]);
  });

  it('refuses without the token, beyond the cap, and anything but raw bytes', async () => {
    const body = Buffer.alloc(10);
    expect((await put(server.port, '/upload?name=a.tgz', { 'Content-Type': 'application/octet-stream', 'Content-Length': '10' }, body)).status).toBe(401);
    const big = await put(server.port, '/upload?name=a.tgz', { ...ok, 'Content-Length': '1001' }, Buffer.alloc(1001));
    expect(big.status).toBe(413);
    expect(big.body).toContain('larger than the 1000 bytes');
    expect((await put(server.port, '/upload?name=a.tgz', { ...ok, 'Content-Type': 'multipart/form-data', 'Content-Length': '10' }, body)).status).toBe(415);
    expect(started).toHaveLength(1);
  });

  it('keeps only the last part of a name, in characters any file system takes', () => {
    expect(safeUploadName('C:\\Users\\me\\node 1.tar.gz')).toBe('node_1.tar.gz');
    expect(safeUploadName('..')).toBe('bundle');
    expect(safeUploadName('.hidden')).toBe('hidden');
    expect(safeUploadName('')).toBe('bundle');
  });
});
