/**
 * Where a name stands as a host or as a user. A host name shorter than 3 characters (`vm`, `k1`), or a
 * host or user named by a common word (`server`, `ubuntu`, `remote`, `test`), cannot be replaced
 * wherever it stands alone: `vm` is the first word of every `vm.swappiness`, "API server" and
 * "remote endpoint" are English, and every os-release says Ubuntu. Such a name is replaced only where
 * the text around it says it is the host or the user.
 */

/** How far before a name its context is read: a key, a time stamp, a ps row's first fields. */
const BEFORE = 200;
const AFTER = 200;

interface Around {
  /** The text of the name's line before it (at most BEFORE characters). */
  before: string;
  /** The text of the name's line after it (at most AFTER characters). */
  after: string;
  /** The whole input holds nothing else than the name (a hostname file). */
  alone: boolean;
}

function around(input: string, offset: number, length: number): Around {
  // Line ends are looked for within the windows only: a name on a 1 MiB line costs its windows, not the line.
  const window = input.slice(Math.max(0, offset - BEFORE), offset);
  const before = window.slice(window.lastIndexOf('\n') + 1);
  const end = offset + length;
  const next = input.slice(end, end + AFTER);
  const lineEnd = next.indexOf('\n');
  const after = lineEnd < 0 ? next : next.slice(0, lineEnd);
  // Only a short input can be the name alone: a 1 MiB piece is never trimmed for each match.
  return { before, after, alone: input.length <= length + 16 && input.trim().length === length };
}

/** A syslog or journal line's time stamp, then the host column: `Dec  7 08:00:01 vm kubelet[1]:`. */
const LOG_TIME_THEN_HOST =
  /^(?:<\d{1,3}>\d?[ \t]?)?(?:(?:[A-Z][a-z]{2},? )?[A-Z][a-z]{2}[ \t]+\d{1,2}(?: \d{4})? \d\d:\d\d:\d\d(?:\.\d{1,9})?|(?:[A-Z][a-z]{2} )?\d{4}-\d\d-\d\d[T ]\d\d:\d\d:\d\d(?:[.,]\d{1,9})?(?:Z|[ ]?[+-]\d\d:?\d\d|[ ][A-Z]{2,5})?)[ \t]+$/;
