import { describe, expect, it } from 'vitest';
import { ApiError, httpApi } from './api';

describe('browser mode API client', () => {
  it('posts the arguments as a JSON array with the token header, and unwraps the reply', async () => {
    const seen: { url: string; init: RequestInit }[] = [];
    const fetcher = (async (url: string, init: RequestInit) => {
      seen.push({ url, init });
      return new Response(JSON.stringify({ ok: true, value: [{ id: 1 }] }), { status: 200 });
    }) as unknown as typeof fetch;
    const api = httpApi('tok123', fetcher);
    expect(await api.readArtifact(1, 'proc/meminfo', undefined, undefined)).toEqual([{ id: 1 }]);
    expect(seen[0].url).toBe('/api/readArtifact');
    expect((seen[0].init.headers as Record<string, string>)['X-Nodescope-Token']).toBe('tok123');
    // Trailing undefined arguments are dropped, so the server's arity check sees what the caller meant.
    expect(JSON.parse(String(seen[0].init.body))).toEqual([1, 'proc/meminfo']);
  });

  it('throws the server message when a call is refused', async () => {
    const fetcher = (async () => new Response(JSON.stringify({ ok: false, error: 'bundle id must be a whole number' }), { status: 400 })) as unknown as typeof fetch;
    await expect(httpApi('t', fetcher).getBundle(1)).rejects.toThrow(ApiError);
    const broken = (async () => new Response('token required', { status: 401 })) as unknown as typeof fetch;
    await expect(httpApi('t', broken).listBundles()).rejects.toThrow(/^HTTP 401: this page has no access token\. Open the URL nodescope serve printed/);
    const gone = (async () => new Response('bad gateway', { status: 502 })) as unknown as typeof fetch;
    await expect(httpApi('t', gone).listBundles()).rejects.toThrow(/^HTTP 502$/);
  });
});
