import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { NginxView } from '../../../shared/api/network';
import { nginxServers, parseNginxFile } from './nginx';
import { nginxDiff } from './nginx-diff';

const site = fs.readFileSync(path.join(__dirname, '../../../test/fixtures/network/nginx-jump-host/sites-available/default'), 'utf8');

function view(files: Record<string, string>): NginxView {
  const parsed = Object.entries(files).map(([p, t]) => parseNginxFile(t, p));
  const parts = parsed.map(nginxServers);
  return { files: parsed, servers: parts.flatMap((x) => x.servers), upstreams: parts.flatMap((x) => x.upstreams) };
}

describe('nginx compare (field case 1: the jump host config was tampered with)', () => {
  const before = view({ 'node/nginx/sites-enabled/default': site });

  it('finds nothing between a config and itself, nor in comments and spacing', () => {
    const reformatted = site.replace(/^\s*#.*$/gm, '').replace(/\t/g, '    ');
    expect(nginxDiff(before, view({ 'node/nginx/sites-enabled/default': reformatted }))).toEqual({ filesAdded: [], filesRemoved: [], files: [], identical: true });
  });

  it('shows a changed listen port and proxy target with their place in the config', () => {
    const tampered = site
      .replace('\tlisten 80 default_server;', '\tlisten 8080 default_server;')
      .replace('\t\ttry_files $uri $uri/ =404;', '\t\tproxy_pass https://192.0.2.66;');
    const d = nginxDiff(before, view({ 'node/nginx/sites-enabled/default': tampered, 'node/nginx/conf.d/extra.conf': 'server { listen 9000; }' }));
    expect(d.filesAdded).toEqual(['node/nginx/conf.d/extra.conf']);
    expect(d.files).toEqual([
      {
        artifact: 'node/nginx/sites-enabled/default',
        added: ['server > listen 8080 default_server', 'server > location / > proxy_pass https://192.0.2.66'],
        removed: ['server > listen 80 default_server', 'server > location / > try_files $uri $uri/ =404'],
      },
    ]);
  });
});
