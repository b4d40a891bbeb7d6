// One ingest through the CLI's code, in a process of its own (so peak RSS and CPU are the ingest's),
// run by the ingest and shapes benches: node ingest-child.cjs <bundle> <workspace> [search words, default "failed"].
// Its last line on stderr is JSON:
// - findingsMs: the bundle is published (state 'ready', seen by a second connection polling every 5 ms):
//   its findings, lines and full-text index are there for any reader;
// - searchMs: the first page of a search started at that moment has come back;
// - doneMs: the ingest command has returned (the log-template counts for compare are stored too);
// - threadAtFindings: how the ingest's thread (this one: the CLI ingests on it) spent the time until
//   findingsMs, from the process's start (thread-time.cjs); null where the kernel does not say.
// All from this process's start, after Node's own boot.
const t0 = performance.now();
const fs = require('node:fs');
const path = require('node:path');
const root = path.resolve(__dirname, '..', '..');
const cli = require(path.join(root, 'dist/main/cli.js'));
const Database = require('better-sqlite3');
const { peakRssKb } = require('./peak-rss.cjs');
const { threadTimeSplit } = require('./thread-time.cjs');

const [bundle, db, words = 'failed'] = process.argv.slice(2);
const quiet = { stdout: () => {}, stderr: () => {}, stderrIsTty: false };
const out = [];
let findingsAt = null;
let threadAtFindings = null;
let searching = null;

function searchNow() {
  findingsAt = performance.now();
  threadAtFindings = threadTimeSplit();
  searching = cli.main(['search', '1', words, '--db', db, '--json'], quiet).then((code) => ({ code, at: performance.now() }));
}

// Opened once the workspace is in WAL mode (its -wal file exists): a reader then never holds up the ingest.
let watcher = null;
const poll = setInterval(() => {
  if (!watcher) {
    if (!fs.existsSync(`${db}-wal`)) return;
    const conn = new Database(db, { readonly: true });
    try {
      watcher = conn.prepare("SELECT 1 FROM bundles WHERE id = 1 AND state = 'ready'");
    } catch {
      conn.close();
      return;
    }
  }
  try {
    if (watcher.get()) {
      clearInterval(poll);
      searchNow();
    }
  } catch {
    // busy for a moment: the next poll asks again
  }
}, 5);

cli.main(['ingest', bundle, '--db', db, '--json'], { stdout: (t) => out.push(t), stderr: (t) => process.stderr.write(t), stderrIsTty: false }).then(async (code) => {
  const doneAt = performance.now();
  clearInterval(poll);
  if (!searching) searchNow();
  const search = await searching;
  watcher?.database.close();
  const d = new Database(db, { readonly: true });
  const findings = d.prepare('SELECT count(*) AS n FROM findings').get().n;
  const rows = d.prepare('SELECT count(*) AS n FROM log_lines').get().n;
  d.close();
  const u = process.resourceUsage();
  let errors = [];
  try {
    errors = JSON.parse(out.join('')).bundles[0].errors;
  } catch {
    // not JSON: the ingest failed, its code says so
  }
  const stats = {
    code,
    search: search.code,
    findings,
    rows,
    errors,
    findingsMs: findingsAt - t0,
    searchMs: search.at - t0,
    doneMs: doneAt - t0,
    threadAtFindings,
    maxRssKb: peakRssKb(),
    cpuSeconds: (u.userCPUTime + u.systemCPUTime) / 1e6,
  };
  process.stderr.write(`\n${JSON.stringify(stats)}\n`);
  process.exitCode = code;
});
