// UI search figures for the ingest benchmark: on its workspace (the >= 1 GiB bundle), how long the Logs
// view waits for its first page of results through the API the UI uses (browser mode: POST
// /api/searchLogs to `nodescope serve`, with the UI's page size), from request to parsed JSON.
import { spawn } from 'node:child_process';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..', '..');
const PAGE = 500; // renderer/src/views/Logs.tsx
const QUERIES = [
  ['first page, no query', {}],
  ['common word (error)', { text: 'error' }],
  ['rare word (DeadlineExceeded)', { text: 'DeadlineExceeded' }],
  ['phrase ("failed to")', { text: '"failed to"' }],
  ['word + level filter', { text: 'timeout', levels: ['error', 'warning'] }],
];

export async function measureUiSearch(db) {
  const server = await serve(db);
  try {
    const [bundleRow] = await call(server, 'listBundles', []);
    const rows = [];
    for (const [label, q] of QUERIES) {
      const times = [];
      let lines = 0;
      for (let i = 0; i < 6; i++) {
        const t0 = process.hrtime.bigint();
        const page = await call(server, 'searchLogs', [{ bundle: bundleRow.id, limit: PAGE, ...q }]);
        times.push(Number(process.hrtime.bigint() - t0) / 1e6);
        lines = page.lines.length;
      }
      const [cold, ...warm] = times;
      warm.sort((a, b) => a - b);
      rows.push([`searchLogs ${label}: first call / median of 5`, `${cold.toFixed(0)} ms / ${warm[2].toFixed(0)} ms (${lines} lines)`]);
    }
    const t0 = process.hrtime.bigint();
    await call(server, 'logHistogram', [{ bundle: bundleRow.id, text: 'error' }, 90]);
    rows.push(['logHistogram (90 buckets, "error")', `${(Number(process.hrtime.bigint() - t0) / 1e6).toFixed(0)} ms`]);
    return rows;
  } finally {
    server.child.kill('SIGINT');
  }
}

function serve(db) {
  return new Promise((resolve, reject) => {
    const child = spawn('node', [path.join(root, 'main/nodescope.cjs'), 'serve', '--db', db], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (c) => {
      out += c;
      const line = out.split('\n').find((l) => l.startsWith('http://'));
      if (line) {
        const url = new URL(line);
        resolve({ child, origin: url.origin, token: url.searchParams.get('token') });
      }
    });
    child.on('exit', (code) => reject(new Error(`serve exited ${code}`)));
  });
}

async function call(server, method, args) {
  const res = await fetch(`${server.origin}/api/${method}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Nodescope-Token': server.token },
    body: JSON.stringify(args),
  });
  const body = await res.json();
  if (!body.ok) throw new Error(`${method}: ${body.error}`);
  return body.value;
}
