import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { plainStream } from './decoded';
import { readTar } from './tar';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tar-names-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

async function* once(data: Buffer): AsyncGenerator<Buffer> {
  yield data;
}

async function namesIn(tar: Buffer): Promise<string[]> {
  const names: string[] = [];
  for await (const e of readTar(plainStream(once(tar))).entries) {
    names.push(e.name);
    for await (const _ of e.body) {
      // drained
    }
  }
  return names;
}

describe('entry names as a node wrote them', () => {
  it('keeps two Latin-1 names that differ in one byte apart, and UTF-8 names as they are', async () => {
    // GNU tar on a node whose file names are Latin-1: café.log and cafè.log, and one UTF-8 name
    const logs = path.join(dir, 'logs');
    fs.mkdirSync(logs);
    const names = [Buffer.from('caf\xe9.log', 'latin1'), Buffer.from('caf\xe8.log', 'latin1'), Buffer.from('café-utf8.log')];
    for (const n of names) fs.writeFileSync(Buffer.concat([Buffer.from(`${logs}/`), n]), 'Nov  5 10:00:00 node1 kernel: a line\n');
    const tar = execFileSync('tar', ['cf', '-', '--format=gnu', '--sort=name', '-C', dir, 'logs'], { maxBuffer: 1 << 24 });
    expect(await namesIn(tar)).toEqual(['logs/', 'logs/café-utf8.log', 'logs/caf\u00e8.log', 'logs/caf\u00e9.log']);
  });
});

describe('a header a damaged stream garbled', () => {
  it('is read as GNU tar reads it: an octal field ends at its NUL, whatever follows', async () => {
    const logs = path.join(dir, 'garbled');
    fs.mkdirSync(logs);
    fs.writeFileSync(path.join(logs, 'syslog'), 'Nov  5 10:00:00 node1 kernel: a line\n');
    const tar = Buffer.from(execFileSync('tar', ['cf', '-', '--format=gnu', '-C', logs, 'syslog']));
    // As in a demo bundle whose gzip had one byte flipped: "0400064622\01" for the size and
    // "17740\0 0" for the checksum; GNU tar 1.34 lists such an entry.
    tar.write(`${tar.toString('latin1', 124, 135).slice(1)}\u00001`, 124, 'latin1');
    tar.fill(0x20, 148, 156);
    let sum = 0;
    for (let i = 0; i < 512; i++) sum += tar[i];
    tar.write(`${sum.toString(8)}\u0000 0`, 148, 'latin1');
    expect(execFileSync('tar', ['tvf', '-'], { input: tar }).toString()).toMatch(/ 37 .* syslog\n$/);
    expect(await namesIn(tar)).toEqual(['syslog']);
  });
});

describe('a header whose checksum an old tar summed as signed bytes', () => {
  it('is read, as GNU tar reads it, when its name has bytes past 127', async () => {
    const logs = path.join(dir, 'signed');
    fs.mkdirSync(logs);
    fs.writeFileSync(Buffer.concat([Buffer.from(`${logs}/`), Buffer.from('caf\xe9.log', 'latin1')]), 'Nov  5 10:00:00 node1 kernel: a line\n');
    const tar = Buffer.from(execFileSync('tar', ['cf', '-', '--format=gnu', '-C', logs, '.']));
    // The file's header (after the folder's, which has no data): its checksum as the sum of signed chars (é is -23, not 233).
    const header = tar.subarray(512, 1024);
    header.fill(0x20, 148, 156);
    let signed = 0;
    for (let i = 0; i < 512; i++) signed += header[i] > 127 ? header[i] - 256 : header[i];
    header.write(`${signed.toString(8).padStart(6, '0')}\u0000 `, 148, 'latin1');
    expect(execFileSync('tar', ['tvf', '-'], { input: tar }).toString()).toMatch(/ \.\/caf\\351\.log\n$/);
    expect(await namesIn(tar)).toEqual(['./', './caf\u00e9.log']);
  });
});
