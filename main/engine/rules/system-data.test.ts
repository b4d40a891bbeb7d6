import { describe, expect, it } from 'vitest';
import { workspaceWith } from '../../../test/cases/harness';
import type { ArtifactRow } from '../store/artifacts';
import { RULES } from '.';
import { cgroupControllers, dfRows } from './system-data';
import { BundleView } from './view';

/** A view that counts the artifact lines its rules read (one element of lines(a), one read) and the texts it reads. */
class CountingView extends BundleView {
  reads = 0;
  texts = 0;

  override text(artifact: ArtifactRow): string {
    this.texts++;
    return super.text(artifact);
  }

  override lines(artifact: ArtifactRow): string[] {
    const lines = super.lines(artifact);
    return new Proxy(lines, {
      get: (target, key, receiver) => {
        if (typeof key === 'string' && /^\d+$/.test(key)) this.reads++;
        return Reflect.get(target, key, receiver);
      },
    });
  }
}

/** df -Pi of a node whose every filesystem is out of inodes (each row on its own line, after the header). */
function dfInodes(rows: number): string {
  const body = Array.from({ length: rows }, (_, i) => `/dev/vd${i} 1000 950 50 95% /var/lib/kubelet/pods/${i}/volumes`);
  return `Filesystem Inodes IUsed IFree IUse% Mounted on\n${body.join('\n')}\n`;
}

describe('the df and /proc/cgroups rows a rule quotes (each row its own line, found without a search per row)', () => {
  it('reads each line of a 4,000-row df -Pi once, however many rows are quoted (a search per row hung on 400k rows)', () => {
    const rows = 4000;
    const { db, bundleId } = workspaceWith({ files: [{ path: 'node/df-inodes.txt', kind: 'df-inodes', data: dfInodes(rows) }] });
    const view = new CountingView(db, bundleId);
    const quoted = dfRows(view, 'df-inodes') ?? [];
    expect(quoted.map((r) => r.evidence.line)).toEqual(Array.from({ length: rows }, (_, i) => i + 2));
    expect(quoted[rows - 1]?.evidence.text).toBe(`/dev/vd${rows - 1} 1000 950 50 95% /var/lib/kubelet/pods/${rows - 1}/volumes`);
    expect(view.reads).toBeLessThanOrEqual(rows);
    // Its text asked for twice (for the rows, then for the lines), never once per row.
    expect(view.texts).toBe(2);
    const [finding] = RULES.find((r) => r.id === 'inode-exhaustion')!.detect(new CountingView(db, bundleId));
    // The finding names the fullest ten, and how many more.
    expect(finding?.evidence).toHaveLength(10);
    expect(finding?.summary).toMatch(/ and 3990 more filesystems inode usage \(df -i\) used\.$/);
  });

  it('reads the df once when the view keeps less text than it (the artifact just read always stays)', () => {
    const { db, bundleId } = workspaceWith({ files: [{ path: 'node/df-inodes.txt', kind: 'df-inodes', data: dfInodes(2000) }] });
    const view = new (class extends CountingView {
      protected override textBudget = 1024;
    })(db, bundleId);
    expect(dfRows(view, 'df-inodes')).toHaveLength(2000);
    expect(view.texts).toBe(2);
  });

  it('keeps the texts of the artifacts read last up to its budget, each counted once for its text and lines', () => {
    // Three 4 KB df tables: the view keeps two. Counted twice (text, then lines), it kept only the last.
    const files = ['a', 'b', 'c'].map((n) => ({ path: `node/${n}/df-inodes.txt`, kind: 'df-inodes', data: dfInodes(60) }));
    const { db, bundleId } = workspaceWith({ files });
    const bytes = Buffer.byteLength(dfInodes(60));
    const view = new (class extends CountingView {
      protected override textBudget = 2 * bytes;
    })(db, bundleId);
    const [a, b, c] = view.artifacts('df-inodes');
    for (const artifact of [a, b, c, b, c]) view.lines(artifact!);
    // a, b and c read once each: b and c were kept when read again.
    expect(view.texts).toBe(3);
    view.lines(a!);
    // a was let go for c; reading it again lets go of b, the least recently read.
    expect(view.texts).toBe(4);
    view.lines(c!);
    expect(view.texts).toBe(4);
    view.lines(b!);
    expect(view.texts).toBe(5);
  });

  it('quotes a row\'s own line, not an earlier one that starts and ends alike', () => {
    const df = 'Filesystem 1024-blocks Used Available Capacity Mounted on\n/dev/sda1 100 99 1 99% /data/mnt\n/dev/sda 100 99 1 99% /mnt\n';
    const { db, bundleId } = workspaceWith({ files: [{ path: 'node/df.txt', kind: 'df', data: df }] });
    expect(dfRows(new BundleView(db, bundleId), 'df')?.map((r) => [r.value.filesystem, r.evidence.line])).toEqual([['/dev/sda1', 2], ['/dev/sda', 3]]);
  });

  it('quotes each /proc/cgroups controller\'s line, blank and comment lines counted', () => {
    const cgroups = '#subsys_name\thierarchy\tnum_cgroups\tenabled\n\ncpuset\t0\t120\t1\ncpu\t0\t120\t1\n';
    const { db, bundleId } = workspaceWith({ files: [{ path: 'node/proc/cgroups', kind: 'proc-cgroups', data: cgroups }] });
    const view = new CountingView(db, bundleId);
    expect(cgroupControllers(view)?.map((c) => [c.value.name, c.evidence.line, c.evidence.text])).toEqual([['cpuset', 3, 'cpuset\t0\t120\t1'], ['cpu', 4, 'cpu\t0\t120\t1']]);
    expect(view.reads).toBe(2);
  });
});
