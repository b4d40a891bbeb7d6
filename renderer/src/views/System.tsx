import type { ReactNode } from 'react';
import type { CgroupController, CpuShares, DiskDevice, FsUsage, SystemReport } from '../../../shared/api/system';
import { DataTable, type Column } from '../components/DataTable';
import { Empty, ErrorBox, Loading } from '../components/Text';
import { useApi, useAsync } from '../lib/hooks';
import { formatBytes, formatLimit } from '../lib/text';

const CPU_PARTS: [keyof CpuShares, string][] = [
  ['user', 'user'],
  ['nice', 'nice'],
  ['system', 'system'],
  ['irq', 'irq'],
  ['softirq', 'softirq'],
  ['iowait', 'iowait'],
  ['steal', 'steal'],
  ['idle', 'idle'],
];

const pct = (share: number | null | undefined): string => (share === null || share === undefined ? '—' : `${(share * 100).toFixed(1)}%`);

export function SystemView({ bundle }: { bundle: number; params: URLSearchParams }): ReactNode {
  const api = useApi();
  const sys = useAsync(() => api.system(bundle), [bundle]);
  if (sys.error) return <ErrorBox error={sys.error} />;
  if (!sys.data) return <Loading what="system" />;
  const s = sys.data;
  return (
    <section className="view scroll">
      <header className="view-head">
        <h1>System</h1>
        <span className="muted">{s.facts.kernel?.release ?? ''}</span>
      </header>
      {s.missing.length > 0 && <div className="callout">Not collected: {s.missing.join('; ')}</div>}
      <Limits report={s} />
      <div className="grid-2">
        <Cpu report={s} />
        <Memory report={s} />
      </div>
      <div className="grid-2">
        <Disks report={s} />
        <Usage title="Filesystems" rows={s.diskUsage} inodes={false} />
      </div>
      <div className="grid-2">
        <Usage title="Inodes" rows={s.inodeUsage} inodes />
        <Cgroups report={s} />
      </div>
    </section>
  );
}

function Limits({ report }: { report: SystemReport }): ReactNode {
  if (report.limits.length === 0) return null;
  return (
    <div className="panel">
      <h2>Limits</h2>
      <div className="limits">
        {report.limits.map((l) => (
          <div key={l.name} className={`limit ${l.nearExhaustion ? 'near' : ''}`}>
            <div className="limit-name">{l.name}</div>
            <div className="meter">
              <div className={`meter-fill ${l.share > 0.9 ? 'crit' : l.share > 0.75 ? 'warn' : ''}`} style={{ width: `${Math.min(100, l.share * 100)}%` }} />
            </div>
            <div className="small mono">
              {l.used.toLocaleString('en')} / {formatLimit(l.max)} ({pct(l.share)})
            </div>
          </div>
        ))}
      </div>
    </div>
  );
}

function Cpu({ report }: { report: SystemReport }): ReactNode {
  const c = report.cpu;
  return (
    <div className="panel">
      <h2>CPU</h2>
      {!c ? (
        <Empty>/proc/stat not collected.</Empty>
      ) : (
        <>
          <div className="muted small">
            {c.cpuCount} CPUs · {c.basis === 'interval' ? `over the ${c.intervalSeconds?.toFixed(1)} s between the two samples` : 'averaged since boot (one sample only)'}
            {c.procsBlocked !== null ? ` · ${c.procsBlocked} blocked, ${c.procsRunning} running` : ''}
          </div>
          <div className="stack-bar" role="img" aria-label="CPU split">
            {CPU_PARTS.map(([k]) => (
              <div key={k} className={`seg-${k}`} style={{ width: `${c.total[k] * 100}%` }} title={`${k} ${pct(c.total[k])}`} />
            ))}
          </div>
          <div className="legend">
            {CPU_PARTS.map(([k, label]) => (
              <span key={k} className={`legend-item ${(k === 'steal' || k === 'iowait') && c.total[k] > 0.1 ? 'hot' : ''}`}>
                <i className={`seg-${k}`} /> {label} {pct(c.total[k])}
              </span>
            ))}
          </div>
          {report.load && (
            <div className="small">
              load {report.load.one} {report.load.five} {report.load.fifteen} · {report.load.runnable}/{report.load.threads} runnable
            </div>
          )}
          {report.pressure.map((p) => (
            <div key={p.resource} className="small mono">
              PSI {p.resource}: some {p.some?.avg10 ?? '—'}/{p.some?.avg60 ?? '—'}/{p.some?.avg300 ?? '—'}
              {p.full ? ` · full ${p.full.avg10}/${p.full.avg60}/${p.full.avg300}` : ''}
            </div>
          ))}
        </>
      )}
    </div>
  );
}

