import type { ArtifactKind } from '../../../shared/bundle-format';
import { firstText, fromOsRelease, fromUname, kindOfCommandFile, parseDateOutput } from './commands';
import type { BundleFiles, Layout, LayoutFacts } from './types';

/**
 * A folder of command output an operator saved by hand: files named after the command
 * ("uname-a.txt", "journalctl_-u_kubelet.out", "dmesg", "sysctl -a.txt", "ps-aux.txt").
 * Recognised when at least two files are named after commands we read.
 */
export const plainCommands: Layout = {
  name: 'plain-commands',
  title: 'folder of command output',
  recognise: (paths) => paths.filter((p) => kindOfCommandFile(p) !== undefined).length >= 2,
  kindOf: (path: string): ArtifactKind | undefined => kindOfCommandFile(path),
  facts(files: BundleFiles): LayoutFacts {
    const out: LayoutFacts = {};
    const uname = files.paths.find((p) => kindOfCommandFile(p) === 'uname');
    const u = uname ? files.text(uname) : null;
    if (u) Object.assign(out, fromUname(u));
    const os = firstText(files, /(?:^|\/)os[-_]?release(?:\.txt)?$/);
    if (os) out.os = fromOsRelease(os.text);
    const date = firstText(files, /(?:^|\/)date(?:[-_ ]+(?:-u|--utc))?(?:\.txt|\.out)?$/);
    const d = date && parseDateOutput(date.text);
    if (date && d?.exact) out.collectedAt = { ms: d.ms, from: date.path };
    return out;
  },
};
