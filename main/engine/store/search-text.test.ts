import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { SEARCH_TEXT_FUNCTION, SEARCH_TEXT_SQL, searchText } from './search-text';

describe('the search text of a stored line', () => {
  const db = new Database(':memory:');
  db.exec('CREATE TABLE log_lines (id INTEGER PRIMARY KEY, text TEXT NOT NULL, msg INTEGER NOT NULL DEFAULT 0)');
  const lines: [string, number][] = [
    ['Nov 05 10:00:00.123456 node1 kubelet[2101]: E1105 10:00:00.123456 2101 kubelet.go:1829] "back-off"', 'Nov 05 10:00:00.123456 node1 kubelet[2101]: '.length],
    ['ffffffff81000000 T startup_64', 0],
    ['net.ipv4.ip_forward = 1', 0],
    ['10:00:00 a line whose clock is its message', 0],
  ];
  const add = db.prepare('INSERT INTO log_lines (text, msg) VALUES (?, ?)');
  for (const [text, msg] of lines) add.run(text, msg);
  let calls = 0;
  db.function(SEARCH_TEXT_FUNCTION, { deterministic: true }, (text: unknown, msg: unknown) => {
    calls++;
    return searchText(String(text), Number(msg));
  });

  it('drops the clock times of a prefix, and keeps a line without one whole', () => {
    const got = db.prepare(`SELECT ${SEARCH_TEXT_SQL} AS s FROM log_lines ORDER BY id`).pluck().all();
    expect(got).toEqual(lines.map(([text, msg]) => searchText(text, msg)));
    expect(got[0]).toBe('Nov 05   node1 kubelet[2101]: E1105 10:00:00.123456 2101 kubelet.go:1829] "back-off"');
  });

  it('calls into JavaScript only for lines with a prefix: a sosreport\'s 794,341 lines of generic text cost none', () => {
    calls = 0;
    db.prepare(`SELECT ${SEARCH_TEXT_SQL} FROM log_lines`).all();
    expect(calls).toBe(1);
  });
});