function Memory({ report }: { report: SystemReport }): ReactNode {
  const m = report.memory;
  const kb = (v: number | null): string => (v === null ? '—' : formatBytes(v * 1024));
  return (
    <div className="panel">
      <h2>Memory</h2>
      {!m ? (
        <Empty>/proc/meminfo not collected.</Empty>
      ) : (
        <>
          <div className="meter">
            <div className={`meter-fill ${(m.usedShare ?? 0) > 0.9 ? 'crit' : (m.usedShare ?? 0) > 0.75 ? 'warn' : ''}`} style={{ width: `${(m.usedShare ?? 0) * 100}%` }} />
          </div>
          <dl className="facts">
            {[
              ['Total', kb(m.totalKB)],
              ['Available', kb(m.availableKB)],
              ['Used', pct(m.usedShare)],
              ['Cached', kb(m.cachedKB)],
              ['Dirty', kb(m.dirtyKB)],
              ['Swap', m.swapTotalKB ? `${kb((m.swapTotalKB ?? 0) - (m.swapFreeKB ?? 0))} of ${kb(m.swapTotalKB)}` : 'none'],
            ].map(([k, v]) => (
              <div key={k} className="fact">
                <dt>{k}</dt>
                <dd>{v}</dd>
              </div>
            ))}
          </dl>
        </>
      )}
    </div>
  );
}

function Disks({ report }: { report: SystemReport }): ReactNode {
  const d = report.disks;
  return (
    <div className="panel">
      <h2>Disks</h2>
      {!d || d.devices.length === 0 ? (
        <Empty>/proc/diskstats not collected.</Empty>
      ) : (
        <DataTable table="disks" label="Disks" columns={DISK_COLUMNS} rows={d.devices} rowKey={(x) => x.device} />
      )}
    </div>
  );
}

function Usage({ title, rows, inodes }: { title: string; rows: FsUsage[]; inodes: boolean }): ReactNode {
  return (
    <div className="panel">
      <h2>{title}</h2>
      {rows.length === 0 && <Empty>{inodes ? 'df -i' : 'df'} not collected.</Empty>}
      {rows.length > 0 && <DataTable table={inodes ? 'inodes' : 'fs'} label={title} columns={inodes ? INODE_COLUMNS : FS_COLUMNS} rows={rows} rowKey={(r) => `${r.filesystem}-${r.mountedOn}`} />}
    </div>
  );
}

function Cgroups({ report }: { report: SystemReport }): ReactNode {
  return (
    <div className="panel">
      <h2>cgroups</h2>
      {report.cgroups.length === 0 && <Empty>/proc/cgroups not collected.</Empty>}
      {report.cgroups.length > 0 && <DataTable table="cgroups" label="cgroups" columns={CGROUP_COLUMNS} rows={report.cgroups} rowKey={(c) => c.name} />}
    </div>
  );
}

const rate = (v: number | undefined): string => (v === undefined ? '—' : v.toFixed(1));

const DISK_COLUMNS: Column<DiskDevice>[] = [
  { key: 'device', label: 'Device', className: 'mono', cell: (x) => x.device, value: (x) => x.device },
  { key: 'r', label: 'r/s', numeric: true, cell: (x) => rate(x.rates?.readsPerSec), value: (x) => x.rates?.readsPerSec },
  { key: 'w', label: 'w/s', numeric: true, cell: (x) => rate(x.rates?.writesPerSec), value: (x) => x.rates?.writesPerSec },
  { key: 'await', label: 'await ms', numeric: true, cell: (x) => rate(x.rates?.awaitMs), value: (x) => x.rates?.awaitMs },
  {
    key: 'util',
    label: 'util',
    numeric: true,
    className: (x) => ((x.rates?.utilPercent ?? 0) > 80 ? 'hot' : ''),
    cell: (x) => (x.rates ? `${x.rates.utilPercent.toFixed(0)}%` : '—'),
    value: (x) => x.rates?.utilPercent,
  },
];

function usageColumns(inodes: boolean): Column<FsUsage>[] {
  return [
    { key: 'mount', label: 'Mounted on', className: 'mono break', cell: (r) => r.mountedOn, value: (r) => r.mountedOn },
    { key: 'fs', label: 'Filesystem', className: 'mono muted break', cell: (r) => r.filesystem, value: (r) => r.filesystem },
    { key: 'size', label: inodes ? 'Inodes' : 'Size', numeric: true, cell: (r) => (inodes ? r.size.toLocaleString('en') : formatBytes(r.size * 1024)), value: (r) => r.size },
    { key: 'use', label: 'Use', numeric: true, className: (r) => ((r.usePercent ?? 0) >= 90 ? 'hot' : ''), cell: (r) => (r.usePercent === null ? '—' : `${r.usePercent}%`), value: (r) => r.usePercent },
  ];
}
const FS_COLUMNS = usageColumns(false);
const INODE_COLUMNS = usageColumns(true);

const CGROUP_COLUMNS: Column<CgroupController>[] = [
  { key: 'name', label: 'Controller', className: 'mono', cell: (c) => c.name, value: (c) => c.name },
  { key: 'n', label: 'cgroups', numeric: true, cell: (c) => c.numCgroups.toLocaleString('en'), value: (c) => c.numCgroups },
  { key: 'enabled', label: 'Enabled', className: 'muted', cell: (c) => (c.enabled ? 'yes' : 'disabled'), value: (c) => (c.enabled ? 'yes' : 'no') },
];
