import type { ReactNode } from 'react';
import type { NetworkCompare } from '../../../../shared/api/compare';
import type { DnsDiff } from '../../../../shared/api/dns';
import { Jump, Same, SectionHead, T, type Sides } from './common';

export function NetworkSection({ s, sides }: { s: NetworkCompare; sides: Sides }): ReactNode {
  const { iptables, ipvs } = s;
  return (
    <section className="panel cmp-section compare-section" data-section="network">
      <SectionHead title="iptables and ipvs">
        <Jump sides={sides} view="network" label="Network" />
      </SectionHead>
      {s.identical && <Same what="iptables rules or ipvs services" />}
      {iptables.backends.map((x) => (
        <div key={x.artifact} className="callout">
          <T>{x.artifact}</T>: backend <T>{x.before}</T> → <T>{x.after}</T>
        </div>
      ))}
      {iptables.chains.map((ch) => (
        <div key={`${ch.artifact}-${ch.table}-${ch.chain}`} className="cmp-block">
          <h3 className="mono">
            {ch.family} {ch.table} <T>{ch.chain}</T>
            {ch.presence !== 'both' && <span className="muted"> (chain only in {ch.presence === 'added' ? 'B' : 'A'})</span>}
            <span className="muted small">
              {' '}
              · {ch.rulesBefore} → {ch.rulesAfter} rules
              {ch.policyBefore !== ch.policyAfter ? ` · policy ${ch.policyBefore ?? '—'} → ${ch.policyAfter ?? '—'}` : ''}
            </span>{' '}
            <Jump sides={sides} view="network" params={{ a: ch.artifact, t: ch.table, c: ch.chain }} label="chain" />
          </h3>
          <ul className="cmp-lines mono">
            {ch.added.map((r, i) => (
              <li key={`a${i}`} className="cmp-added">
                + <T>{r}</T>
              </li>
            ))}
            {ch.removed.map((r, i) => (
              <li key={`r${i}`} className="cmp-removed">
                − <T>{r}</T>
              </li>
            ))}
            {ch.counterDeltas.slice(0, 10).map((d, i) => (
              <li key={`c${i}`}>
                <span className="muted">
                  packets {d.before.packets.toLocaleString('en')} → {d.after.packets.toLocaleString('en')}:
                </span>{' '}
                <T>{d.text}</T>
              </li>
            ))}
          </ul>
        </div>
      ))}
      {!ipvs.identical && (
        <div className="cmp-block">
          <h3>ipvs services</h3>
          <ul className="cmp-lines mono">
            {ipvs.added.map((x) => (
              <li key={`a${x}`} className="cmp-added">
                + <T>{x}</T>
              </li>
            ))}
            {ipvs.removed.map((x) => (
              <li key={`r${x}`} className="cmp-removed">
                − <T>{x}</T>
              </li>
            ))}
            {ipvs.changed.map((x, i) => (
              <li key={`c${i}`}>
                <T>{x.service}</T> <T>{x.field}</T>: <T>{x.before}</T> → <T>{x.after}</T>
              </li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}

export function DnsSection({ s, sides }: { s: DnsDiff; sides: Sides }): ReactNode {
  const cf = s.corefile;
  return (
    <section className="panel cmp-section compare-section" data-section="dns">
      <SectionHead title="DNS">
        <Jump sides={sides} view="dns" label="DNS" />
      </SectionHead>
      {s.identical && <Same what="the Corefile, hosts files or resolv.conf" />}
      {(cf.serversAdded.length > 0 || cf.serversRemoved.length > 0) && (
        <ul className="cmp-lines mono">
          {cf.serversAdded.map((x) => (
            <li key={`a${x}`} className="cmp-added">
              + server block <T>{x}</T>
            </li>
          ))}
          {cf.serversRemoved.map((x) => (
            <li key={`r${x}`} className="cmp-removed">
              − server block <T>{x}</T>
            </li>
          ))}
        </ul>
      )}
      {cf.plugins.map((p, i) => (
        <div key={i} className="cmp-block">
          <h3 className="mono">
            Corefile <T>{p.server}</T> › <T>{p.plugin}</T> <span className="muted">({p.change})</span>
          </h3>
          <ul className="cmp-lines mono">
            {p.linesAdded.map((l, j) => (
              <li key={`a${j}`} className="cmp-added">
                + <T>{l}</T>
              </li>
            ))}
            {p.linesRemoved.map((l, j) => (
              <li key={`r${j}`} className="cmp-removed">
                − <T>{l}</T>
              </li>
            ))}
          </ul>
        </div>
      ))}
      {s.hosts
        .filter((h) => !h.identical)
        .map((h) => (
          <div key={h.source} className="cmp-block">
            <h3 className="mono">
              <T>{h.source}</T>
            </h3>
            <ul className="cmp-lines mono">
              {h.added.map((e, i) => (
                <li key={`a${i}`} className="cmp-added">
                  + <T>{`${e.ip} ${e.names.join(' ')}`}</T>
                </li>
              ))}
              {h.removed.map((e, i) => (
                <li key={`r${i}`} className="cmp-removed">
                  − <T>{`${e.ip} ${e.names.join(' ')}`}</T>
                </li>
              ))}
              {h.changed.map((e, i) => (
                <li key={`c${i}`}>
                  <T>{e.name}</T>: <T>{e.before.join(', ')}</T> → <T>{e.after.join(', ')}</T>
                </li>
              ))}
            </ul>
          </div>
        ))}
      {s.resolvConfs
        .filter((r) => !r.identical)
        .map((r) => (
          <div key={r.artifact} className="cmp-block">
            <h3 className="mono">
              <T>{r.artifact}</T>
            </h3>
            <ul className="cmp-lines mono">
              {r.changes.map((c) => (
                <li key={c.field}>
                  {c.field}: <T>{c.before.join(' ')}</T> → <T>{c.after.join(' ')}</T>
                </li>
              ))}
            </ul>
          </div>
        ))}
    </section>
  );
}
