import { useState, type ReactNode } from 'react';
import type { Corefile, CorefileDirective, DnsUpstream, DnsView } from '../../../shared/api/dns';
import { DataTable, type Column } from '../components/DataTable';
import { Empty, ErrorBox, Loading } from '../components/Text';
import { useApi, useAsync } from '../lib/hooks';
import { routeHash } from '../lib/route';
import { displayText } from '../lib/text';

export function DnsView({ bundle }: { bundle: number; params: URLSearchParams }): ReactNode {
  const api = useApi();
  const dns = useAsync(() => api.dns(bundle), [bundle]);
  if (dns.error) return <ErrorBox error={dns.error} />;
  if (!dns.data) return <Loading what="DNS" />;
  const d = dns.data;
  return (
    <section className="view scroll">
      <header className="view-head">
        <h1>DNS</h1>
        <span className="muted">
          {d.corefiles.length} Corefile{d.corefiles.length === 1 ? '' : 's'} · {d.hosts.length} hosts files · {d.resolvConfs.length} resolv.conf
        </span>
      </header>
      {d.problems.length > 0 && (
        <div className="callout">
          {d.problems.map((p) => (
            <div key={p}>{displayText(p)}</div>
          ))}
        </div>
      )}
      {d.corefiles.length === 0 && <Empty>No Corefile in this bundle (neither the coredns ConfigMap nor a mounted file).</Empty>}
      {d.corefiles.map((c) => (
        <CorefilePanel key={c.artifact} bundle={bundle} corefile={c} />
      ))}
      <div className="grid-2">
        <Upstreams dns={d} bundle={bundle} />
        <ResolvConfs dns={d} bundle={bundle} />
      </div>
      <HostsPanel dns={d} bundle={bundle} />
    </section>
  );
}

function CorefilePanel({ bundle, corefile }: { bundle: number; corefile: Corefile }): ReactNode {
  const [raw, setRaw] = useState(false);
  const artifactLine = (line: number): number => (corefile.startLine ?? 1) + line - 1;
  return (
    <div className="panel corefile">
      <div className="panel-head">
        <h2>Corefile</h2>
        <a className="mono small" href={routeHash(bundle, 'artifacts', { path: corefile.artifact, line: corefile.startLine })}>
          {corefile.artifact}
        </a>
        {corefile.configMap && <span className="muted small">ConfigMap {corefile.configMap}</span>}
        <span className="grow" />
        <div className="seg" role="group" aria-label="Corefile view">
          <button type="button" className={raw ? '' : 'on'} onClick={() => setRaw(false)}>
            Server blocks
          </button>
          <button type="button" className={raw ? 'on' : ''} onClick={() => setRaw(true)}>
            Text
          </button>
        </div>
      </div>
      {corefile.errors.length > 0 && <ErrorBox error={corefile.errors.join('\n')} />}
      {raw ? (
        <pre className="quote corefile-text">{displayText(corefile.text)}</pre>
      ) : (
        <div className="server-blocks">
          {corefile.servers.map((s) => (
            <div key={s.line} className="server-block">
              <div className="server-keys mono">
                {s.keys.join(' ')} <span className="muted small">line {artifactLine(s.line)}</span>
              </div>
              <Directives list={s.plugins} />
            </div>
          ))}
          {corefile.imports.map((i) => (
            <div key={i.line} className="mono small muted">
              import {i.path}
            </div>
          ))}
        </div>
      )}
    </div>
  );
}

function Directives({ list }: { list: CorefileDirective[] }): ReactNode {
  return (
    <ul className="directives">
      {list.map((d) => (
        <li key={`${d.line}-${d.name}`}>
          <span className="plugin">{d.name}</span> <span className="mono">{d.args.join(' ')}</span>
          {d.block && <Directives list={d.block} />}
        </li>
      ))}
    </ul>
  );
}

function Upstreams({ dns, bundle }: { dns: DnsView; bundle: number }): ReactNode {
  return (
    <div className="panel">
      <h2>Upstreams</h2>
      {dns.upstreams.length === 0 && <div className="muted">No forward or proxy plugin.</div>}
      {dns.upstreams.length > 0 && <DataTable table="upstreams" label="Upstreams" columns={upstreamColumns(bundle)} rows={dns.upstreams} rowKey={(u) => `${u.artifact}-${u.line}`} />}
    </div>
  );
}

