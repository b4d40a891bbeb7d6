import type { ReactNode } from 'react';
import type { Comparison, CompareSection } from '../../../../shared/api/compare';
import { ErrorBox, Loading } from '../../components/Text';
import { useApi, useAsync } from '../../lib/hooks';
import { compareHash, routeHash } from '../../lib/route';
import { T, type Sides } from './common';
import { FactsSection, FindingsSection } from './FactsFindings';
import { DnsSection, NetworkSection } from './NetworkDns';
import { LogsSection, ProfilesSection } from './ProfilesLogs';
import { ProcessesSection, SystemSection } from './SystemProcesses';
import { TimelineSection } from './TimelineSection';
import './compare.css';

const SECTIONS: { id: CompareSection; label: string }[] = [
  { id: 'findings', label: 'Findings' },
  { id: 'facts', label: 'Node facts' },
  { id: 'system', label: 'System' },
  { id: 'processes', label: 'Processes' },
  { id: 'network', label: 'iptables / ipvs' },
  { id: 'dns', label: 'DNS' },
  { id: 'profiles', label: 'Profiles' },
  { id: 'logs', label: 'Logs' },
];

/** How many things differ in a section: the number on its tab. */
export function differences(c: Comparison, id: CompareSection): number {
  switch (id) {
    case 'findings':
      return c.findings.new.length + c.findings.gone.length + c.findings.changed.length;
    case 'facts': {
      const f = c.facts;
      return f.facts.length + f.sysctl.length + f.notCollected.length + [f.modules, f.cmdline, f.mounts].reduce((n, s) => n + s.added.length + s.removed.length, 0);
    }
    case 'system':
      return c.system.rows.length;
    case 'processes':
      return c.processes.changed.length + c.processes.onlyA.length + c.processes.onlyB.length;
    case 'network': {
      const { iptables, ipvs } = c.network;
      return iptables.chains.length + iptables.backends.length + ipvs.added.length + ipvs.removed.length + ipvs.changed.length;
    }
    case 'dns': {
      const d = c.dns;
      return d.corefile.serversAdded.length + d.corefile.serversRemoved.length + d.corefile.plugins.length + d.hosts.filter((h) => !h.identical).length + d.resolvConfs.filter((r) => !r.identical).length;
    }
    case 'profiles':
      return c.profiles.profiles.length + c.profiles.onlyA.length + c.profiles.onlyB.length;
    case 'logs':
      return c.logs.differing;
  }
}

/**
 * Bundle B against bundle A (#/compare/A/B, from the Library): every section, each listing only what
 * differs, with a count per section in the bar on top and links into either side's detailed views.
 */
export function CompareView({ a, b }: { a: number; b: number }): ReactNode {
  const api = useApi();
  const sides: Sides = { a, b };
  const c = useAsync(() => api.compareBundles(a, b), [a, b]);
  if (c.error) return <ErrorBox error={c.error} />;
  if (!c.data) return <Loading what="the comparison (log templates of large bundles take a while the first time)" />;
  const data = c.data;
  const jump = (id: CompareSection): void => document.querySelector(`[data-section="${id}"]`)?.scrollIntoView({ block: 'start' });
  return (
    <section className="view scroll cmp">
      <header className="view-head cmp-head">
        <h1>Compare</h1>
        <div className="cmp-sides">
          <span className="cmp-side">
            <span className="badge side-a">A</span> <a href={routeHash(a, 'overview')}><T>{data.a.node}</T></a> <span className="muted small">{data.a.collectedAt ?? ''}</span>
          </span>
          <a className="btn" title="Swap A and B" href={compareHash(b, a)}>
            ⇄
          </a>
          <span className="cmp-side">
            <span className="badge side-b">B</span> <a href={routeHash(b, 'overview')}><T>{data.b.node}</T></a> <span className="muted small">{data.b.collectedAt ?? ''}</span>
          </span>
        </div>
        {data.identical && <span className="badge sev-info">identical</span>}
      </header>
      <nav className="seg cmp-tabs" aria-label="Sections">
        {SECTIONS.map((s) => {
          const n = differences(data, s.id);
          return (
            <button key={s.id} type="button" onClick={() => jump(s.id)}>
              {s.label} <span className={n ? 'cmp-count' : 'muted'}>{n}</span>
            </button>
          );
        })}
      </nav>
      <TimelineSection sides={sides} />
      <FindingsSection s={data.findings} sides={sides} />
      <FactsSection s={data.facts} sides={sides} />
      <SystemSection s={data.system} sides={sides} />
      <ProcessesSection s={data.processes} sides={sides} />
      <NetworkSection s={data.network} sides={sides} />
      <DnsSection s={data.dns} sides={sides} />
      <ProfilesSection s={data.profiles} sides={sides} />
      <LogsSection s={data.logs} sides={sides} />
    </section>
  );
}
