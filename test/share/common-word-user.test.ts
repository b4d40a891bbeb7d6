import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tmpDir } from '../collector/fake-node';
import { cli, members } from './shared-bundle';

/**
 * A node whose operator logs in as `remote` (a common word) and whose logs speak of remote endpoints.
 * Shared, every "remote" became the user's pseudonym: "failed to dial remote endpoint" read
 * "failed to dial user-3f2a1c endpoint". A plain bundle made by tar, its files written here.
 */
function bundle(dir: string): string {
  const root = path.join(dir, 'edge-gw-4');
  const put = (rel: string, text: string): void => {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), text);
  };
  put('etc/hostname', 'edge-gw-4\n');
  put('etc/passwd', 'root:x:0:0:root:/root:/bin/bash\nremote:x:1000:1000:Remote Ops,,,:/home/remote:/bin/bash\n');
  put('etc/group', 'sudo:x:27:remote\nremote:x:1000:\n');
  put('ps_auxwww', 'USER         PID %CPU %MEM    VSZ   RSS TTY      STAT START   TIME COMMAND\nroot           1  0.0  0.1 167744 11520 ?        Ss   08:00   0:02 /sbin/init\nremote      4242  0.0  0.0   8960  5376 pts/0    Ss   08:10   0:00 -bash\n');
  put('id', 'uid=1000(remote) gid=1000(remote) groups=1000(remote),27(sudo)\n');
  put('var/log/auth.log', [
    'Dec  7 08:10:01 edge-gw-4 sshd[4240]: Accepted publickey for remote from 192.168.7.20 port 50522 ssh2: ED25519 SHA256:q1',
    'Dec  7 08:10:01 edge-gw-4 sshd[4240]: pam_unix(sshd:session): session opened for user remote(uid=1000) by (uid=0)',
    'Dec  7 08:10:02 edge-gw-4 sudo:   remote : TTY=pts/0 ; PWD=/home/remote ; USER=root ; COMMAND=/usr/bin/crictl ps',
  ].join('\n') + '\n');
  put('var/log/syslog', [
    'Dec  7 08:11:00 edge-gw-4 containerd[812]: time="2026-12-07T08:11:00Z" level=error msg="failed to dial remote endpoint" error="connection refused"',
    'Dec  7 08:11:05 edge-gw-4 etcd[901]: lost the TCP streaming connection with remote peer',
  ].join('\n') + '\n');
  const out = path.join(dir, 'edge-gw-4.tar.gz');
  execFileSync('tar', ['-czf', out, '-C', dir, 'edge-gw-4']);
  return out;
}

describe('nodescope share of a node whose user is named by a common word', () => {
  const dir = tmpDir('share-word-user');
  const db = path.join(dir, 'ws.db');
  const out = path.join(dir, 'shared.tar.gz');
  cli(db, 'share', bundle(dir), '-o', out, '--map', path.join(dir, 'map.json'));
  const files = members(out);
  const text = (suffix: string): string => [...files].find(([name]) => name.endsWith(suffix))![1];
  const user = /user-[0-9a-f]{6}/.source;

  it('replaces the user where it stands as one: passwd, group, ps, id, sshd, pam, sudo, home folders', () => {
    expect(text('etc/passwd')).toMatch(new RegExp(`^${user}:x:1000:1000:Remote Ops,,,:/home/${user}:/bin/bash$`, 'm'));
    expect(text('etc/group')).toMatch(new RegExp(`^sudo:x:27:${user}\\n${user}:x:1000:$`, 'm'));
    expect(text('ps_auxwww')).toMatch(new RegExp(`^${user} +4242 `, 'm'));
    expect(text('/id')).toMatch(new RegExp(`^uid=1000\\(${user}\\) gid=1000\\(${user}\\) groups=1000\\(${user}\\),27\\(sudo\\)$`, 'm'));
    expect(text('auth.log')).not.toMatch(/\bremote\b/);
  });

  it('leaves "remote" where it is a word of the logs', () => {
    expect(text('var/log/syslog')).toContain('msg="failed to dial remote endpoint"');
    expect(text('var/log/syslog')).toContain('connection with remote peer');
  });
});