/** `uname -a`: the node's name after the kernel's. */
const UNAME = /^[ \t]*(?:Linux|GNU\/Linux|Darwin|FreeBSD)[ \t]+$/;
/** `Hostname: vm`, `kernel.hostname = vm`, `"_HOSTNAME":"vm"`, `node="vm"`, `--hostname-override=vm`, `kubernetes.io/hostname: vm`. */
const HOST_KEY =
  /(?:^|[^A-Za-z0-9])(?:host|hostname|host[_-]name|nodename|node[_-]?name|node|hostname[_-]override|kubernetes\.io\/hostname|fqdn)\\?["']?[ \t]{0,4}[:=][ \t]{0,4}\\?["']?$/i;
/**
 * `"name": "vm"`, `Name: vm`: a Node object's or an event's involvedObject's name, or kubectl describe's
 * (in a bundle of the node `vm`, a name that is exactly its name). Not os-release's `NAME="Ubuntu"` or
 * `PRETTY_NAME=`: the distribution, not a host named after it. kubectl describe aligns its values.
 */
const NAME_KEY = /(?:^|[^A-Za-z0-9_])[Nn]ame\\?["']?[ \t]{0,4}[:=][ \t]{0,24}\\?["']?$/;
/** "Successfully registered node vm", "Node vm status is now: NodeReady", "host vm". */
const HOST_WORD = /(?:^|[^A-Za-z0-9])(?:node|host)[ \t]+["']?$/i;
/** kubectl's `node/vm`, the API's `nodes/vm/proxy`. */
const NODE_PATH = /(?:^|[^A-Za-z0-9])nodes?\/$/i;
/** A hosts file line: an address, then names. */
const HOSTS_LINE_BEFORE = /^[ \t]*(?:\d{1,3}(?:\.\d{1,3}){3}|[0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){2,7})(?:[ \t]+[A-Za-z0-9._-]{1,253}){0,8}[ \t]+$/;
const HOSTS_LINE_AFTER = /^(?:[ \t]+[A-Za-z0-9._-]{1,253}){0,8}[ \t]*(?:#.*)?$/;
/** A bundle named after its node: `sosreport-vm-2026-12-07-kpsmtzp`, `nodescope-vm-20261207T101427Z`. */
const BUNDLE_NAME_BEFORE = /(?:^|[^A-Za-z0-9])(?:sosreport|nodescope)-$/;
const BUNDLE_NAME_AFTER = /^-(?:[A-Za-z0-9]{1,40}-)?\d{4}-?\d\d-?\d\d/;
/** `root@vm`, `core@vm:~$`. */
const AFTER_AT = /[A-Za-z0-9_.-]@$/;

/** True when the name at offset stands as a host name: a hostname file, uname, a log's host column, a key, a prompt. */
export function standsAsHost(input: string, offset: number, length: number): boolean {
  const { before, after, alone } = around(input, offset, length);
  if (alone) return true;
  const sentenceEnd = !/^\.[A-Za-z0-9]/.test(after);
  return (
    (UNAME.test(before) && /^[ \t]+\d/.test(after)) ||
    (LOG_TIME_THEN_HOST.test(before) && /^[ \t]+\S/.test(after)) ||
    AFTER_AT.test(before) ||
    HOST_KEY.test(before) ||
    NAME_KEY.test(before) ||
    (HOST_WORD.test(before) && sentenceEnd) ||
    (NODE_PATH.test(before) && sentenceEnd) ||
    (HOSTS_LINE_BEFORE.test(before) && HOSTS_LINE_AFTER.test(after)) ||
    (BUNDLE_NAME_BEFORE.test(before) && BUNDLE_NAME_AFTER.test(after))
  );
}

/** `/home/remote`, `/var/home/remote`, `/Users/remote`, `/var/spool/cron/crontabs/remote`, `~remote`. */
const HOME = /(?:\/home\/|\/Users\/|\/crontabs\/|(?:^|[\s"'=:])~)$/;
/** `uid=1000(remote)`, `groups=1000(remote),27(sudo)`. */
const ID_IN_PARENS = /\d\($/;
/** `user=remote`, `USER=remote`, `"user":"remote"`, `acct="remote"`, `SUDO_USER=remote`, `LOGNAME=remote`. */
const USER_KEY =
  /(?:^|[^A-Za-z0-9])(?:user|username|user[_-]name|login|logname|sudo[_-]user|owner|acct|auid|uid|euid|ouid|runas[_-]?user|account)\\?["']?[ \t]{0,4}[:=][ \t]{0,4}\\?["']?$/i;
/** "session opened for user remote", "Invalid user remote from", sshd's "Accepted publickey for remote from". */
const USER_WORD = /(?:^|[^A-Za-z0-9])(?:user[ \t]+|(?:Accepted|Failed)[ \t]+\S{1,40}[ \t]+for[ \t]+(?:invalid[ \t]+user[ \t]+)?)$/i;
/** sudo's log line: `sudo:   remote : TTY=pts/0 ; PWD=… ; USER=root ; COMMAND=…`. */
const SUDO_LOG = /(?:^|[ \t])sudo(?:\[\d+\])?:[ \t]+$/;
/** passwd, group and shadow lines: `remote:x:1000:1000:…`, and a group's members `sudo:x:27:remote,admin`. */
const ACCOUNT_LINE_AFTER = /^:[^:\n]{0,200}:\d*:/;
const GROUP_MEMBERS_BEFORE = /^[A-Za-z0-9_.-]{1,32}:[^:\n]{0,200}:\d+:(?:[A-Za-z0-9_.-]{1,32},)*$/;
/** who, w and last: `remote   pts/0  2026-12-07 10:00`. */
const LOGIN_LINE_AFTER = /^[ \t]+(?:pts\/\d|tty\w{0,8}|:\d)/;

/**
 * A ps-like row: the name is one of its first four fields (ps aux's USER, ps -o pid,ppid,user,group's
 * third and fourth, top's second) and the row has at least three numeric fields ("3 remote endpoints"
 * has one).
 */
function inProcessRow(before: string, name: string, after: string): boolean {
  if (!/^[ \t]*$|[ \t]$/.test(before) || !/^[ \t]/.test(after)) return false;
  const lead = before.trim();
  const index = lead ? lead.split(/[ \t]+/).length : 0;
  if (index > 3) return false;
  const fields = `${lead} ${name} ${after.trim()}`.trim().split(/[ \t]+/).slice(0, 12);
  // A number, a time or an address (up to three separators): a ps row's PID, %CPU, VSZ, TIME.
  return fields.filter((f) => /^\d+(?:[.:]\d+)?(?:[.:]\d+)?(?:[.:]\d+)?$/.test(f)).length >= 3;
}

/** True when the name at offset stands as a user: a home folder, `uid=N(name)`, `user=`, passwd and group lines, ps's USER, `name@host`. */
export function standsAsUser(input: string, offset: number, length: number): boolean {
  const { before, after } = around(input, offset, length);
  return (
    HOME.test(before) ||
    (ID_IN_PARENS.test(before) && after.startsWith(')')) ||
    USER_KEY.test(before) ||
    USER_WORD.test(before) ||
    SUDO_LOG.test(before) ||
    (before === '' && (ACCOUNT_LINE_AFTER.test(after) || LOGIN_LINE_AFTER.test(after))) ||
    (GROUP_MEMBERS_BEFORE.test(before) && /^(?:,|[ \t]*$)/.test(after)) ||
    /^@[A-Za-z0-9]/.test(after) ||
    inProcessRow(before, input.slice(offset, offset + length), after)
  );
}
