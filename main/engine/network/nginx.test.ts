import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lexNginx, nginxServers, parseNginxFile } from './nginx';

const dir = path.join(__dirname, '../../../test/fixtures/network/nginx-jump-host');
const read = (f: string) => fs.readFileSync(path.join(dir, f), 'utf8');

describe('a jump host\'s nginx configuration (Debian layout, written by make-nginx-jump-host.mjs)', () => {
  it('reads nginx.conf: main directives, events and http blocks, includes, comments skipped', () => {
    const f = parseNginxFile(read('nginx.conf'), 'node/nginx/nginx.conf');
    expect(f.errors).toEqual([]);
    expect(f.directives.map((d) => d.name)).toEqual(['user', 'worker_processes', 'pid', 'error_log', 'include', 'events', 'http']);
    expect(f.includes).toEqual(['/etc/nginx/modules-enabled/*.conf', '/etc/nginx/mime.types', '/etc/nginx/conf.d/*.conf', '/etc/nginx/sites-enabled/*']);
    const http = f.directives.find((d) => d.name === 'http');
    expect(http?.block?.find((d) => d.name === 'ssl_protocols')?.args).toEqual(['TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3']);
  });

  it('reads the default site: listens on 80 (v4 and v6), no proxy', () => {
    const f = parseNginxFile(read('sites-available/default'), 'node/nginx/sites-available/default');
    expect(f.errors).toEqual([]);
    const { servers } = nginxServers(f);
    const line = read('sites-available/default').split('\n').indexOf('server {') + 1;
    expect(servers).toEqual([
      { artifact: 'node/nginx/sites-available/default', line, context: null, listen: ['80 default_server', '[::]:80 default_server'], serverNames: ['_'], proxyPasses: [] },
    ]);
  });
});

describe('a jump host proxying to Rancher (field case 1)', () => {
  const site = read('sites-available/default').replace(
    '\t\ttry_files $uri $uri/ =404;',
    '\t\tproxy_pass https://rancher_servers;\n\t\tinclude proxy_params;',
  );
  const conf = `${site}\nstream {\n    upstream rancher_servers_https {\n        least_conn;\n        server 192.0.2.11:443 max_fails=3 fail_timeout=5s;\n        server 192.0.2.12:443 max_fails=3 fail_timeout=5s;\n    }\n    server {\n        listen 443;\n        proxy_pass rancher_servers_https;\n    }\n}\n`;

  it('gives each server with where it listens and where it proxies to, and the upstream members', () => {
    const f = parseNginxFile(conf, 'node/nginx/sites-enabled/rancher');
    expect(f.errors).toEqual([]);
    const { servers, upstreams } = nginxServers(f);
    expect(servers.map((s) => [s.context, s.listen, s.proxyPasses.map((p) => `${p.location ?? '(server)'} -> ${p.target}`)])).toEqual([
      [null, ['80 default_server', '[::]:80 default_server'], ['/ -> https://rancher_servers']],
      ['stream', ['443'], ['(server) -> rancher_servers_https']],
    ]);
    const line = conf.split('\n').indexOf('    upstream rancher_servers_https {') + 1;
    expect(upstreams).toEqual([
      { artifact: 'node/nginx/sites-enabled/rancher', line, name: 'rancher_servers_https', servers: ['192.0.2.11:443 max_fails=3 fail_timeout=5s', '192.0.2.12:443 max_fails=3 fail_timeout=5s'] },
    ]);
  });

  it('reports a missing ";" and an unclosed block, and keeps the rest', () => {
    const f = parseNginxFile('http {\n  server {\n    listen 80\n  }\n', 'x');
    expect(f.errors).toEqual(['line 3: "listen" has no ";"', 'line 1: "{" is never closed']);
    expect(nginxServers(f).servers[0].listen).toEqual(['80']);
  });

  it('reads quoted arguments with ; and braces inside', () => {
    const f = parseNginxFile("log_format main '$remote_addr; {x}' \"a\\\"b\";\n", 'x');
    expect(f.directives[0].args).toEqual(['main', '$remote_addr; {x}', 'a"b']);
  });
});

describe('lexNginx on odd blanks', () => {
  it('treats a form feed or a no-break space as a blank instead of looping on an empty word (found by fuzzing)', () => {
    expect(lexNginx('listen\f80;\u00a0').map((t) => t.text)).toEqual(['listen', '80', ';']);
  });
});
