// Load on the demo's etcd while the collector profiles it: key-value puts and ranges through etcd's
// HTTP gateway in parallel loops (the shape of test/support/etcd.ts putLoad). Runs until SIGTERM.
// Usage: node load.mjs http://127.0.0.1:2379
const url = process.argv[2];
const b64 = (s) => Buffer.from(s).toString('base64');
let running = true;
process.on('SIGTERM', () => (running = false));
async function loop(worker) {
  for (let i = 0; running; i++) {
    const key = `/registry/pods/shop/order-api-${worker}-${i % 500}`;
    await fetch(`${url}/v3/kv/put`, { method: 'POST', body: JSON.stringify({ key: b64(key), value: b64(`{"spec":{"n":${i}}}`.repeat(20)) }) }).catch(() => undefined);
    if (i % 10 === 0) {
      await fetch(`${url}/v3/kv/range`, { method: 'POST', body: JSON.stringify({ key: b64('/registry/pods/'), range_end: b64('/registry/pods0'), limit: 100 }) }).catch(() => undefined);
    }
  }
}
await Promise.all([0, 1, 2, 3].map(loop));
