import { describe, expect, it } from 'vitest';
import { parsePs, processesFromPs } from './ps';

const AUX = `USER       PID %CPU %MEM    VSZ   RSS TTY      STAT START   TIME COMMAND
root         1  1.0  0.0  50540 19124 ?        S<Ll 05:04   0:02 /process_api --firecracker-init --addr 0.0.0.0:2024
root         2  0.0  0.0      0     0 ?        S    05:04   0:00 [kthreadd]
root      4117 12.5  1.2 812345 98765 ?        Dsl  05:05  1:02:03 /usr/bin/kubelet --config=/var/lib/kubelet/config.yaml
`;
const ALX = `F   UID   PID  PPID PRI  NI    VSZ   RSS WCHAN  STAT TTY        TIME COMMAND
4     0     1     0  10 -10  50540 19124 -      S<Ll ?          0:02 /process_api --firecracker-init
1     0     2     0  20   0      0     0 kthrea S    ?          0:00 [kthreadd]
4     0  4117     1  20   0 812345 98765 io_sch Dsl  ?       62:03 /usr/bin/kubelet
`;

describe('processes from ps output', () => {
  it('reads ps aux by its header', () => {
    const rows = parsePs(AUX);
    expect(rows.map((r) => [r.pid, r.command, r.state, r.cpuPercent, r.rssKB, r.cpuSeconds])).toEqual([
      [1, 'process_api', 'S', 1, 19124, 2],
      [2, 'kthreadd', 'S', 0, 0, 0],
      [4117, 'kubelet', 'D', 12.5, 98765, 3723],
    ]);
    expect(rows[2].args).toEqual(['/usr/bin/kubelet', '--config=/var/lib/kubelet/config.yaml']);
    expect(rows[1].args).toEqual([]);
  });

  it('merges ps alx (ppid, nice, wchan) with ps aux (cpu, full command line)', () => {
    const rows = processesFromPs([{ path: 'ps_auxwww', text: AUX }, { path: 'ps_alxwww', text: ALX }]);
    expect(rows.find((r) => r.pid === 4117)).toMatchObject({ ppid: 1, nice: 0, wchan: 'io_sch', state: 'D', stateName: 'disk sleep', cpuPercent: 12.5 });
    expect(rows.find((r) => r.pid === 4117)?.args).toHaveLength(2);
    expect(rows.find((r) => r.pid === 1)).toMatchObject({ ppid: 0, nice: -10, wchan: null });
  });

  it('drops the tree drawing of ps auxf', () => {
    const rows = parsePs(`USER PID %CPU COMMAND\nroot 10 0.0 /usr/bin/containerd\nroot 11 0.0  \\_ /usr/bin/containerd-shim -id abc\nroot 12 0.0  |   \\_ /pause\n`);
    expect(rows.map((r) => r.args[0])).toEqual(['/usr/bin/containerd', '/usr/bin/containerd-shim', '/pause']);
  });

  it('ignores what is not a ps listing', () => {
    expect(parsePs('hello\nworld\n')).toEqual([]);
    expect(parsePs('PID TTY\n1 ?\n')).toEqual([]);
  });
});