function ResolvConfs({ dns, bundle }: { dns: DnsView; bundle: number }): ReactNode {
  return (
    <div className="panel">
      <h2>resolv.conf</h2>
      {dns.resolvConfs.length === 0 && <div className="muted">Not collected.</div>}
      {dns.resolvConfs.map((r) => (
        <dl key={r.artifact} className="facts">
          <div className="fact">
            <dt>File</dt>
            <dd>
              <a className="mono" href={routeHash(bundle, 'artifacts', { path: r.artifact })}>
                {r.artifact}
              </a>
            </dd>
          </div>
          <div className="fact">
            <dt>nameservers</dt>
            <dd className="mono">
              {r.nameservers.join(' ')}
              {r.ignoredNameservers.length > 0 && <span className="badge sev-warning">ignored: {r.ignoredNameservers.join(' ')}</span>}
            </dd>
          </div>
          <div className="fact">
            <dt>search</dt>
            <dd className="mono">{r.search.join(' ') || '—'}</dd>
          </div>
          <div className="fact">
            <dt>options</dt>
            <dd className="mono">{r.options.map((o) => (o.value === null ? o.name : `${o.name}:${o.value}`)).join(' ') || '—'}</dd>
          </div>
        </dl>
      ))}
    </div>
  );
}

function HostsPanel({ dns, bundle }: { dns: DnsView; bundle: number }): ReactNode {
  const hostRows: HostRow[] = [
    ...dns.corefileHosts.flatMap((h) =>
      h.entries.map((e) => ({ key: `c-${h.artifact}-${e.line}-${e.ip}`, where: `CoreDNS hosts (${h.server})${h.fallthrough ? ' · fallthrough' : ''}`, artifact: null, line: e.line, ip: e.ip, names: e.names.join(' ') })),
    ),
    ...dns.hosts.flatMap((h) => h.entries.map((e) => ({ key: `h-${h.artifact}-${e.line}`, where: `${h.artifact}:${e.line}`, artifact: h.artifact, line: e.line, ip: e.ip, names: e.names.join(' ') }))),
  ];
  return (
    <div className="panel">
      <h2>Hosts</h2>
      {dns.nodeOnlyHosts.length > 0 && (
        <div className="callout">
          {dns.nodeOnlyHosts.length} name{dns.nodeOnlyHosts.length === 1 ? '' : 's'} in the node's hosts file that pods cannot resolve (no CoreDNS hosts entry):{' '}
          <span className="mono">{dns.nodeOnlyHosts.map((h) => h.name).join(', ')}</span>
        </div>
      )}
      {dns.corefileHosts.every((h) => h.entries.length === 0) && dns.hosts.every((h) => h.entries.length === 0) && (
        <div className="muted">No hosts entries: neither a CoreDNS hosts block with entries nor a hosts file in this bundle.</div>
      )}
      {hostRows.length > 0 && <DataTable table="hosts" label="Hosts" columns={hostColumns(bundle)} rows={hostRows} rowKey={(h) => h.key} />}
    </div>
  );
}

interface HostRow {
  key: string;
  where: string;
  /** The hosts file the entry is in (linked), null for a Corefile hosts block. */
  artifact: string | null;
  line: number;
  ip: string;
  names: string;
}

function hostColumns(bundle: number): Column<HostRow>[] {
  return [
    {
      key: 'where',
      label: 'Where',
      cell: (r) =>
        r.artifact ? (
          <a className="mono" href={routeHash(bundle, 'artifacts', { path: r.artifact, line: r.line })}>
            {r.where}
          </a>
        ) : (
          r.where
        ),
      value: (r) => r.where,
    },
    { key: 'ip', label: 'IP', className: 'mono', cell: (r) => r.ip, value: (r) => ipSortKey(r.ip) },
    { key: 'names', label: 'Names', className: 'mono', cell: (r) => r.names, value: (r) => r.names },
  ];
}

/** IPv4 addresses in numeric order ("10.0.0.9" before "10.0.0.10"); other text as it is. */
function ipSortKey(ip: string): string {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(ip);
  return m ? m.slice(1).map((o) => o.padStart(3, '0')).join('.') : ip;
}

function upstreamColumns(bundle: number): Column<DnsUpstream>[] {
  return [
    { key: 'server', label: 'Server block', className: 'mono', cell: (u) => u.server, value: (u) => u.server },
    { key: 'plugin', label: 'Plugin', cell: (u) => `${u.plugin} ${u.from}`, value: (u) => `${u.plugin} ${u.from}` },
    {
      key: 'to',
      label: 'To',
      className: 'mono wrap',
      cell: (u) => (
        <>
          {u.to.join(' ')}
          {u.viaResolvConf && <div className="muted small">the nameservers of the CoreDNS pod's resolv.conf (the node's, by default)</div>}
        </>
      ),
      value: (u) => u.to.join(' '),
    },
    {
      key: 'line',
      label: 'Line',
      numeric: true,
      cell: (u) => (
        <a className="small" href={routeHash(bundle, 'artifacts', { path: u.artifact, line: u.line })}>
          line {u.line}
        </a>
      ),
      value: (u) => u.line,
    },
  ];
}
