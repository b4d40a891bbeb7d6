#!/bin/sh
# nodescope-collect.sh: gather one Kubernetes node's logs, Go profiles, network, DNS and /proc
# state into one tarball for offline analysis with nodescope (docs/bundle-format.md, format 1).
#
# POSIX sh: runs under bash, dash and busybox ash. Needs a shell, coreutils (or busybox), awk, sed,
# tar and gzip; uses whatever else it finds. Read-only on the node, low CPU/IO priority, every
# external command bounded in time, the whole run bounded by --deadline. Secrets are redacted
# before anything reaches the tarball. Run with --help for the options.

NS_VERSION=0.1.0
NS_FORMAT_VERSION=1
NL='
'
TAB=$(printf '\t')

usage() {
  cat <<'EOF'
Usage: nodescope-collect.sh [OPTIONS]

Collects this node's logs, Go pprof profiles, iptables, DNS, runtime and /proc state into
OUTPUT/nodescope-<node>-<UTC time>.tar.gz for nodescope. Run it as root on the node.
The last line on stdout is the tarball's path; the line before is its sha256.

Options:
  --output DIR             where to write the tarball (default /var/tmp)
  --since WHEN             journal window: 90m, 24h, 2d or "YYYY-MM-DD[ HH:MM:SS]" (default 24h)
  --deadline SECONDS       stop collecting by then and still write the bundle (default 300)
  --step-timeout SECONDS   limit for each command (default 30)
  --max-log-bytes N        newest bytes kept per log source, K/M/G accepted (default 20M)
  --max-total-log-bytes N  all logs together (default 512M)
  --profile-seconds N      CPU profile length, all components at once (default 30)
  --sample-seconds N       gap between the two /proc/stat and /proc/diskstats samples (default 5)
  --no-profiles            do not fetch Go pprof profiles
  --endpoint NAME=URL      also profile this Go server (pprof under URL/debug/pprof); repeatable;
                           a NAME such as etcd replaces the built-in way to reach that component;
                           URL is http(s)://HOST:PORT or unix:///path/to.sock[:/prefix] (a daemon's
                           socket: containerd's [debug] address, dockerd's API, crio.sock)
  --kubeconfig FILE        kubeconfig for the API (default: discovered on the node)
  --cert FILE --key FILE   client certificate for pprof endpoints (default: discovered)
  --cacert FILE            CA to verify pprof endpoints (default: loopback is not verified)
  --root DIR               read a node tree that is not running (a dead node's disk, a test tree):
                           files only, under DIR; commands that query the live machine are skipped
  --redact-pattern REGEX   also redact what this extended regex matches; repeatable
  --max-processes N        per-process /proc data for at most N processes (default 5000)
  --min-free-mb N          refuse to start with less free space in OUTPUT (default 100)
  --help                   this text
  --version                the collector's version and bundle format version

Exit status: 0 whenever a tarball was written (however much was skipped), 1 when none could be,
2 on a usage error.
EOF
}

die_usage() { printf 'nodescope-collect: %s (see --help)\n' "$1" >&2; exit 2; }
die() { printf 'nodescope-collect: %s\n' "$1" >&2; exit 1; }
say() { [ "${TTY:-0}" = 1 ] && printf '\r\033[K' >&2; printf 'nodescope-collect: %s\n' "$1" >&2; }

# ---------------------------------------------------------------------------------------------
# Options

OUTPUT=/var/tmp
SINCE=24h
SINCE_GIVEN=0
DEADLINE=300
STEP_TIMEOUT=30
MAX_LOG_BYTES=20M
MAX_TOTAL_LOG_BYTES=512M
PROFILE_SECONDS=30
SAMPLE_SECONDS=5
NO_PROFILES=0
ENDPOINTS=''
KUBECONFIG_OPT=''
CERT=''
KEY=''
CACERT=''
ROOT=''
REDACT_PATTERNS=''
MAX_PROCESSES=5000
MIN_FREE_MB=100

need_value() { [ "$#" -ge 2 ] || die_usage "$1 needs a value"; }

while [ "$#" -gt 0 ]; do
  opt=$1
  case $opt in
    --*=*) val=${opt#*=}; opt=${opt%%=*}; shift; set -- "$opt" "$val" "$@" ;;
  esac
  case $1 in
    --help|-h) usage; exit 0 ;;
    --version) printf 'nodescope-collect %s (bundle format %s)\n' "$NS_VERSION" "$NS_FORMAT_VERSION"; exit 0 ;;
    --no-profiles) NO_PROFILES=1; shift ;;
    --output) need_value "$@"; OUTPUT=$2; shift 2 ;;
    --since) need_value "$@"; SINCE=$2; SINCE_GIVEN=1; shift 2 ;;
    --deadline) need_value "$@"; DEADLINE=$2; shift 2 ;;
    --step-timeout|--timeout) need_value "$@"; STEP_TIMEOUT=$2; shift 2 ;;
    --max-log-bytes) need_value "$@"; MAX_LOG_BYTES=$2; shift 2 ;;
    --max-total-log-bytes) need_value "$@"; MAX_TOTAL_LOG_BYTES=$2; shift 2 ;;
    --profile-seconds) need_value "$@"; PROFILE_SECONDS=$2; shift 2 ;;
    --sample-seconds) need_value "$@"; SAMPLE_SECONDS=$2; shift 2 ;;
    --endpoint) need_value "$@"
      case $2 in [A-Za-z0-9]*=http://*|[A-Za-z0-9]*=https://*|[A-Za-z0-9]*=unix:///*) ;;
        *) die_usage "--endpoint wants NAME=http(s)://HOST:PORT or NAME=unix:///path/to.sock[:/prefix], got '$2'" ;; esac
      case ${2%%=*} in *[!A-Za-z0-9._-]*) die_usage "--endpoint NAME may hold letters, digits, '.', '_' and '-' only" ;; esac
      ENDPOINTS="$ENDPOINTS$2$NL"; shift 2 ;;
    --kubeconfig) need_value "$@"; KUBECONFIG_OPT=$2; shift 2 ;;
    --cert) need_value "$@"; CERT=$2; shift 2 ;;
    --key) need_value "$@"; KEY=$2; shift 2 ;;
    --cacert) need_value "$@"; CACERT=$2; shift 2 ;;
    --root) need_value "$@"; ROOT=$2; shift 2 ;;
    --redact-pattern) need_value "$@"; [ -n "$2" ] || die_usage "--redact-pattern must not be empty"
      REDACT_PATTERNS="$REDACT_PATTERNS$2$NL"; shift 2 ;;
    --max-processes) need_value "$@"; MAX_PROCESSES=$2; shift 2 ;;
    --min-free-mb) need_value "$@"; MIN_FREE_MB=$2; shift 2 ;;
    *) die_usage "unknown option '$1'" ;;
  esac
done

is_count() { case $1 in ''|*[!0-9]*) return 1 ;; esac; }

# resolve NODEPATH : sets NP to where the node's NODEPATH can be read here. Under --root every
# component is checked: symbolic links (absolute or relative, at any depth) are followed inside DIR,
# and a '..' that would climb above DIR is refused. Returns 0 when NP exists, 1 when it does not
# (NP_WHY says why), 2 when the path leaves --root (NP_WHY says how; REFUSED counts them).
REFUSED=0
resolve() {
  NP=''; NP_WHY=''
  if [ -z "$ROOT" ]; then
    NP=$1
    [ -e "$NP" ] || [ -L "$NP" ] || { NP_WHY="$1 does not exist"; return 1; }
    return 0
  fi
  rs_todo="/$1"; rs_cur=''; rs_links=0
  while :; do
    while :; do case $rs_todo in /*) rs_todo=${rs_todo#/} ;; *) break ;; esac; done
    [ -n "$rs_todo" ] || break
    rs_c=${rs_todo%%/*}
    case $rs_todo in */*) rs_todo=/${rs_todo#*/} ;; *) rs_todo='' ;; esac
    case $rs_c in
      .) continue ;;
      ..)
        if [ -z "$rs_cur" ]; then
          NP_WHY="refused: $1 leads outside --root (a '..' above its top)"; REFUSED=$((REFUSED + 1)); return 2
        fi
        rs_cur=${rs_cur%/*}; continue ;;
    esac
    if [ -L "$ROOT$rs_cur/$rs_c" ]; then
      rs_links=$((rs_links + 1))
      if [ "$rs_links" -gt 40 ]; then NP_WHY="$1: more than 40 symbolic links (a loop)"; return 1; fi
      rs_t=$(readlink "$ROOT$rs_cur/$rs_c" 2>/dev/null)
      if [ -z "$rs_t" ]; then NP_WHY="$1: unreadable symbolic link $rs_cur/$rs_c"; return 1; fi
      # An absolute target starts again at the top of the tree, a relative one where the link is.
      case $rs_t in /*) rs_cur='' ;; esac
      rs_todo="/$rs_t$rs_todo"
      continue
    fi
    rs_cur="$rs_cur/$rs_c"
    if [ -n "$rs_todo" ] && [ ! -d "$ROOT$rs_cur" ]; then NP_WHY="$1 does not exist"; return 1; fi
  done
  NP="$ROOT$rs_cur"
  [ -e "$NP" ] || { NP_WHY="$1 does not exist"; return 1; }
  return 0
}


# 20M -> 20971520
to_bytes() {
  tb_n=${2%[KkMmGg]}
  is_count "$tb_n" || die_usage "$1 wants a byte count such as 20M, got '$2'"
  case $2 in
    *[Kk]) tb_n=$((tb_n * 1024)) ;;
    *[Mm]) tb_n=$((tb_n * 1048576)) ;;
    *[Gg]) tb_n=$((tb_n * 1073741824)) ;;
  esac
  printf '%s' "$tb_n"
}

for pair in "--deadline:$DEADLINE" "--step-timeout:$STEP_TIMEOUT" "--profile-seconds:$PROFILE_SECONDS" \
  "--sample-seconds:$SAMPLE_SECONDS" "--max-processes:$MAX_PROCESSES" "--min-free-mb:$MIN_FREE_MB"; do
  is_count "${pair#*:}" || die_usage "${pair%%:*} wants a whole number, got '${pair#*:}'"
done
[ "$DEADLINE" -ge 5 ] || die_usage "--deadline must be at least 5 seconds"
[ "$STEP_TIMEOUT" -ge 1 ] || die_usage "--step-timeout must be at least 1 second"
MAX_LOG_BYTES=$(to_bytes --max-log-bytes "$MAX_LOG_BYTES") || exit 2
GZ_SCAN_MAX=$((MAX_LOG_BYTES * 32))
MAX_TOTAL_LOG_BYTES=$(to_bytes --max-total-log-bytes "$MAX_TOTAL_LOG_BYTES") || exit 2
[ "$MAX_LOG_BYTES" -ge 1024 ] || die_usage "--max-log-bytes must be at least 1K"

# journalctl --since: relative windows become "-24h"-style, absolute times pass through.
case $SINCE in
  *[0-9][smhd]|*[0-9]min) case $SINCE in [0-9]*) JOURNAL_SINCE="-$SINCE" ;; *) die_usage "--since: cannot read '$SINCE'" ;; esac ;;
  [0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]*) JOURNAL_SINCE=$SINCE ;;
  *) die_usage "--since wants 90m, 24h, 2d or YYYY-MM-DD[ HH:MM:SS], got '$SINCE'" ;;
esac
case $JOURNAL_SINCE in -*d) JOURNAL_SINCE="-$(( ${JOURNAL_SINCE%d} * -24 ))h" ;; esac

if [ -n "$ROOT" ]; then
  [ -d "$ROOT" ] || die_usage "--root '$ROOT' is not a directory"
  ROOT=$(cd "$ROOT" && pwd -P) || die "cannot enter --root '$ROOT'"
  [ "$ROOT" = / ] && ROOT=''
fi
{ [ -n "$CERT" ] && [ -z "$KEY" ]; } || { [ -z "$CERT" ] && [ -n "$KEY" ]; } && die_usage "--cert and --key go together"

# ---------------------------------------------------------------------------------------------
# Preconditions: tools, output directory, free space

for tool in awk sed tar gzip sha256sum find df; do
  command -v "$tool" >/dev/null 2>&1 || die "'$tool' is not installed; it is needed to write a bundle"
done
if [ ! -e "$OUTPUT" ]; then
  (umask 077 && mkdir -p "$OUTPUT") || die "cannot create --output '$OUTPUT'"
  OUTPUT_CREATED=1
fi
[ -d "$OUTPUT" ] || die "--output '$OUTPUT' is not a directory"
OUTPUT=$(cd "$OUTPUT" && pwd) || die "cannot enter --output '$OUTPUT'"
[ -w "$OUTPUT" ] || die "cannot write to --output '$OUTPUT'"

# Sets DF_DEV, DF_AVAIL_KB, DF_MOUNT for the output directory.
disk_state() {
  DF_DEV='?'; DF_AVAIL_KB=''; DF_MOUNT='?'
  { read -r _ || :; read -r DF_DEV _ _ DF_AVAIL_KB _ DF_MOUNT || :; } <<EOF
$(df -Pk "$OUTPUT" 2>/dev/null)
EOF
  is_count "$DF_AVAIL_KB" || DF_AVAIL_KB=''
}

MIN_FREE_KB=$((MIN_FREE_MB * 1024))
# Below this, collection stops: what remains is kept for the manifest and the tarball.
FLOOR_KB=$((MIN_FREE_KB / 4))
[ "$FLOOR_KB" -ge 512 ] || FLOOR_KB=512
disk_state
if [ -n "$DF_AVAIL_KB" ] && [ "$DF_AVAIL_KB" -lt "$MIN_FREE_KB" ]; then
  die "not enough free space in $OUTPUT ($DF_DEV mounted on $DF_MOUNT): $((DF_AVAIL_KB / 1024)) MB free, at least $MIN_FREE_MB MB needed (--min-free-mb). Free some space or choose another --output. No bundle was written."
fi

# ---------------------------------------------------------------------------------------------
# Clock: milliseconds since boot, without forking (durations and the deadline)

tick() {
  if { read -r t_up _ < /proc/uptime; } 2>/dev/null; then
    t_f=${t_up#*.}
    NOW=$(( ${t_up%.*} * 1000 + 1${t_f}0 - 1000 ))
  else
    NOW=$(( $(date +%s) * 1000 ))
  fi
}
tick
T0=$NOW
# Redaction, the manifest and the tarball need time too: collection stops a little earlier.
RESERVE=$((DEADLINE / 10))
[ "$RESERVE" -le 15 ] || RESERVE=15
[ "$RESERVE" -ge 2 ] || RESERVE=2
STOP_AT=$((T0 + (DEADLINE - RESERVE) * 1000))
STARTED_AT=$(date -u +%Y-%m-%dT%H:%M:%SZ)
STAMP=$(date -u +%Y%m%dT%H%M%SZ)

# ---------------------------------------------------------------------------------------------
# Staging: OUTPUT/.nodescope-tmp-PID/{NAME/, work/}

if [ -n "$ROOT" ]; then
  HOST=''
  resolve /etc/hostname && [ -f "$NP" ] && { read -r HOST < "$NP"; } 2>/dev/null
else
  { read -r HOST < /proc/sys/kernel/hostname; } 2>/dev/null || HOST=$(uname -n 2>/dev/null)
fi
[ -n "$HOST" ] || HOST=unknown
SAFE_HOST=$(printf '%s' "$HOST" | tr -c 'A-Za-z0-9._-' '_')
NAME="nodescope-$SAFE_HOST-$STAMP"
STAGE="$OUTPUT/.nodescope-tmp-$$"
B="$STAGE/$NAME"
W="$STAGE/work"
TARBALL="$OUTPUT/$NAME.tar.gz"
ITEMS="$W/items.tsv"
CLOG="$B/collector.log"
BG_PIDS=''
CUR_CHILD=''

# shellcheck disable=SC2317  # called from the traps below
cleanup_interrupted() {
  trap '' INT TERM HUP
  cur_timeout=''; { read -r cur_timeout < "$W/cur-timeout"; } 2>/dev/null
  for p in $BG_PIDS $CUR_CHILD $cur_timeout; do kill -TERM "$p" 2>/dev/null; done
  rm -rf "$STAGE" "$TARBALL.part"
  say "interrupted ($1): removed the staging folder $STAGE, which may have held data not yet redacted; no bundle was written"
  exit "$2"
}
trap 'cleanup_interrupted SIGINT 130' INT
trap 'cleanup_interrupted SIGTERM 143' TERM
trap 'cleanup_interrupted SIGHUP 129' HUP
trap ':' USR1

mkdir -p "$B" "$W" || die "cannot create the staging folder $STAGE"
: > "$ITEMS"
: > "$CLOG"
umask 077

log() {
  tick
  l_ms=$((NOW - T0))
  printf '[+%d.%03ds] %s\n' $((l_ms / 1000)) $((l_ms % 1000)) "$1" >> "$CLOG"
}
# Talking to the operator: on a terminal one live line (phase, item, elapsed / deadline), otherwise
# one plain line per phase.
TTY=0
PROG_LAST=0
[ -t 2 ] && TTY=1
PHASE=''
progress() {
  [ "$TTY" = 1 ] || return 0
  tick
  [ $((NOW - PROG_LAST)) -ge 200 ] || return 0
  PROG_LAST=$NOW
  printf '\r\033[K[%ds/%ds] %s: %s' $(( (NOW - T0) / 1000 )) "$DEADLINE" "$PHASE" "$1" >&2
}
phase() {
  PHASE=$1
  log "$1"
  if [ "$TTY" = 1 ]; then progress '...'
  else tick; printf 'nodescope-collect: [%ds/%ds] %s\n' $(( (NOW - T0) / 1000 )) "$DEADLINE" "$1" >&2; fi
}
# Ends the live line before anything else is said.
end_progress() { [ "$TTY" = 1 ] && printf '\r\033[K' >&2; return 0; }

log "nodescope-collect $NS_VERSION, bundle format $NS_FORMAT_VERSION, started $STARTED_AT, pid $$"
[ -n "${OUTPUT_CREATED:-}" ] && log "created the output folder $OUTPUT (mode 700)"
log "shell: $(readlink "/proc/$$/exe" 2>/dev/null || printf unknown), output $OUTPUT ($DF_DEV on $DF_MOUNT, ${DF_AVAIL_KB:-?} KB free)"
[ -n "$ROOT" ] && log "reading the node tree under --root $ROOT; live-machine commands are skipped"

# Low priority for this shell and everything it starts.
renice -n 19 -p $$ >/dev/null 2>&1 && log "CPU priority lowered (nice 19)"
ionice -c 3 -p $$ >/dev/null 2>&1 && log "IO priority lowered (idle class)"

HAVE_TIMEOUT=0
WD_SEQ=0
timeout 5 true >/dev/null 2>&1 && HAVE_TIMEOUT=1
[ "$HAVE_TIMEOUT" = 1 ] || log "no usable 'timeout': steps are bounded by the collector's own watchdog"
have() { command -v "$1" >/dev/null 2>&1; }

# ---------------------------------------------------------------------------------------------
# Manifest records: one TSV line per item (path kind command source exitCode timedOut durationMs
# originalBytes truncated stderrPath skipped status); sizes and sha256 are added at the end.

# Sets CF to $1 with tabs and newlines made spaces (forks only when there are some).
clean_field() {
  CF=$1
  case $CF in *"$TAB"*|*"$NL"*) CF=$(printf '%s' "$CF" | tr '\t\n' '  ') ;; esac
}

rec() {
  clean_field "$3"; rec_cmd=$CF
  clean_field "${11}"
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$1" "$2" "$rec_cmd" "$4" "$5" "$6" "$7" \
    "$8" "$9" "${10}" "$CF" "${12}" >> "$ITEMS"
  progress "$1"
}

# skip PATH KIND REASON [COMMAND] [SOURCE] [STATUS]
skip() {
  rec "$1" "$2" "${4:-}" "${5:-}" '' '' '' '' '' '' "$3" "${6:-}"
  log "skipped $1: $3"
}

DISK_FULL=''
DEADLINE_HIT=''

# Sets LIM to the seconds this step may take, or returns 1 (and records why) when it may not run.
gate() {
  if [ -n "$DISK_FULL" ]; then skip "$1" "$2" "$DISK_FULL" "${3:-}"; return 1; fi
  tick
  # Redacting, hashing and packing what is staged takes time too: about 1 s per 20 MB of logs.
  LIM=$(( (STOP_AT - NOW - LOG_BYTES / 20000) / 1000 ))
  if [ "$LIM" -lt 1 ]; then
    DEADLINE_HIT=1
    skip "$1" "$2" "deadline reached (--deadline $DEADLINE)" "${3:-}"
    return 1
  fi
  [ "$LIM" -le "$STEP_TIMEOUT" ] || LIM=$STEP_TIMEOUT
  return 0
}

# Drops the item that filled the disk and stops the collection. Returns 1 when the disk is full.
disk_check() {
  disk_state
  [ -n "$DF_AVAIL_KB" ] || return 0
  [ "$DF_AVAIL_KB" -lt "$FLOOR_KB" ] || return 0
  DISK_FULL="output disk full: $DF_AVAIL_KB KB left on $DF_DEV ($DF_MOUNT); collection stopped"
  say "$DISK_FULL"
  log "$DISK_FULL"
  return 1
}

# limited SECONDS CMD... : runs an external command bounded in time, stdin from /dev/null.
# The caller redirects stdout/stderr. Sets L_RC, L_TO (true/false), L_MS.
limited() {
  l_lim=$1; shift
  tick; l_t0=$NOW
  if [ "$HAVE_TIMEOUT" = 1 ]; then
    timeout -k 2 "$l_lim" "$@" </dev/null &
    CUR_CHILD=$!
    wait "$CUR_CHILD"; L_RC=$?
  else
    # The watchdog acts only while its marker exists: a kill that reaches it too early (right after
    # the fork) can be lost, and a stale watchdog must not touch a later command.
    WD_SEQ=$((WD_SEQ + 1)); l_mark="$W/watchdog.$WD_SEQ"
    : > "$l_mark"
    "$@" </dev/null &
    CUR_CHILD=$!
    ( sleep "$l_lim"; [ -e "$l_mark" ] || exit 0
      kill -TERM "$CUR_CHILD" 2>/dev/null; sleep 2; [ -e "$l_mark" ] || exit 0
      kill -KILL "$CUR_CHILD" 2>/dev/null
      # The command may be stuck where even SIGKILL waits (D state): stop waiting for it.
      sleep 1; [ -e "$l_mark" ] && kill -USR1 $$ 2>/dev/null ) >/dev/null 2>&1 </dev/null &
    l_w=$!
    wait "$CUR_CHILD"; L_RC=$?
    rm -f "$l_mark"
    kill "$l_w" 2>/dev/null
  fi
  CUR_CHILD=''
  tick; L_MS=$((NOW - l_t0))
  L_TO=false
  case $L_RC in 124|137|138|143) [ "$L_MS" -ge $((l_lim * 1000 - 500)) ] && L_TO=true ;; esac
}

size_of() { wc -c < "$1" 2>/dev/null | tr -d ' '; }

# Keeps stderr of an item as stderr/PATH when it said something; sets ERRPATH.
keep_stderr() {
  ERRPATH=''; ks_src=${2:-$W/err}
  if [ -s "$ks_src" ]; then
    ERRPATH="stderr/$1"
    mkdir -p "$B/${ERRPATH%/*}"
    mv "$ks_src" "$B/$ERRPATH"
    rec "$ERRPATH" stderr '' '' '' '' '' '' '' '' '' ''
  else
    rm -f "$ks_src"
  fi
}

first_err_line() { sed -n '/./{p;q;}' "$1" 2>/dev/null | cut -c1-200; }

# run PATH KIND CMD... : the command's stdout is the item.
run() {
  r_path=$1; r_kind=$2; shift 2
  gate "$r_path" "$r_kind" "$*" || return 1
  mkdir -p "$B/${r_path%/*}"
  limited "$LIM" "$@" > "$B/$r_path" 2> "$W/err"
  keep_stderr "$r_path"
  r_skip=''
  if [ "$L_RC" = 127 ] && [ ! -s "$B/$r_path" ]; then r_skip="$1 not found"; rm -f "$B/$r_path"; fi
  if ! disk_check; then rm -f "$B/$r_path"; r_skip=$DISK_FULL; fi
  rec "$r_path" "$r_kind" "$*" '' "$L_RC" "$L_TO" "$L_MS" '' false "$ERRPATH" "$r_skip" ''
  [ "$L_TO" = true ] && log "timed out after ${L_MS} ms: $*"
  return 0
}

# run_tool PATH KIND TOOL ARGS... : like run, but records "not installed" when TOOL is absent,
# and skips live-machine commands under --root.
run_tool() {
  if [ -n "$ROOT" ]; then skip "$1" "$2" "--root: '$3' would query the live machine" "$(shift 2; printf '%s' "$*")"; return 1; fi
  if ! have "$3"; then skip "$1" "$2" "$3 is not installed" "$(shift 2; printf '%s' "$*")"; return 1; fi
  run "$@"
}

# present NODEPATH : true when copy would find something to copy or to refuse (an escape is recorded).
present() { resolve "$1"; [ "$?" != 1 ]; }

# copy PATH KIND NODEFILE [CAP] : copies a file of the node, keeping the newest CAP bytes.
copy() {
  c_path=$1; c_kind=$2; c_src=$3; c_cap=${4:-}
  case $c_path in
    *"$TAB"*|*"$NL"*) log "not copied: a file name with a tab or newline under $(dirname "$c_src")"; return 1 ;;
  esac
  resolve "$c_src"; c_rs=$?
  if [ "$c_rs" = 2 ]; then skip "$c_path" "$c_kind" "$NP_WHY" '' "$c_src" refused; return 1; fi
  if [ "$c_rs" != 0 ]; then skip "$c_path" "$c_kind" "$NP_WHY" '' "$c_src"; return 1; fi
  c_real=$NP
  if [ -c "$c_real" ] || [ -b "$c_real" ]; then skip "$c_path" "$c_kind" "$c_src is a device, not a file" '' "$c_src"; return 1; fi
  if [ ! -r "$c_real" ]; then skip "$c_path" "$c_kind" "$c_src is not readable by $(id -un 2>/dev/null || echo this user)" '' "$c_src"; return 1; fi
  gate "$c_path" "$c_kind" || return 1
  mkdir -p "$B/${c_path%/*}"
  c_orig=''; c_trunc=false
  if [ -n "$c_cap" ] && [ -f "$c_real" ]; then
    c_orig=$(size_of "$c_real")
    if [ -n "$c_orig" ] && [ "$c_orig" -gt "$c_cap" ]; then c_trunc=true; fi
  fi
  if [ "$c_trunc" = true ]; then
    # Newest bytes; the first, partial line is dropped so every line is whole.
    # shellcheck disable=SC2016  # expanded by the inner sh
    limited "$LIM" sh -c 'tail -c "$1" "$2" | sed 1d' sh "$c_cap" "$c_real" > "$B/$c_path" 2> "$W/err"
  else
    limited "$LIM" cat "$c_real" > "$B/$c_path" 2> "$W/err"
  fi
  keep_stderr "$c_path"
  c_skip=''
  if ! disk_check; then rm -f "$B/$c_path"; c_skip=$DISK_FULL; fi
  rec "$c_path" "$c_kind" '' "$c_src" "$L_RC" "$L_TO" "$L_MS" "$c_orig" "$c_trunc" "$ERRPATH" "$c_skip" ''
  return 0
}

# run_capped PATH KIND CAP CMD... : a command whose output may be large (journal): newest CAP bytes.
run_capped() {
  rc_path=$1; rc_kind=$2; rc_cap=$3; shift 3
  gate "$rc_path" "$rc_kind" "$*" || return 1
  mkdir -p "$B/${rc_path%/*}"
  rm -f "$W/fifo" "$W/count" "$W/rc"
  if [ "$HAVE_TIMEOUT" = 1 ]; then capped_stream "$@"; else capped_file "$@"; fi
  rc_orig=$(printf '%s' "$rc_orig" | tr -d ' ')
  rc_trunc=false
  if [ -n "$rc_orig" ] && [ "$rc_orig" -gt "$rc_cap" ]; then
    rc_trunc=true
    sed 1d "$B/$rc_path" > "$W/cut" && mv "$W/cut" "$B/$rc_path"
  fi
  L_TO=false
  case $L_RC in 124|137|138|143) [ "$L_MS" -ge $((LIM * 1000 - 500)) ] && L_TO=true ;; esac
  keep_stderr "$rc_path"
  rc_skip=''
  if ! disk_check; then rm -f "$B/$rc_path"; rc_skip=$DISK_FULL; fi
  rec "$rc_path" "$rc_kind" "$*" '' "$L_RC" "$L_TO" "$L_MS" "$rc_orig" "$rc_trunc" "$ERRPATH" "$rc_skip" ''
  rc_got=$(size_of "$B/$rc_path"); LOG_BYTES=$((LOG_BYTES + ${rc_got:-0}))
}

# Streams the command's output through tail: only the newest bytes ever reach the disk, and wc
# counts the original size through a FIFO. Sets L_RC, L_MS, rc_orig.
capped_stream() {
  mkfifo "$W/fifo" || { capped_file "$@"; return; }
  wc -c < "$W/fifo" > "$W/count" 2>/dev/null &
  rc_wc=$!
  tick; rc_t0=$NOW
  # Nothing of this pipeline holds the collector's own stdout or stderr: an interrupted run ends
  # at once, and kills the command through the pid in cur-timeout.
  ( timeout -k 2 "$LIM" "$@" </dev/null 2> "$W/err" &
    echo "$!" > "$W/cur-timeout"
    wait "$!"; echo $? > "$W/rc"; rm -f "$W/cur-timeout" ) 2>/dev/null | tee "$W/fifo" 2>/dev/null | tail -c "$rc_cap" > "$B/$rc_path" 2>/dev/null &
  CUR_CHILD=$!
  wait "$CUR_CHILD"
  CUR_CHILD=''
  wait "$rc_wc"
  tick; L_MS=$((NOW - rc_t0))
  L_RC=''; { read -r L_RC < "$W/rc"; } 2>/dev/null
  rc_orig=''; { read -r rc_orig < "$W/count"; } 2>/dev/null
}

# Without a timeout binary the watchdog can only kill the command it started, not whatever that
# command left holding a pipe: the output goes to a file first, then its newest bytes are kept.
capped_file() {
  limited "$LIM" "$@" > "$W/full" 2> "$W/err"
  rc_orig=$(size_of "$W/full")
  tail -c "$rc_cap" "$W/full" > "$B/$rc_path"
  rm -f "$W/full"
}
LOG_BYTES=0

# ---------------------------------------------------------------------------------------------
# Node facts and node/

FACT_KERNEL=''; FACT_OS=''; FACT_KUBELET=''; FACT_RUNTIME=''; FACT_CGROUP=''; FACT_TZ=''; FACT_SYNCED=''
USER_NAME=$(id -un 2>/dev/null || echo unknown)

collect_node() {
  phase "node facts"
  run_tool node/uname.txt uname uname -a
  copy proc/version proc-version /proc/version
  if [ -s "$B/proc/version" ]; then
    read -r _ _ FACT_KERNEL _ < "$B/proc/version" || :
  fi
  if [ -z "$ROOT" ] && [ -z "$FACT_KERNEL" ]; then FACT_KERNEL=$(uname -r 2>/dev/null); fi
  if present /etc/os-release; then copy etc/os-release os-release /etc/os-release
  else copy etc/os-release os-release /usr/lib/os-release; fi
  if [ -s "$B/etc/os-release" ]; then
    FACT_OS=$(sed -n 's/^PRETTY_NAME=//p' "$B/etc/os-release" | sed 's/^"//; s/"$//' | head -n 1)
  fi
  copy node/uptime.txt uptime /proc/uptime
  if [ -z "$ROOT" ]; then
    gate node/date.txt date && {
      { date -u +%Y-%m-%dT%H:%M:%SZ; date +'%Y-%m-%dT%H:%M:%S%z %Z'; } > "$B/node/date.txt" 2>/dev/null
      rec node/date.txt date 'date -u; date' '' 0 false 0 '' false '' '' ''
    }
  else
    skip node/date.txt date "--root: the collector's clock is not the node's"
  fi
  collect_timezone
  collect_versions
  copy proc/mounts mounts /proc/mounts
  if grep -q '^[^ ]* /sys/fs/cgroup cgroup2 ' "$B/proc/mounts" 2>/dev/null; then FACT_CGROUP=2
  elif grep -q ' cgroup ' "$B/proc/mounts" 2>/dev/null; then FACT_CGROUP=1; fi
  if [ -z "$ROOT" ]; then
    if have sysctl; then run node/sysctl.txt sysctl sysctl -a; else skip node/sysctl.txt sysctl "sysctl is not installed" 'sysctl -a'; fi
  else
    skip node/sysctl.txt sysctl "--root: sysctl reads the live kernel" 'sysctl -a'
  fi
  copy proc/modules kernel-modules /proc/modules
  copy proc/cmdline kernel-cmdline /proc/cmdline
  run_tool node/df.txt df df -P
  run_tool node/df-inodes.txt df-inodes df -Pi
  if [ -z "$ROOT" ] && ! have ss && have netstat; then run node/ss-listening.txt ss netstat -lntup
  else run_tool node/ss-listening.txt ss ss -lntup; fi
  collect_nginx
  collect_kube_files
}

collect_timezone() {
  tz_zone=''
  tz_link=$(readlink "$ROOT/etc/localtime" 2>/dev/null)
  case $tz_link in */zoneinfo/*) tz_zone=${tz_link##*/zoneinfo/} ;; esac
  if [ -z "$tz_zone" ] && resolve /etc/timezone && [ -f "$NP" ] && [ -r "$NP" ]; then read -r tz_zone < "$NP" || :; fi
  tz_td=''
  if [ -z "$ROOT" ] && have timedatectl; then
    gate node/timezone.txt timezone && {
      limited "$LIM" timedatectl > "$W/timedatectl" 2>/dev/null
      tz_td=$(cat "$W/timedatectl")
      tz_z=$(sed -n 's/^ *Time zone: \([^ ]*\).*/\1/p' "$W/timedatectl")
      [ -n "$tz_z" ] && tz_zone=$tz_z
      case $(sed -n 's/^ *System clock synchronized: *//p' "$W/timedatectl") in yes) FACT_SYNCED=true ;; no) FACT_SYNCED=false ;; esac
    }
  fi
  if [ -z "$tz_zone" ] && [ -z "$ROOT" ]; then
    tz_off=$(date +%z 2>/dev/null)
    case $tz_off in [+-][0-9][0-9][0-9][0-9]) tz_zone="${tz_off%??}:${tz_off#???}" ;; esac
  fi
  FACT_TZ=$tz_zone
  mkdir -p "$B/node"
  { printf '%s\n' "${tz_zone:-unknown}"; [ -n "$tz_td" ] && printf '%s\n' "$tz_td"; } > "$B/node/timezone.txt"
  rec node/timezone.txt timezone 'readlink /etc/localtime; timedatectl' '' 0 false 0 '' false '' '' ''
}

collect_versions() {
  if [ -n "$ROOT" ]; then skip node/versions.txt versions "--root: running the node's binaries would query the live machine"; return; fi
  gate node/versions.txt versions || return
  : > "$B/node/versions.txt"
  for v in 'kubelet --version' 'kubectl version --client' 'containerd --version' 'docker --version' \
    'crictl --version' 'runc --version' 'crio --version' 'k3s --version' 'rke2 --version' 'etcd --version' \
    'iptables --version' 'ipvsadm --version'; do
    # shellcheck disable=SC2086
    set -- $v
    if have "$1"; then
      limited 10 "$@" > "$W/v" 2>&1
      { printf '%s: ' "$1"; cat "$W/v"; echo; } >> "$B/node/versions.txt"
    else
      printf '%s: not installed\n\n' "$1" >> "$B/node/versions.txt"
    fi
  done
  rec node/versions.txt versions 'kubelet --version; containerd --version; docker --version; ...' '' 0 false '' '' false '' '' ''
  FACT_KUBELET=$(sed -n 's/^kubelet: Kubernetes \(v[0-9][^ ]*\).*/\1/p' "$B/node/versions.txt" | head -n 1)
  for rt in crio containerd docker; do
    case $rt in crio) sock=/var/run/crio/crio.sock ;; containerd) sock=/run/containerd/containerd.sock ;; docker) sock=/var/run/docker.sock ;; esac
    [ -S "$sock" ] || continue
    rt_v=$(sed -n "s/^$rt: .*[^0-9]v\{0,1\}\([0-9][0-9]*\.[0-9][0-9]*\.[0-9][0-9A-Za-z.+~-]*\).*/\1/p" "$B/node/versions.txt" | head -n 1)
    [ "$rt" = crio ] && rt=cri-o
    FACT_RUNTIME="$rt://${rt_v:-unknown}"
    break
  done
}

collect_nginx() {
  resolve /etc/nginx && ng_dir=$NP
  if [ -z "$NP" ] || [ ! -d "$ng_dir" ]; then log "no /etc/nginx: no local reverse proxy configuration"; return; fi
  find "$ng_dir" \( -type f -o -type l \) \( -name '*.conf' -o -path '*/sites-enabled/*' -o -path '*/sites-available/*' -o -path '*/conf.d/*' \) 2>/dev/null |
    head -n 200 > "$W/nginx-files"
  while IFS= read -r f; do
    rel=${f#"$ng_dir"/}
    copy "node/nginx/$rel" nginx-config "/etc/nginx/$rel" "$MAX_LOG_BYTES"
  done < "$W/nginx-files"
}

# Kubernetes configuration that says how the node is set up (static pods, kubelet flags): redacted.
collect_kube_files() {
  for f in /var/lib/kubelet/config.yaml /var/lib/kubelet/kubeadm-flags.env /etc/kubernetes/kubelet.conf \
    /etc/rancher/k3s/config.yaml /etc/rancher/rke2/config.yaml /etc/default/kubelet /etc/sysconfig/kubelet; do
    present "$f" || continue
    copy "node/kubernetes/${f##*/}" text "$f" "$MAX_LOG_BYTES"
  done
  for d in /etc/kubernetes/manifests /var/lib/rancher/rke2/agent/pod-manifests /var/lib/rancher/k3s/agent/pod-manifests; do
    resolve "$d" || continue
    kd=$NP
    [ -d "$kd" ] || continue
    for f in "$kd"/*; do
      [ -f "$f" ] || continue
      copy "node/kubernetes/manifests/${f##*/}" text "$d/${f##*/}" "$MAX_LOG_BYTES"
    done
  done
}

# ---------------------------------------------------------------------------------------------
# /proc, system

collect_proc_system() {
  phase "/proc system files"
  for f in loadavg meminfo vmstat cgroups; do copy "proc/$f" "proc-$f" "/proc/$f"; done
  for f in cpu memory io; do
    if resolve "/proc/pressure/$f"; then copy "proc/pressure/$f" proc-pressure "/proc/pressure/$f"
    else skip "proc/pressure/$f" proc-pressure "/proc/pressure/$f does not exist (kernel without PSI)" '' "/proc/pressure/$f"; fi
  done
  copy proc/sys/fs/file-nr proc-file-nr /proc/sys/fs/file-nr
  copy proc/sys/kernel/pid_max proc-pid-max /proc/sys/kernel/pid_max
  for f in nf_conntrack_count nf_conntrack_max; do
    if resolve "/proc/sys/net/netfilter/$f"; then copy "proc/sys/net/netfilter/$f" nf-conntrack "/proc/sys/net/netfilter/$f"
    else skip "proc/sys/net/netfilter/$f" nf-conntrack "conntrack is not loaded" '' "/proc/sys/net/netfilter/$f"; fi
  done
  if [ -n "$ROOT" ]; then
    copy proc/stat proc-stat /proc/stat
    copy proc/diskstats proc-diskstats /proc/diskstats
    return
  fi
  copy proc/stat.1 proc-stat /proc/stat
  copy proc/diskstats.1 proc-diskstats /proc/diskstats
  pc_ok=''; pid_cpu_start && pc_ok=1
  tick
  ss_wait=$(( (STOP_AT - NOW) / 1000 - 1 ))
  [ "$ss_wait" -le "$SAMPLE_SECONDS" ] || ss_wait=$SAMPLE_SECONDS
  if [ "$ss_wait" -ge 1 ]; then
    log "waiting ${ss_wait}s between the two /proc/stat and /proc/diskstats samples, sampling thread states"
    sample_threads "$ss_wait"
  fi
  copy proc/stat.2 proc-stat /proc/stat
  copy proc/diskstats.2 proc-diskstats /proc/diskstats
  [ -z "$pc_ok" ] || pid_cpu_end
}

# ---------------------------------------------------------------------------------------------
# Every process's CPU time at both ends of the sample window (proc/pid-cpu.txt, docs/bundle-format.md):
# user and system clock ticks of /proc/*/stat, one grep and one awk per sample, so the app shows CPU
# as a rate over the window (what top shows), not only the average since each process started.

pid_cpu_sample() {
  tick
  printf 'T %s\n' "$NOW" >> "$PC_OUT"
  # "/proc/PID/stat:PID (comm) S ppid ... utime stime ...": the fields after the last ") " start at
  # field 3 (state), so utime (field 14) and stime (15) are the 12th and 13th of them.
  grep -s -H '' /proc/[0-9]*/stat 2>/dev/null | awk '{
    c = index($0, ":"); p = substr($0, 1, c - 1); v = substr($0, c + 1)
    n = split(p, a, "/"); if (n != 4 || a[4] != "stat") next
    e = 0; r = v
    while ((i = index(r, ") ")) > 0) { e += i + 1; r = substr(r, i + 2) }
    if (e == 0) next
    if (split(substr(v, e + 1), f, " ") < 13) next
    print a[3], f[12], f[13]
  }' >> "$PC_OUT" 2>/dev/null
}

pid_cpu_start() {
  PC_OUT="$B/proc/pid-cpu.txt"; PC_T0=$NOW
  set -- /proc/[0-9]*/stat
  if [ ! -r "$1" ]; then skip proc/pid-cpu.txt proc-pid-cpu "no readable /proc/*/stat"; return 1; fi
  pc_hz=$(getconf CLK_TCK 2>/dev/null)
  is_count "$pc_hz" || pc_hz=100
  mkdir -p "$B/proc"
  { printf '# nodescope process cpu 1\n'; printf '# clk-tck %s\n' "$pc_hz"; } > "$PC_OUT"
  pid_cpu_sample
  PC_T0=$NOW
}

pid_cpu_end() {
  pid_cpu_sample
  rec proc/pid-cpu.txt proc-pid-cpu "grep /proc/*/stat (utime, stime) at both ends of the sample window" '' 0 false $((NOW - PC_T0)) '' false '' '' ''
}

# ---------------------------------------------------------------------------------------------
# Thread states, sampled (no eBPF): through the sample window, every THREAD_INTERVAL_MS, each
# thread's state, wchan and syscall from /proc/*/task/*/{stat,wchan,syscall}, and the kernel stack of
# threads in D where readable. One grep and one awk per sample; the interval grows so that sampling
# takes at most a quarter of one CPU (measured with `times`), and sampling stops at THREAD_MAX_BYTES. Written to
# proc/thread-samples.txt (docs/bundle-format.md).

THREAD_INTERVAL_MS=150
THREAD_MAX_BYTES=16777216

write_sampler_awk() {
  cat > "$W/threads.awk" <<'AWK'
# grep -H output: "/proc/PID/task/TID/FILE:CONTENT". Prints "PID TID STATE WCHAN SYSCALL COMM" per
# thread, then "K PID TID frame;frame" for threads in D whose stack is readable.
{
  c = index($0, ":"); p = substr($0, 1, c - 1); v = substr($0, c + 1)
  n = split(p, a, "/"); if (n < 6) next
  k = a[3] " " a[5]; f = a[6]
  if (!(k in seen)) { seen[k] = 1; order[++m] = k }
  if (f == "stat") {
    o = index(v, "("); e = 0; r = v
    while ((i = index(r, ") ")) > 0) { e += i + 1; r = substr(r, i + 2) }
    if (o == 0 || e == 0) next
    comm[k] = substr(v, o + 1, e - o - 2); st[k] = substr(v, e + 1, 1)
    # Kernel threads (PF_KTHREAD in the flags field) are never in a syscall, whatever the file says.
    split(substr(v, e + 1), fl, " "); if (int(fl[7] / 2097152) % 2 == 1) kt[k] = 1
  } else if (f == "wchan") wc[k] = (v == "" || v == "0") ? "-" : v
  else if (f == "syscall") { split(v, s, " "); sc[k] = s[1] == "" ? "-" : s[1] }
}
END {
  for (j = 1; j <= m; j++) {
    k = order[j]; if (!(k in st)) continue
    print k, st[k], (k in wc) ? wc[k] : "-", ((k in sc) && !(k in kt)) ? sc[k] : "-", comm[k]
    if (st[k] == "D") {
      split(k, t, " "); file = "/proc/" t[1] "/task/" t[2] "/stack"; fr = ""
      while ((getline line < file) > 0) { sub(/^\[<[0-9a-fx]*>\] /, "", line); sub(/\+0x.*/, "", line); fr = fr (fr == "" ? "" : ";") line }
      close(file)
      if (fr != "") print "K", k, fr
    }
  }
}
AWK
}

# cpu_ms: user+system milliseconds of this shell's finished children (POSIX `times`, second line,
# "0m0.012000s 0m0.004000s"), without a fork.
ms_of() { # 1m2.345678s -> 62345
  mo_m=${1%%m*}; mo_r=${1#*m}; mo_r=${mo_r%s}; mo_s=${mo_r%.*}; mo_f=${mo_r#*.}
  [ "$mo_f" = "$mo_r" ] && mo_f=''
  mo_f="${mo_f}000"; mo_f=${mo_f%"${mo_f#???}"}
  if ! is_count "$mo_m" || ! is_count "$mo_s"; then MO=0; return; fi
  MO=$(( mo_m * 60000 + mo_s * 1000 + 1$mo_f - 1000 ))
}
cpu_ms() {
  CPU_MS=0
  times > "$W/times" 2>/dev/null || return 0
  { read -r _ _; read -r cm_u cm_s; } < "$W/times" || return 0
  ms_of "$cm_u"; CPU_MS=$MO
  ms_of "$cm_s"; CPU_MS=$((CPU_MS + MO))
}

sample_threads() {
  st_secs=$1; st_out="$B/proc/thread-samples.txt"
  if [ -n "$ROOT" ]; then sleep "$st_secs"; return; fi
  set -- /proc/[0-9]*/task/[0-9]*/stat
  if [ ! -r "$1" ]; then skip proc/thread-samples.txt thread-samples "no /proc/*/task/*/stat to sample"; sleep "$st_secs"; return; fi
  write_sampler_awk
  st_iv=$THREAD_INTERVAL_MS
  # POSIX sleep takes whole seconds; GNU and busybox take fractions.
  if ! sleep 0.01 2>/dev/null; then st_iv=1000; fi
  st_arch=$(uname -m 2>/dev/null)
  mkdir -p "$B/proc"
  { printf '# nodescope thread samples 1\n'; printf '# arch %s\n' "${st_arch:-unknown}"; printf '# interval-ms %s\n' "$st_iv"; } > "$st_out"
  cpu_ms; st_cpu0=$CPU_MS
  tick; st_end=$((NOW + st_secs * 1000)); st_n=0; st_why=''
  while [ "$NOW" -lt "$st_end" ]; do
    printf 'T %s\n' "$NOW" >> "$st_out"
    grep -s -H '' /proc/[0-9]*/task/[0-9]*/stat /proc/[0-9]*/task/[0-9]*/wchan /proc/[0-9]*/task/[0-9]*/syscall 2>/dev/null |
      awk -f "$W/threads.awk" >> "$st_out" 2>/dev/null
    st_n=$((st_n + 1))
    st_size=$(size_of "$st_out")
    if [ "${st_size:-0}" -ge "$THREAD_MAX_BYTES" ]; then st_why="stopped at $THREAD_MAX_BYTES bytes"; break; fi
    # At most a quarter of a CPU: wait three times the CPU the sample took, and at least the interval.
    st_c=$CPU_MS; cpu_ms; st_took=$((CPU_MS - st_c))
    tick
    st_wait=$((st_took * 3)); [ "$st_wait" -ge "$st_iv" ] || st_wait=$st_iv
    [ $((NOW + st_wait)) -lt "$st_end" ] || break
    sleep "$((st_wait / 1000)).$(printf '%03d' $((st_wait % 1000)))"
    tick
  done
  tick; [ "$NOW" -ge "$st_end" ] || sleep "$(( (st_end - NOW + 999) / 1000 ))"
  cpu_ms; st_cpu=$((CPU_MS - st_cpu0))
  st_size=$(size_of "$st_out")
  printf '# samples %s cpu-ms %s bytes %s%s\n' "$st_n" "$st_cpu" "$st_size" "${st_why:+ $st_why}" >> "$st_out"
  rec proc/thread-samples.txt thread-samples "grep /proc/*/task/*/{stat,wchan,syscall} every ${st_iv} ms or more" '' 0 false $((st_secs * 1000)) '' false '' '' ''
  log "thread states: $st_n samples, ${st_cpu} ms CPU, $st_size bytes${st_why:+, $st_why}"
}

# ---------------------------------------------------------------------------------------------
# /proc, per process. Reads run in a background batch watched for progress: a read that blocks
# (a D-state process) is abandoned after PROC_STALL seconds and the batch resumes after it.

PROC_FILES='stat status wchan stack cmdline cgroup'

proc_item() { rec "proc/$1/$2" "$3" '' "/proc/$1/$2" "$4" false '' '' false '' "$5" "${6:-}"; }

# Under --root, a file of a process that is a link is followed inside the tree or refused.
# Sets RP_FILE; returns 1 (recorded) when refused.
proc_file_in_root() {
  RP_FILE="$rp_src/$1"
  [ -n "$ROOT" ] && [ -L "$RP_FILE" ] || return 0
  resolve "${rp_src#"$ROOT"}/$1"; pr_rs=$?
  if [ "$pr_rs" = 2 ]; then proc_item "$rp_pid" "$1" "proc-pid-$1" 1 "$NP_WHY" refused; return 1; fi
  [ "$pr_rs" = 0 ] && RP_FILE=$NP
  return 0
}

# read_one_process PID [AFTER] : the process's files, or only those after AFTER (resuming after a
# read that blocked: the stack of a process stuck in the kernel is still worth having).
read_one_process() {
  rp_pid=$1; rp_after=${2:-}; rp_src="$ROOT/proc/$1"; rp_dst="$B/proc/$1"
  if [ -n "$ROOT" ]; then
    resolve "/proc/$1"
    case $? in
      0) rp_src=$NP ;;
      2) proc_item "$rp_pid" stat proc-pid-stat 1 "$NP_WHY" refused; return 0 ;;
      *) return 0 ;;
    esac
  fi
  [ -d "$rp_src" ] || return 0
  for rp_f in $PROC_FILES environ ns fd-count; do
    if [ -n "$rp_after" ]; then
      [ "$rp_f" = "$rp_after" ] && rp_after=''
      continue
    fi
    printf '%s %s\n' "$rp_pid" "$rp_f" > "$W/proc-cur"
    case $rp_f in
      ns) read_ns ;;
      environ) environ_wanted && { read_proc_file || return 0; } ;;
      fd-count) read_fd_count ;;
      *) read_proc_file || return 0 ;;
    esac
  done
}

# The environment only of the node's own daemons (proxy settings, GOMAXPROCS, GODEBUG): redacted.
environ_wanted() {
  ew_stat=''; { read -r ew_stat < "$rp_dst/stat"; } 2>/dev/null
  ew_comm=${ew_stat#*(}; ew_comm=${ew_comm%)*}
  case $ew_comm in
    kube*|etcd|containerd*|dockerd|crio|coredns|k3s*|rke2*|cri-dockerd|runc) return 0 ;;
  esac
  return 1
}

read_proc_file() {
  proc_file_in_root "$rp_f" || return 0
  if [ -c "$RP_FILE" ] || [ -b "$RP_FILE" ]; then proc_item "$rp_pid" "$rp_f" "proc-pid-$rp_f" 1 "a device, not a file"; return 0; fi
  cat "$RP_FILE" > "$rp_dst/$rp_f" 2> "$W/proc-err" </dev/null &
  printf '%s\n' "$!" > "$W/proc-child"
  wait "$!"; rp_rc=$?
  if [ "$rp_rc" = 0 ]; then
    proc_item "$rp_pid" "$rp_f" "proc-pid-$rp_f" 0 ''
  else
    rm -f "$rp_dst/$rp_f"
    [ -d "$rp_src" ] || return 1
    rp_err=''; { IFS= read -r rp_err < "$W/proc-err"; } 2>/dev/null
    proc_item "$rp_pid" "$rp_f" "proc-pid-$rp_f" "$rp_rc" "${rp_err:-exit status $rp_rc}"
  fi
}

read_ns() {
  # A link that cannot be read (or a namespace that is gone) simply has no line.
  proc_file_in_root ns || return 0
  # shellcheck disable=SC2012  # ns/ holds kernel-named links only
  ls -l "$RP_FILE" 2> /dev/null | sed -n '/_for_children /d; s/.* -> //p' > "$rp_dst/ns"
  if [ -s "$rp_dst/ns" ]; then
    proc_item "$rp_pid" ns proc-pid-ns 0 ''
  else
    rm -f "$rp_dst/ns"
    proc_item "$rp_pid" ns proc-pid-ns 1 "no readable /proc/$rp_pid/ns link"
  fi
}

read_fd_count() {
  proc_file_in_root fd || return 0
  set -- "$RP_FILE"/*
  if [ -e "$1" ] || [ -L "$1" ]; then
    printf '%s\n' "$#" > "$rp_dst/fd-count"
    proc_item "$rp_pid" fd-count proc-pid-fd-count 0 ''
  elif [ -r "$RP_FILE" ]; then
    printf '0\n' > "$rp_dst/fd-count"
    proc_item "$rp_pid" fd-count proc-pid-fd-count 0 ''
  else
    proc_item "$rp_pid" fd-count proc-pid-fd-count 1 "/proc/$rp_pid/fd is not readable by $USER_NAME"
  fi
}

# process_batch AFTER PID... : AFTER applies to the first PID only.
process_batch() {
  pb_after=$1; shift
  for pb_pid in "$@"; do read_one_process "$pb_pid" "$pb_after"; pb_after=''; done
  printf 'done\n' > "$W/proc-cur"
}

# Watches a batch: kills it when one read makes no progress for PROC_STALL s, or at the deadline.
proc_watch() {
  pw_last=''; pw_still=0
  while kill -0 "$1" 2>/dev/null; do
    sleep 1
    pw_cur=''; { read -r pw_cur < "$W/proc-cur"; } 2>/dev/null
    # Only a read in progress can stall (not a batch that has not started yet on a busy node).
    case $pw_cur in
      ''|done) pw_still=0 ;;
      "$pw_last") pw_still=$((pw_still + 1)) ;;
      *) pw_still=0; pw_last=$pw_cur ;;
    esac
    tick
    if [ "$pw_still" -ge "$PROC_STALL" ] || [ "$NOW" -ge "$STOP_AT" ]; then
      # Say why before killing: the collector stops waiting (and this watcher) once the batch is gone.
      if [ "$NOW" -ge "$STOP_AT" ]; then echo deadline > "$W/proc-stuck"; else printf '%s\n' "$pw_cur" > "$W/proc-stuck"; fi
      pw_child=''; { read -r pw_child < "$W/proc-child"; } 2>/dev/null
      kill -KILL "$1" 2>/dev/null
      [ -n "$pw_child" ] && kill -KILL "$pw_child" 2>/dev/null
      return
    fi
  done
}

collect_processes() {
  phase "per-process /proc data"
  PROC_STALL=5
  [ "$STEP_TIMEOUT" -ge 5 ] || PROC_STALL=$STEP_TIMEOUT
  pending=''; n=0; resume=''

  for d in "$ROOT"/proc/[0-9]*; do
    [ -d "$d" ] || continue
    n=$((n + 1))
    if [ "$n" -gt "$MAX_PROCESSES" ]; then
      log "more than $MAX_PROCESSES processes: the rest are not collected (--max-processes)"
      skip "proc/${d##*/}" proc-pid-stat "over --max-processes $MAX_PROCESSES"
      break
    fi
    pending="$pending ${d##*/}"
  done
  log "$n processes"
  # One mkdir for all (a fork per process is what makes this step slow on a busy node).
  mkdir -p "$B/proc"
  # shellcheck disable=SC2086
  [ -n "$pending" ] && (cd "$B/proc" && mkdir -p $pending)
  while [ -n "$pending" ]; do
    gate proc proc-pid-stat || return
    rm -f "$W/proc-stuck"; : > "$W/proc-cur"; : > "$W/proc-child"
    # shellcheck disable=SC2086
    process_batch "$resume" $pending &
    cp_batch=$!
    BG_PIDS="$BG_PIDS $cp_batch"
    proc_watch "$cp_batch" >/dev/null 2>&1 </dev/null &
    cp_watch=$!
    wait "$cp_batch" 2>/dev/null
    kill "$cp_watch" 2>/dev/null; wait "$cp_watch" 2>/dev/null
    BG_PIDS=${BG_PIDS% "$cp_batch"}
    [ -s "$W/proc-stuck" ] || break
    read -r st_pid st_file < "$W/proc-stuck" || :
    if [ "$st_pid" = deadline ]; then
      DEADLINE_HIT=1
      skip proc proc-pid-stat "deadline reached (--deadline $DEADLINE) while reading per-process data"
      return
    fi
    is_count "$st_pid" || break
    log "reading /proc/$st_pid/$st_file blocked for ${PROC_STALL}s: abandoned"
    rm -f "$B/proc/$st_pid/$st_file"
    rec "proc/$st_pid/$st_file" "proc-pid-$st_file" '' "/proc/$st_pid/$st_file" '' true "$((PROC_STALL * 1000))" '' false '' \
      "reading blocked for ${PROC_STALL}s (process in D state?)" ''
    # Resume with the same process, after the file that blocked.
    rest=''; seen=''
    for p in $pending; do
      if [ -n "$seen" ] || [ "$p" = "$st_pid" ]; then rest="$rest $p"; seen=1; fi
    done
    pending=$rest; resume=$st_file
    disk_check || return
  done
}

# ---------------------------------------------------------------------------------------------
# Logs

log_budget_ok() {
  if [ "$LOG_BYTES" -ge "$MAX_TOTAL_LOG_BYTES" ]; then
    skip "$1" "$2" "over --max-total-log-bytes $MAX_TOTAL_LOG_BYTES" '' "${3:-}"
    return 1
  fi
}

journal_dir_args() {
  JD=''
  [ -z "$ROOT" ] && return 0
  for d in /var/log/journal /run/log/journal; do
    if resolve "$d" && [ -d "$NP" ]; then JD=$NP; return 0; fi
  done
  return 1
}

# Sets the positional parameters for journalctl: --directory DIR, or under --root when DIR holds
# symbolic links (journalctl would follow them out of the tree), --file for each regular journal file.
journal_source_args() {
  JARGS_LINKS=0
  [ -n "$JD" ] || return 0
  find "$JD" -type l > "$W/journal-links" 2>/dev/null
  if [ ! -s "$W/journal-links" ]; then return 0; fi
  while IFS= read -r jl; do
    JARGS_LINKS=$((JARGS_LINKS + 1))
    skip "logs/journal/${jl#"$JD"/}" journal "refused: ${jl#"$ROOT"} is a symbolic link inside the journal folder (journalctl would follow it out of --root)" '' "${jl#"$ROOT"}" refused
  done < "$W/journal-links"
  find "$JD" -type f \( -name '*.journal' -o -name '*.journal~' \) > "$W/journal-files" 2>/dev/null
}

collect_journal() {
  if ! have journalctl; then skip logs/journal journal "journalctl is not installed" 'journalctl'; return; fi
  if ! journal_dir_args; then skip logs/journal journal "--root: no var/log/journal or run/log/journal under $ROOT"; return; fi
  gate logs/journal journal || return
  journal_source_args
  set --
  if [ "$JARGS_LINKS" -gt 0 ]; then
    while IFS= read -r jf; do set -- "$@" --file "$jf"; done < "$W/journal-files"
    if [ "$#" = 0 ]; then skip logs/journal journal "no regular journal file under ${JD#"$ROOT"}"; return; fi
  elif [ -n "$JD" ]; then set -- --directory "$JD"; fi
  limited "$LIM" journalctl "$@" --field _SYSTEMD_UNIT > "$W/units" 2> "$W/units-err"
  grep -E '^(kubelet|containerd|docker|cri-docker|crio|cri-o|kube-proxy|etcd|firewalld)\.service$|kube|k3s|rke2' "$W/units" |
    sort -u > "$W/units-wanted"
  if [ ! -s "$W/units-wanted" ]; then
    log "journal: no kubelet/containerd/docker/crio/kube-proxy/etcd/firewalld/kube*/k3s*/rke2* units ($(first_err_line "$W/units-err"))"
    skip logs/journal journal "no Kubernetes-related unit in the journal" "journalctl $* --field _SYSTEMD_UNIT"
    return
  fi
  # short-iso-precise (year, zone, microseconds) came with systemd 234; CentOS 7 has 219: short-iso.
  jfmt=short-iso-precise
  limited 10 journalctl --version > "$W/journal-version" 2>/dev/null
  read -r _ jver _ < "$W/journal-version" 2>/dev/null || jver=''
  if is_count "$jver" && [ "$jver" -lt 234 ]; then jfmt=short-iso; log "journalctl of systemd $jver: -o short-iso"; fi
  # A node tree's journal is read whole (newest bytes kept): "24h ago" means nothing for a dead node.
  if [ -z "$ROOT" ] || [ "$SINCE_GIVEN" = 1 ]; then set -- "$@" --since "$JOURNAL_SINCE"; fi
  while IFS= read -r unit; do
    file=$(printf '%s' "${unit%.service}" | tr -c 'A-Za-z0-9@._:-' '_')
    log_budget_ok "logs/journal/$file.log" journal || continue
    run_capped "logs/journal/$file.log" journal "$MAX_LOG_BYTES" journalctl "$@" -o "$jfmt" --no-pager -u "$unit"
  done < "$W/units-wanted"
}

collect_dmesg() {
  if [ -n "$ROOT" ]; then
    if present /var/log/dmesg; then copy logs/dmesg.log dmesg /var/log/dmesg "$MAX_LOG_BYTES"
    else skip logs/dmesg.log dmesg "--root: dmesg reads the live kernel, and there is no var/log/dmesg"; fi
    return
  fi
  have dmesg || { skip logs/dmesg.log dmesg "dmesg is not installed" dmesg; return; }
  limited 10 dmesg --time-format iso >/dev/null 2>&1
  if [ "$L_RC" = 0 ]; then
    run_capped logs/dmesg.log dmesg "$MAX_LOG_BYTES" dmesg --time-format iso
  else
    run_capped logs/dmesg.log dmesg "$MAX_LOG_BYTES" dmesg
  fi
}

# gunzip_capped PATH KIND NODEFILE CAP : a rotated log, stored gunzipped, newest CAP bytes. One
# pass, bounded in time (the step's limit) and in bytes (GZ_SCAN_MAX decompressed: more is a gzip
# bomb or a log no one should page through): either bound leaves it out, recorded. Sets cs_trunc.
# Returns 0 when stored, 1 when left out, 2 when the collection stops (deadline, disk).
gunzip_capped() {
  gc_path=$1; gc_kind=$2; gc_node=$3; gc_cap=$4; cs_trunc=false
  resolve "$gc_node"; gc_rs=$?
  if [ "$gc_rs" = 2 ]; then skip "$gc_path" "$gc_kind" "$NP_WHY" '' "$gc_node" refused; return 1; fi
  if [ "$gc_rs" != 0 ]; then skip "$gc_path" "$gc_kind" "$NP_WHY" '' "$gc_node"; return 1; fi
  if [ ! -f "$NP" ] || [ ! -r "$NP" ]; then skip "$gc_path" "$gc_kind" "$gc_node is not a readable file" '' "$gc_node"; return 1; fi
  gate "$gc_path" "$gc_kind" "gzip -dc $gc_node" || return 2
  # Writing out the kept bytes after the stream ends takes time too (about 1 s per 50 MB).
  LIM=$((LIM - gc_cap / 50000000))
  if [ "$LIM" -lt 1 ]; then DEADLINE_HIT=1; skip "$gc_path" "$gc_kind" "deadline reached (--deadline $DEADLINE)" "gzip -dc $gc_node" "$gc_node"; return 2; fi
  mkdir -p "$B/${gc_path%/*}"
  rm -f "$W/fifo" "$W/count" "$W/rc"
  rc_path=$gc_path; rc_cap=$gc_cap
  # shellcheck disable=SC2016  # expanded by the inner sh
  set -- sh -c 'gzip -dc "$1" | head -c "$2"' sh "$NP" $((GZ_SCAN_MAX + 1))
  if [ "$HAVE_TIMEOUT" = 1 ]; then capped_stream "$@"; else capped_file "$@"; fi
  gc_orig=$(printf '%s' "$rc_orig" | tr -d ' ')
  L_TO=false
  case $L_RC in 124|137|138|143) [ "$L_MS" -ge $((LIM * 1000 - 500)) ] && L_TO=true ;; esac
  keep_stderr "$gc_path"
  gc_skip=''
  if [ "$L_TO" = true ]; then
    gc_skip="decompressing did not end within ${LIM}s (--step-timeout or the time left before --deadline): not collected"
    gc_orig=''
  elif is_count "$gc_orig" && [ "$gc_orig" -gt "$GZ_SCAN_MAX" ]; then
    gc_skip="decompresses to more than $GZ_SCAN_MAX bytes (32 x --max-log-bytes; a gzip bomb?): not collected"
    gc_orig=''
  elif is_count "$gc_orig" && [ "$gc_orig" -gt "$gc_cap" ]; then
    cs_trunc=true; sed 1d "$B/$gc_path" > "$W/cut" && mv "$W/cut" "$B/$gc_path"
  fi
  [ -n "$gc_skip" ] && rm -f "$B/$gc_path"
  if ! disk_check; then rm -f "$B/$gc_path"; gc_skip=$DISK_FULL; fi
  rec "$gc_path" "$gc_kind" "gzip -dc $gc_node" "$gc_node" "$L_RC" "$L_TO" "$L_MS" "$gc_orig" "$cs_trunc" "$ERRPATH" "$gc_skip" ''
  [ -n "$gc_skip" ] && log "skipped $gc_path: $gc_skip"
  [ -z "$DISK_FULL" ] || return 2
  [ -z "$gc_skip" ] || return 1
  return 0
}

# copy_source DESTDIR KIND FILE... : files of one log source, newest first, within MAX_LOG_BYTES
# together; rotated .gz files are stored gunzipped.
copy_source() {
  cs_dir=$1; cs_kind=$2; shift 2
  cs_left=$MAX_LOG_BYTES
  for cs_f in "$@"; do
    cs_base=${cs_f##*/}; cs_out="$cs_dir/${cs_base%.gz}"
    cs_node=${cs_f#"$ROOT"}
    log_budget_ok "$cs_out" "$cs_kind" "$cs_node" || return
    if [ "$cs_left" -le 0 ]; then
      skip "$cs_out" "$cs_kind" "older than the newest --max-log-bytes $MAX_LOG_BYTES of this source" '' "$cs_node"
      continue
    fi
    case $cs_f in
      *.gz)
        gunzip_capped "$cs_out" "$cs_kind" "$cs_node" "$cs_left"
        case $? in 1) continue ;; 2) return ;; esac
        ;;
      *) copy "$cs_out" "$cs_kind" "$cs_node" "$cs_left" || continue; cs_trunc=$c_trunc ;;
    esac
    cs_got=$(size_of "$B/$cs_out")
    cs_left=$((cs_left - ${cs_got:-0}))
    # Once a file was cut, anything older lies beyond the cut.
    [ "$cs_trunc" = true ] && cs_left=0
    LOG_BYTES=$((LOG_BYTES + ${cs_got:-0}))
  done
}

# Newest first by modification time; prints nothing when the glob matched nothing.
newest_first() {
  nf_n=$#
  while [ "$nf_n" -gt 0 ]; do
    if [ -e "$1" ] || [ -L "$1" ]; then set -- "$@" "$1"; fi
    shift; nf_n=$((nf_n - 1))
  done
  [ "$#" -gt 0 ] || return 0
  ls -1td "$@" 2>/dev/null
}

# node_dir NODEDIR : sets ND to the folder's real path (resolved inside --root); records a refusal.
node_dir() {
  ND=''
  resolve "$1"
  case $? in
    0) [ -d "$NP" ] && ND=$NP ;;
    2) skip "${2:-logs}" "${3:-log}" "$NP_WHY" '' "$1" refused ;;
  esac
  [ -n "$ND" ]
}

collect_file_logs() {
  if node_dir /var/log logs syslog; then VL=$ND; else VL=''; fi
  for s in messages syslog kern.log; do
    [ -n "$VL" ] || break
    newest_first "$VL/$s" "$VL/$s"[.-]* > "$W/list"
    [ -s "$W/list" ] || { log "no /var/log/$s"; continue; }
    set --; while IFS= read -r f; do set -- "$@" "$f"; done < "$W/list"
    copy_source logs syslog "$@"
  done
  if [ -n "$VL" ] && node_dir /var/log/pods logs/pods cri-log; then
    pods_dir=$ND
    for cdir in "$pods_dir"/*/*/; do
      [ -d "$cdir" ] || continue
      rel=${cdir%/}; rel=${rel#"$pods_dir"/}
      # A pod or container folder that is a link out of the tree is refused before it is listed.
      node_dir "/var/log/pods/$rel" "logs/pods/$rel" cri-log || continue
      newest_first "$ND"/*.log* > "$W/list"
      set --; while IFS= read -r f; do set -- "$@" "$f"; done < "$W/list"
      [ "$#" -gt 0 ] || continue
      copy_source "logs/pods/$rel" cri-log "$@"
    done
  fi
  linked=0
  if [ -n "$VL" ] && node_dir /var/log/containers logs/containers cri-log; then
    for f in "$ND"/*.log; do
      [ -e "$f" ] || [ -L "$f" ] || continue
      if [ -L "$f" ]; then
        case $(readlink "$f") in /var/log/pods/*|../pods/*|"$ROOT"/var/log/pods/*) linked=$((linked + 1)); continue ;; esac
      fi
      copy_source logs/containers cri-log "$f"
    done
  fi
  [ "$linked" -gt 0 ] && log "$linked /var/log/containers links point into /var/log/pods: collected there"
  if node_dir /var/lib/docker/containers logs/docker docker-json-log; then
    docker_dir=$ND
    for cdir in "$docker_dir"/*/; do
      [ -d "$cdir" ] || continue
      rel=${cdir%/}; rel=${rel#"$docker_dir"/}
      node_dir "/var/lib/docker/containers/$rel" "logs/docker/$rel" docker-json-log || continue
      newest_first "$ND"/*-json.log* > "$W/list"
      set --; while IFS= read -r f; do set -- "$@" "$f"; done < "$W/list"
      [ "$#" -gt 0 ] || continue
      copy_source logs/docker docker-json-log "$@"
    done
  fi
}

collect_logs() {
  phase "logs"
  collect_journal
  collect_dmesg
  collect_file_logs
}

# ---------------------------------------------------------------------------------------------
# Kubernetes API (never Secrets)

K8S_OK=''
KUBECONFIG_USED=''
NODE_NAME=$HOST
K8S_WHY=''

find_api() {
  if [ -n "$ROOT" ]; then K8S_WHY="--root: the API server would be queried live"; return; fi
  have kubectl || { K8S_WHY="kubectl is not installed"; return; }
  for k in "$KUBECONFIG_OPT" /etc/kubernetes/admin.conf /etc/rancher/rke2/rke2.yaml /etc/rancher/k3s/k3s.yaml \
    /etc/kubernetes/ssl/kubecfg-kube-node.yaml /etc/kubernetes/kubelet.conf /var/lib/kubelet/kubeconfig \
    "${KUBECONFIG:-}" "${HOME:-/root}/.kube/config"; do
    if [ -z "$k" ] || [ ! -r "$k" ]; then continue; fi
    tick; [ "$NOW" -lt "$STOP_AT" ] || break
    limited 10 kubectl --kubeconfig "$k" --request-timeout=8s get --raw /version > "$W/k8s-version" 2> "$W/k8s-err"
    if [ "$L_RC" = 0 ]; then K8S_OK=1; KUBECONFIG_USED=$k; log "API reachable with $k"; break; fi
    log "API not reachable with $k: $(first_err_line "$W/k8s-err")"
    K8S_WHY="API not reachable with $k: $(first_err_line "$W/k8s-err")"
  done
  [ -n "$K8S_OK$K8S_WHY" ] || K8S_WHY="no kubeconfig found (--kubeconfig, admin.conf, rke2.yaml, k3s.yaml, kubelet.conf)"
  [ -n "$K8S_OK" ] || return
  limited 15 kubectl --kubeconfig "$KUBECONFIG_USED" --request-timeout=10s get nodes -o name > "$W/nodes" 2>/dev/null
  if grep -qx "node/$HOST" "$W/nodes"; then NODE_NAME=$HOST
  elif grep -q "^node/$HOST\." "$W/nodes"; then NODE_NAME=$(sed -n "s|^node/\\($HOST\\..*\\)|\\1|p" "$W/nodes" | head -n 1)
  else
    lower=$(printf '%s' "$HOST" | tr '[:upper:]' '[:lower:]')
    grep -qx "node/$lower" "$W/nodes" && NODE_NAME=$lower
  fi
  log "Kubernetes node name: $NODE_NAME"
}

kc() {
  k_path=$1; k_kind=$2; shift 2
  if [ -z "$K8S_OK" ]; then skip "$k_path" "$k_kind" "$K8S_WHY" "kubectl $*"; return 1; fi
  run "$k_path" "$k_kind" kubectl --kubeconfig "$KUBECONFIG_USED" --request-timeout="${STEP_TIMEOUT}s" "$@"
}

collect_k8s() {
  phase "Kubernetes objects"
  kc k8s/nodes.json k8s-nodes get nodes -o json
  kc k8s/pods.json k8s-pods get pods -A -o json --field-selector "spec.nodeName=$NODE_NAME"
  kc k8s/pods-kube-system.json k8s-pods get pods -n kube-system -o json
  kc k8s/events.json k8s-events get events -A -o json
  kc k8s/deployments.json k8s-deployments get deployments -A -o json
  kc k8s/replicasets.json k8s-replicasets get replicasets -A -o json
  kc k8s/coredns-configmap.json k8s-configmap get configmap -n kube-system coredns -o json
  kc k8s/kube-proxy-configmap.json k8s-configmap get configmap -n kube-system kube-proxy -o json
}

# ---------------------------------------------------------------------------------------------
# Runtime, network, DNS

probe() { # NAME CMD... : 0 when the command works within 10 s
  [ -z "$ROOT" ] || { PROBE_WHY="--root: '$1' would query the live machine"; return 1; }
  have "$2" || { PROBE_WHY="$2 is not installed"; return 1; }
  pr_name=$1; shift
  limited 10 "$@" > /dev/null 2> "$W/probe-err"
  [ "$L_RC" = 0 ] && return 0
  PROBE_WHY="$pr_name does not answer: $(first_err_line "$W/probe-err")"
  [ "$L_TO" = true ] && PROBE_WHY="$pr_name does not answer within 10 s"
  return 1
}

collect_runtime() {
  phase "container runtime"
  if probe crictl crictl version; then
    run runtime/crictl-ps.txt crictl-ps crictl ps -a
    run runtime/crictl-pods.txt crictl-pods crictl pods
    run runtime/crictl-info.json crictl-info crictl info
    if [ -z "$FACT_RUNTIME" ]; then
      limited 10 crictl version > "$W/crictl-version" 2>/dev/null
      rn=$(sed -n 's/^RuntimeName: *//p' "$W/crictl-version"); rv=$(sed -n 's/^RuntimeVersion: *v\{0,1\}//p' "$W/crictl-version")
      [ -n "$rn" ] && FACT_RUNTIME="$rn://$rv"
    fi
  else
    for p in crictl-ps.txt:crictl-ps crictl-pods.txt:crictl-pods crictl-info.json:crictl-info; do skip "runtime/${p%%:*}" "${p#*:}" "$PROBE_WHY" crictl; done
  fi
  if probe docker docker version; then
    run runtime/docker-ps.txt docker-ps docker ps -a
    run runtime/docker-info.txt docker-info docker info
  else
    skip runtime/docker-ps.txt docker-ps "$PROBE_WHY" 'docker ps -a'
    skip runtime/docker-info.txt docker-info "$PROBE_WHY" 'docker info'
  fi
  collect_docker_files
  for f in /etc/containerd/config.toml /var/lib/rancher/rke2/agent/etc/containerd/config.toml /var/lib/rancher/k3s/agent/etc/containerd/config.toml; do
    if present "$f"; then copy runtime/containerd-config.toml containerd-config "$f" "$MAX_LOG_BYTES"; return; fi
  done
  skip runtime/containerd-config.toml containerd-config "no containerd config.toml (/etc/containerd, rke2, k3s)"
}

# dockerd's settings (debug, registry mirrors) and the registry credentials file, redacted.
collect_docker_files() {
  present /etc/docker/daemon.json && copy runtime/docker-daemon.json text /etc/docker/daemon.json "$MAX_LOG_BYTES"
  present /root/.docker/config.json && copy runtime/docker-config.json text /root/.docker/config.json "$MAX_LOG_BYTES"
  return 0
}

collect_network() {
  phase "network"
  run_tool network/iptables-save.txt iptables-save iptables-save -c
  # The legacy tools would create (load) tables that are not there: only when some are loaded.
  if [ -z "$ROOT" ] && have iptables-legacy-save && [ ! -s /proc/net/ip_tables_names ]; then
    skip network/iptables-legacy-save.txt iptables-save "no legacy iptables table is loaded" 'iptables-legacy-save -c'
  else
    run_tool network/iptables-legacy-save.txt iptables-save iptables-legacy-save -c
  fi
  run_tool network/iptables-nft-save.txt iptables-save iptables-nft-save -c
  run_tool network/ip6tables-save.txt ip6tables-save ip6tables-save -c
  if [ -z "$ROOT" ] && have ip6tables-legacy-save && [ ! -s /proc/net/ip6_tables_names ]; then
    skip network/ip6tables-legacy-save.txt ip6tables-save "no legacy ip6tables table is loaded" 'ip6tables-legacy-save -c'
  else
    run_tool network/ip6tables-legacy-save.txt ip6tables-save ip6tables-legacy-save -c
  fi
  run_tool network/ip6tables-nft-save.txt ip6tables-save ip6tables-nft-save -c
  # ipvsadm would load the ip_vs module: only when it is already there.
  if [ -z "$ROOT" ] && [ ! -e /proc/net/ip_vs ]; then skip network/ipvsadm.txt ipvsadm "ip_vs is not loaded (IPVS not in use)" 'ipvsadm -Ln --stats'
  else run_tool network/ipvsadm.txt ipvsadm ipvsadm -Ln --stats; fi
  if [ -z "$ROOT" ] && [ ! -e /proc/sys/net/netfilter/nf_conntrack_count ]; then skip network/conntrack-stats.txt conntrack-stats "conntrack is not loaded" 'conntrack -S'
  else run_tool network/conntrack-stats.txt conntrack-stats conntrack -S; fi
  run_tool network/ip-addr.txt ip-addr ip addr
  run_tool network/ip-route.txt ip-route ip route show table all
  run_tool network/ip-rule.txt ip-rule ip rule
  if [ -n "$ROOT" ]; then skip network/firewalld.txt firewalld "--root: firewalld state is live" 'firewall-cmd --state'
  elif have firewall-cmd; then run network/firewalld.txt firewalld firewall-cmd --list-all-zones
  elif have systemctl; then run network/firewalld.txt firewalld systemctl status firewalld --no-pager
  else skip network/firewalld.txt firewalld "neither firewall-cmd nor systemctl is installed"; fi
}

collect_dns() {
  phase "DNS"
  copy etc/hosts hosts /etc/hosts
  copy etc/resolv.conf resolv-conf /etc/resolv.conf
  krc=''
  kcfg=''; resolve /var/lib/kubelet/config.yaml && [ -f "$NP" ] && kcfg=$NP
  [ -n "$kcfg" ] && krc=$(sed -n 's/^resolvConf: *"\{0,1\}\([^"]*\)"\{0,1\} *$/\1/p' "$kcfg" | head -n 1)
  kflags=''; resolve /var/lib/kubelet/kubeadm-flags.env && [ -f "$NP" ] && kflags=$NP
  [ -z "$krc" ] && [ -n "$kflags" ] && krc=$(sed -n 's/.*--resolv-conf=\([^ "]*\).*/\1/p' "$kflags" | head -n 1)
  if [ -n "$krc" ]; then copy dns/kubelet-resolv.conf resolv-conf "$krc"
  else skip dns/kubelet-resolv.conf resolv-conf "the kubelet's resolvConf is not set in /var/lib/kubelet/config.yaml or kubeadm-flags.env"; fi
  if [ -n "$K8S_OK" ]; then
    run dns/Corefile corefile kubectl --kubeconfig "$KUBECONFIG_USED" --request-timeout="${STEP_TIMEOUT}s" \
      get configmap -n kube-system coredns -o 'jsonpath={.data.Corefile}'
    [ -s "$B/dns/Corefile" ] && return
  fi
  for f in /etc/coredns/Corefile /etc/coredns/coredns.conf; do
    if resolve "$f"; then
      [ -e "$B/dns/Corefile" ] && { rm -f "$B/dns/Corefile"; sed '$d' "$ITEMS" > "$W/items.t" && mv "$W/items.t" "$ITEMS"; }
      copy dns/Corefile corefile "$f"; return
    fi
  done
  [ -e "$B/dns/Corefile" ] || skip dns/Corefile corefile "no coredns ConfigMap (${K8S_WHY:-empty}) and no /etc/coredns/Corefile"
}

# ---------------------------------------------------------------------------------------------
# Go pprof: probe every component, start all CPU profiles at once, fetch the rest meanwhile.

CERT_PAIRS='/etc/kubernetes/pki/apiserver-kubelet-client.crt:/etc/kubernetes/pki/apiserver-kubelet-client.key
/var/lib/rancher/rke2/server/tls/client-admin.crt:/var/lib/rancher/rke2/server/tls/client-admin.key
/var/lib/rancher/k3s/server/tls/client-admin.crt:/var/lib/rancher/k3s/server/tls/client-admin.key'
ETCD_PAIRS='/etc/kubernetes/pki/etcd/healthcheck-client.crt:/etc/kubernetes/pki/etcd/healthcheck-client.key
/var/lib/rancher/rke2/server/tls/etcd/client.crt:/var/lib/rancher/rke2/server/tls/etcd/client.key
/var/lib/rancher/k3s/server/tls/etcd/client.crt:/var/lib/rancher/k3s/server/tls/etcd/client.key'

pick_pair() { # newline list of crt:key -> sets PAIR_CERT PAIR_KEY
  PAIR_CERT=$CERT; PAIR_KEY=$KEY
  [ -n "$PAIR_CERT" ] && return 0
  while IFS= read -r pp; do
    if [ -r "${pp%%:*}" ] && [ -r "${pp#*:}" ]; then PAIR_CERT=${pp%%:*}; PAIR_KEY=${pp#*:}; return 0; fi
  done <<EOF
$1
EOF
  return 0
}

# Components as lines "name via target": via is kubectl (target: raw API path prefix) or http (base URL).
pprof_targets() {
  : > "$W/targets"
  if [ -n "$K8S_OK" ]; then
    echo "kube-apiserver kubectl /debug/pprof" >> "$W/targets"
    echo "kubelet kubectl /api/v1/nodes/$NODE_NAME/proxy/debug/pprof" >> "$W/targets"
  else
    echo "kube-apiserver http https://127.0.0.1:6443/debug/pprof" >> "$W/targets"
    echo "kubelet http https://127.0.0.1:10250/debug/pprof" >> "$W/targets"
  fi
  { echo "kube-scheduler http https://127.0.0.1:10259/debug/pprof"
    echo "kube-controller-manager http https://127.0.0.1:10257/debug/pprof"
    echo "kube-proxy http http://127.0.0.1:10249/debug/pprof"
    echo "etcd http https://127.0.0.1:2379/debug/pprof"
    echo "coredns http http://127.0.0.1:6053/debug/pprof"; } >> "$W/targets"
  runtime_targets
  while IFS= read -r ep; do
    [ -n "$ep" ] || continue
    ep_name=${ep%%=*}; ep_url=${ep#*=}; ep_url=${ep_url%/}
    grep -v "^$ep_name " "$W/targets" > "$W/targets.t"; mv "$W/targets.t" "$W/targets"
    case $ep_url in
      unix://*)
        ep_rest=${ep_url#unix://}; ep_prefix=''
        case $ep_rest in *:/*) ep_prefix=/${ep_rest#*:/}; ep_rest=${ep_rest%%:/*} ;; esac
        ep_prefix=${ep_prefix%/}
        case $ep_prefix in */debug/pprof) ;; *) ep_prefix="$ep_prefix/debug/pprof" ;; esac
        echo "$ep_name unix $ep_rest $ep_prefix" >> "$W/targets" ;;
      *)
        case $ep_url in */debug/pprof) ;; *) ep_url="$ep_url/debug/pprof" ;; esac
        echo "$ep_name http $ep_url" >> "$W/targets" ;;
    esac
  done <<EOF
$ENDPOINTS
EOF
}

# The container runtimes serve pprof on a unix socket: containerd on its [debug] address (from the
# config.toml the running containerd was started with, or the usual places), dockerd on its API
# socket when "debug": true, CRI-O on crio.sock with --enable-profile-unix-socket. A runtime that is
# there but does not serve profiles is recorded with what would enable it.
PROFILING_HINTS=''
hint() { PROFILING_HINTS="$PROFILING_HINTS$1	$2$NL"; }
hint etcd "etcd --enable-pprof=true (then --endpoint etcd=URL of its client or metrics listener)"
hint kube-proxy "kube-proxy --profiling=true (KubeProxyConfiguration enableProfiling: true), or --endpoint kube-proxy=http://HOST:10249"
hint kubelet "KubeletConfiguration enableDebuggingHandlers: true and enableProfilingHandler: true (1.27+)"
hint coredns "add 'pprof 127.0.0.1:6053' to the Corefile, or --endpoint coredns=http://POD-IP:6053"
hint containerd "containerd config.toml [debug] address = \"/run/containerd/debug.sock\", then restart containerd"
hint dockerd "/etc/docker/daemon.json \"debug\": true, then restart dockerd (pprof is then on /var/run/docker.sock)"
hint crio "crio --enable-profile-unix-socket (crio.conf [crio.metrics] enable_profile_unix_socket = true), or crio --profile --profile-port 6060"
hint kube-apiserver "kube-apiserver --profiling=true (the default) and a client allowed the nonResourceURL /debug/pprof"
hint kube-scheduler "kube-scheduler --profiling=true (the default) and a client allowed /debug/pprof"
hint kube-controller-manager "kube-controller-manager --profiling=true (the default) and a client allowed /debug/pprof"
enable_hint() { printf '%s' "$PROFILING_HINTS" | sed -n "s/^$1	//p" | head -n 1; }
# The component's version from node/versions.txt ("containerd 1.6.20~ds1"), when it is there.
component_version() {
  cv_tool=$1; [ "$cv_tool" = dockerd ] && cv_tool=docker
  [ -s "$B/node/versions.txt" ] || return 0
  awk -v t="$cv_tool:" '$1 == t { for (i = 2; i <= NF; i++) if ($i ~ /^v?[0-9]+\.[0-9]+/) { sub(/,$/, "", $i); print $i; exit } }' "$B/node/versions.txt"
}

# containerd's config files: the one the running containerd was started with (-c/--config), then
# the usual places.
containerd_configs() {
  CD_RUNNING=''
  for cc_p in /proc/[0-9]*; do
    cc_comm=''; { read -r cc_comm < "$cc_p/comm"; } 2>/dev/null
    [ "$cc_comm" = containerd ] || continue
    CD_RUNNING=1
    tr '\000' '\n' < "$cc_p/cmdline" 2>/dev/null | awk 'f { print; exit } /^(-c|--config)$/ { f = 1 } /^--config=/ { sub(/^--config=/, ""); print; exit }'
  done
  printf '%s\n' /etc/containerd/config.toml /var/lib/rancher/rke2/agent/etc/containerd/config.toml /var/lib/rancher/k3s/agent/etc/containerd/config.toml
}

# [debug] address = "..." of a containerd config.toml.
containerd_debug_address() {
  awk '/^[ \t]*\[/ { sec = $0; gsub(/[ \t\[\]]/, "", sec); next }
       sec == "debug" && /^[ \t]*address[ \t]*=/ { v = $0; sub(/^[^=]*=[ \t]*"?/, "", v); sub(/".*$/, "", v); if (v != "") { print v; exit } }' "$1" 2>/dev/null
}

runtime_targets() {
  rt_cd=''
  containerd_configs > "$W/containerd-configs"
  while IFS= read -r cf; do
    if [ -z "$cf" ] || [ ! -r "$cf" ]; then continue; fi
    a=$(containerd_debug_address "$cf")
    case $a in unix://*) a=${a#unix://} ;; esac
    if [ -n "$a" ] && [ -S "$a" ]; then rt_cd=$a; log "pprof: containerd's [debug] address $a (from $cf)"; break; fi
    [ -n "$a" ] && log "pprof: containerd's [debug] address $a in $cf is not a socket"
  done < "$W/containerd-configs"
  if [ -n "$rt_cd" ]; then echo "containerd unix $rt_cd /debug/pprof" >> "$W/targets"
  elif [ -n "$CD_RUNNING" ] || [ -S /run/containerd/containerd.sock ]; then
    echo "containerd off no-debug-address" >> "$W/targets"
  fi
  [ -S /var/run/docker.sock ] && echo "dockerd unix /var/run/docker.sock /debug/pprof" >> "$W/targets"
  [ -S /var/run/crio/crio.sock ] && echo "crio unix /var/run/crio/crio.sock /debug/pprof" >> "$W/targets"
  return 0
}

# fetch over a unix socket: curl --unix-socket, else a raw HTTP/1.0 request through nc -U or socat.
# f_target is "SOCKET PREFIX".
fetch_unix() {
  fu_sock=${f_target%% *}; fu_path="${f_target#* }/$f_suffix"
  F_CMD="GET unix://$fu_sock:$fu_path"
  F_CODE=000
  if [ ! -S "$fu_sock" ]; then echo "$fu_sock is not a socket" > "$f_out.err"; L_RC=1; L_TO=false; L_MS=0; return; fi
  if have curl && curl --help all 2>/dev/null | grep -q -e '--unix-socket'; then
    limited $((f_lim + 3)) curl -sS --unix-socket "$fu_sock" --connect-timeout 3 --max-time "$f_lim" -o "$f_out" -w '%{http_code}' \
      "http://localhost$fu_path" > "$f_out.code" 2> "$f_out.err"
    F_CODE=$(cat "$f_out.code" 2>/dev/null); rm -f "$f_out.code"
  else
    if have socat; then set -- socat -t "$f_lim" - "UNIX-CONNECT:$fu_sock"
    elif have nc && nc -h 2>&1 | grep -q -e '-U'; then set -- nc -U "$fu_sock"
    else echo "curl without --unix-socket, and no socat or nc -U: cannot reach a unix socket (wget cannot)" > "$f_out.err"; L_RC=127; L_TO=false; L_MS=0; return; fi
    printf 'GET %s HTTP/1.0\r\nHost: localhost\r\n\r\n' "$fu_path" > "$W/unix-req"
    # shellcheck disable=SC2016  # expanded by the inner sh
    limited $((f_lim + 3)) sh -c '"$@" < "$0"' "$W/unix-req" "$@" > "$f_out.raw" 2> "$f_out.err"
    F_CODE=$(head -n 1 "$f_out.raw" | sed -n 's/^HTTP\/[0-9.]* \([0-9][0-9][0-9]\).*/\1/p')
    fu_hdr=$(awk '{ n += length($0) + 1 } /^\r?$/ { print n; exit }' "$f_out.raw")
    if is_count "$fu_hdr"; then tail -c +"$((fu_hdr + 1))" "$f_out.raw" > "$f_out"; fi
    rm -f "$f_out.raw"
  fi
  [ -n "$F_CODE" ] || F_CODE=000
}

# fetch NAME VIA TARGET SUFFIX OUT LIMIT : sets F_CODE (HTTP status or kubectl exit), L_RC, L_TO, L_MS.
fetch() {
  f_name=$1; f_via=$2; f_target=$3; f_suffix=$4; f_out=$5; f_lim=$6
  F_CODE=''
  if [ "$f_via" = kubectl ]; then
    limited "$f_lim" kubectl --kubeconfig "$KUBECONFIG_USED" --request-timeout="${f_lim}s" get --raw "$f_target/$f_suffix" \
      > "$f_out" 2> "$f_out.err"
    F_CMD="kubectl get --raw $f_target/$f_suffix"
    if [ "$L_RC" = 0 ]; then F_CODE=200
    elif grep -q 'NotFound\|(404)\|not found' "$f_out.err"; then F_CODE=404
    elif grep -q 'Forbidden\|Unauthorized\|(403)\|(401)' "$f_out.err"; then F_CODE=403
    else F_CODE=000; fi
    return
  fi
  if [ "$f_via" = unix ]; then fetch_unix "$@"; return; fi
  F_CMD="GET $f_target/$f_suffix"
  if have curl; then
    set -- curl -sS -g --connect-timeout 3 --max-time "$f_lim" -o "$f_out" -w '%{http_code}'
    case $f_target in
      https://*)
        if [ -n "$CACERT" ]; then set -- "$@" --cacert "$CACERT"; else set -- "$@" -k; fi
        if [ "$f_name" = etcd ]; then pick_pair "$ETCD_PAIRS"; else pick_pair "$CERT_PAIRS"; fi
        [ -n "$PAIR_CERT" ] && set -- "$@" --cert "$PAIR_CERT" --key "$PAIR_KEY"
        [ -n "$PAIR_CERT" ] && F_CMD="$F_CMD (client certificate $PAIR_CERT)"
        ;;
    esac
    limited $((f_lim + 3)) "$@" "$f_target/$f_suffix" > "$f_out.code" 2> "$f_out.err"
    F_CODE=$(cat "$f_out.code" 2>/dev/null); rm -f "$f_out.code"
  elif have wget; then
    case $f_target in https://*) F_CODE=000; echo "curl is not installed; wget cannot present client certificates" > "$f_out.err"; L_RC=1; L_TO=false; L_MS=0; return ;; esac
    limited $((f_lim + 3)) wget -q -S -T "$f_lim" -O "$f_out" "$f_target/$f_suffix" > /dev/null 2> "$f_out.err"
    F_CODE=$(sed -n 's/.*HTTP\/[0-9.]* \([0-9][0-9][0-9]\).*/\1/p' "$f_out.err" | tail -n 1)
    [ "$L_RC" = 0 ] && [ -z "$F_CODE" ] && F_CODE=200
  else
    F_CODE=000; echo "neither curl nor wget is installed" > "$f_out.err"; L_RC=127; L_TO=false; L_MS=0
  fi
  [ -n "$F_CODE" ] || F_CODE=000
}

status_of() {
  case $1 in
    200) STATUS='' ;;
    404) STATUS='profiling disabled' ;;
    401|403) STATUS='unauthorised' ;;
    000) STATUS='' ;;
    *) STATUS="HTTP $1" ;;
  esac
}

# pprof_item COMPONENT FILE KIND VIA TARGET SUFFIX LIMIT
pprof_item() {
  pi_path="pprof/$1/$2"
  gate "$pi_path" "$3" || return
  pi_lim=$7; pi_rem=$(( (STOP_AT - NOW) / 1000 ))
  [ "$pi_lim" -le "$pi_rem" ] || pi_lim=$pi_rem
  mkdir -p "$B/pprof/$1"
  fetch "$1" "$4" "$5" "$6" "$B/$pi_path" "$pi_lim"
  status_of "$F_CODE"
  pi_skip=''
  if [ "$F_CODE" != 200 ]; then
    pi_skip="not collected: ${STATUS:-$(first_err_line "$B/$pi_path.err")}"
    [ -s "$B/$pi_path" ] && cat "$B/$pi_path" >> "$B/$pi_path.err"
    rm -f "$B/$pi_path"
  fi
  keep_stderr "$pi_path" "$B/$pi_path.err"
  rec "$pi_path" "$3" "$F_CMD" '' "$L_RC" "$L_TO" "$L_MS" '' false "$ERRPATH" "$pi_skip" "$STATUS"
}

collect_pprof_start() {
  PPROF_READY=''
  if [ -n "$ROOT" ]; then skip pprof pprof "--root: profiles come from running processes"; return; fi
  if [ "$NO_PROFILES" = 1 ]; then skip pprof pprof "--no-profiles"; return; fi
  pprof_targets
  log "pprof: probing $(awk '{printf "%s ", $1}' "$W/targets")"
  while read -r name via target; do
    tick; [ "$NOW" -lt "$STOP_AT" ] || { skip "pprof/$name" pprof "deadline reached (--deadline $DEADLINE)"; continue; }
    mkdir -p "$W/probe"
    if [ "$via" = off ]; then
      F_CODE=404; F_CMD="containerd config.toml: no [debug] address"; L_RC=''; L_TO=false; L_MS=0
    else
      fetch "$name" "$via" "$target" '' "$W/probe/$name" 5
    fi
    status_of "$F_CODE"
    if [ "$F_CODE" = 200 ]; then
      PPROF_READY="$PPROF_READY$name $via $target$NL"
      log "pprof: $name answers at $target"
    else
      why=$STATUS
      [ -n "$why" ] || why="not reachable: $(first_err_line "$W/probe/$name.err")"
      [ "$why" = "not reachable: " ] && why="not reachable"
      if [ "$STATUS" = 'profiling disabled' ]; then
        eh=$(enable_hint "$name"); ev=$(component_version "$name")
        [ -n "$eh" ] && why="$why; to enable${ev:+ ($name $ev)}: $eh"
      fi
      for f in cpu.pb.gz:pprof heap.pb.gz:pprof goroutine.pb.gz:pprof goroutine-debug1.txt:goroutine-dump goroutine-debug2.txt:goroutine-dump; do
        rec "pprof/$name/${f%%:*}" "${f#*:}" "$F_CMD" '' "$L_RC" "$L_TO" "$L_MS" '' false '' "$why" "$STATUS"
      done
      log "pprof: $name $why"
    fi
  done < "$W/targets"
  [ -n "$PPROF_READY" ] || return
  tick
  secs=$(( (STOP_AT - NOW) / 1000 - 5 ))
  [ "$secs" -le "$PROFILE_SECONDS" ] || secs=$PROFILE_SECONDS
  while read -r name via target; do
    [ -n "$name" ] || continue
    if [ "$secs" -lt 1 ]; then skip "pprof/$name/cpu.pb.gz" pprof "deadline too close for a CPU profile"; continue; fi
    ( pprof_item "$name" cpu.pb.gz pprof "$via" "$target" "profile?seconds=$secs" $((secs + STEP_TIMEOUT)) ) &
    BG_PIDS="$BG_PIDS $!"
  done <<EOF
$PPROF_READY
EOF
  [ "$secs" -ge 1 ] && log "pprof: ${secs}s CPU profiles running in the background"
  while read -r name via target; do
    [ -n "$name" ] || continue
    pprof_item "$name" heap.pb.gz pprof "$via" "$target" heap "$STEP_TIMEOUT"
    pprof_item "$name" goroutine.pb.gz pprof "$via" "$target" goroutine "$STEP_TIMEOUT"
    pprof_item "$name" goroutine-debug1.txt goroutine-dump "$via" "$target" 'goroutine?debug=1' "$STEP_TIMEOUT"
    pprof_item "$name" goroutine-debug2.txt goroutine-dump "$via" "$target" 'goroutine?debug=2' "$STEP_TIMEOUT"
  done <<EOF
$PPROF_READY
EOF
}

wait_background() {
  for p in $BG_PIDS; do wait "$p" 2>/dev/null; done
  BG_PIDS=''
}

# ---------------------------------------------------------------------------------------------
# Redaction: an awk pass counts matches per file and rule; files with any are rewritten.

write_redact_awk() {
  cat > "$W/redact.awk" <<'AWK'
# mode=count: prints "path<TAB>rule<TAB>count" per file with redactions.
# mode=write: rewrites each listed file to path.nsredact.
# Files are listed one per line in the file named by `list`; `label`, when set, names them in reports.
function boundary_ok(s, start) {
  if (start <= 1 || substr(s, start, 1) !~ /[A-Za-z0-9_]/) return 1
  return substr(s, start - 1, 1) !~ /[A-Za-z0-9_]/
}
function exempt_flag(prefix, value) {
  if (value == "true" || value == "false") return 1
  if (substr(value, 1, 1) == "-") return 1
  if (value ~ /^\/.*\.(key|pem|crt|cert|json|yaml|yml|conf|csv|kubeconfig)$/) return 1
  return prefix ~ /-(file|files|dir|path|ttl|usage|webhook|algorithm|algorithms|lookup)[= \t]*$/
}
# Replaces the VALUE part of every PREFIX VALUE match with REDACTED.
function rk(s, pre, val, rule, minlen, isflag,    out, m, plen, v) {
  out = ""
  while (match(s, pre val)) {
    m = substr(s, RSTART, RLENGTH)
    match(m, "^" pre); plen = RLENGTH
    v = substr(m, plen + 1)
    match(s, pre val)
    if (v == "REDACTED" || substr(v, 1, 5) == "-----" || length(v) < minlen || !boundary_ok(s, RSTART) || (isflag == 1 && exempt_flag(substr(m, 1, plen), v)) || (isflag == 2 && exempt_key(substr(m, 1, plen))) || (isflag == 4 && v ~ /^[a-z]+$/)) {
      out = out substr(s, 1, RSTART + RLENGTH - 1)
    } else {
      out = out substr(s, 1, RSTART - 1) substr(m, 1, plen) "REDACTED"
      cnt[rule]++
    }
    s = substr(s, RSTART + RLENGTH)
  }
  return out s
}
# Secret-looking keys whose values are names or paths, not secrets (secretName: x, tokenFile: /p).
function exempt_key(prefix) {
  return tolower(prefix) ~ /(name|names|ref|file|path|dir|namespace|type|kind|id)"?[ \t]*[:=][ \t]*"?$/
}
# url-password: scheme://user:PASSWORD@host
function url_password(s,    out, m, c) {
  out = ""
  while (match(s, /[A-Za-z][A-Za-z0-9+.-]*:\/\/[^\/ \t:@"']*:[^@\/ \t"']+@/)) {
    m = substr(s, RSTART, RLENGTH)
    c = index(substr(m, index(m, "://") + 3), ":") + index(m, "://") + 2
    if (substr(m, c + 1, RLENGTH - c - 1) == "REDACTED") { out = out substr(s, 1, RSTART + RLENGTH - 1) }
    else { out = out substr(s, 1, RSTART - 1) substr(m, 1, c) "REDACTED@"; cnt["url-password"]++ }
    s = substr(s, RSTART + RLENGTH)
  }
  return out s
}
# Whole-value patterns (JWTs, bootstrap tokens, vendor tokens): the match itself is the secret.
function whole(s, re, rule, strict,    out, n) {
  out = ""
  while (match(s, re)) {
    if (substr(s, RSTART, RLENGTH) == "REDACTED" || !boundary_ok(s, RSTART) || (strict && substr(s, RSTART + RLENGTH, 1) ~ /[A-Za-z0-9.]/)) { out = out substr(s, 1, RSTART + RLENGTH - 1) }
    else { out = out substr(s, 1, RSTART - 1) "REDACTED"; cnt[rule]++ }
    s = substr(s, RSTART + RLENGTH)
  }
  return out s
}
function redact_line(l,    lc, n, i, y) {
  if (inkey) {
    if (l ~ /-----END [A-Z0-9 ]*PRIVATE KEY[A-Z ]*-----/) { inkey = 0; return l }
    sub(/[^ \t].*/, "REDACTED", l)
    return l
  }
  if (nextflag) {
    nextflag = 0
    if (l !~ /^-/ && l != "" && l != "REDACTED") { cnt["cli-flag"]++; return "REDACTED" }
    # A YAML list: "- --basic-auth-password" then "- VALUE".
    if (l ~ /^[ \t]*-[ \t]+"?[^-" \t]/) { y = l; sub(/-[ \t]+.*/, "", y); cnt["cli-flag"]++; return y "- REDACTED" }
  }
  if (envnext > 0) {
    envnext--
    if (l ~ /"?value"?[ \t]*:/) { l = rk(l, "\"?value\"?[ \t]*:[ \t]*\"?", "[^\" \t,}]+", "env-secret", 1, 0); envnext = 0 }
  }
  if (l ~ /-----BEGIN [A-Z0-9 ]*PRIVATE KEY[A-Z ]*-----/) {
    if (l ~ /-----BEGIN [A-Z0-9 ]*PRIVATE KEY[A-Z ]*-----.*-----END [A-Z0-9 ]*PRIVATE KEY[A-Z ]*-----/) {
      n = gsub(/-----BEGIN [A-Z0-9 ]*PRIVATE KEY[A-Z ]*-----.*-----END [A-Z0-9 ]*PRIVATE KEY[A-Z ]*-----/, "-----BEGIN PRIVATE KEY-----REDACTED-----END PRIVATE KEY-----", l)
      cnt["private-key"] += n
    } else {
      inkey = 1; cnt["private-key"]++
      return l
    }
  }
  lc = tolower(l)
  if (index(lc, "bearer"))
    l = rk(l, "[Bb][Ee][Aa][Rr][Ee][Rr][ \t]+", "[A-Za-z0-9._~+/=-]+", "bearer-token", 8, 0)
  if (index(lc, "basic"))
    l = rk(l, "[Bb][Aa][Ss][Ii][Cc][ \t]+", "[A-Za-z0-9+/=]+", "basic-auth", 8, 4)
  if (index(l, "://") && index(l, "@")) l = url_password(l)
  if (index(lc, "cookie"))
    l = rk(l, "[Cc][Oo][Oo][Kk][Ii][Ee]\"?[ \t]*:[ \t]*\"?", "[^\"]+", "header-secret", 1, 0)
  if (index(lc, "x-")) {
    l = rk(l, "[Xx]-[A-Za-z-]*([Tt][Oo][Kk][Ee][Nn]|[Kk][Ee][Yy]|[Ss][Ee][Cc][Rr][Ee][Tt])\"?([ \t]*:[ \t]*|[ \t]+)\"?", "[^ \t\"';,]+", "header-secret", 1, 0)
  }
  if (index(lc, "auth") || index(lc, "identitytoken"))
    l = rk(l, "\"?([Aa][Uu][Tt][Hh]|[Ii][Dd][Ee][Nn][Tt][Ii][Tt][Yy][Tt][Oo][Kk][Ee][Nn]|[Rr][Ee][Gg][Ii][Ss][Tt][Rr][Yy][Tt][Oo][Kk][Ee][Nn])\"?[ \t]*[:=][ \t]*\"?", "[^\" \t,}]+", "registry-auth", 8, 0)
  if (index(lc, "token") || index(lc, "pass") || index(lc, "pwd") || index(lc, "secret") || index(lc, "key")) {
    l = rk(l, "--[A-Za-z0-9-]*([Tt][Oo][Kk][Ee][Nn]|[Pp][Aa][Ss][Ss][Ww][Oo]?[Rr][Dd]|[Ss][Ee][Cc][Rr][Ee][Tt]|[Kk][Ee][Yy])[A-Za-z0-9-]*(=|[ \t]+)", "[^ \t\"',]+", "cli-flag", 1, 1)
    y = l; sub(/^[ \t]*-[ \t]+"?/, "", y); sub(/"[ \t]*$/, "", y)
    if (y ~ /^--[A-Za-z0-9-]*([Tt][Oo][Kk][Ee][Nn]|[Pp][Aa][Ss][Ss][Ww][Oo]?[Rr][Dd]|[Ss][Ee][Cc][Rr][Ee][Tt]|[Kk][Ee][Yy])[A-Za-z0-9-]*$/ && y !~ /-(file|files|dir|path)$/)
      nextflag = 1
    l = rk(l, "client-key-data\"?[ \t]*[:=][ \t]*\"?", "[A-Za-z0-9+/=]+", "kubeconfig-credential", 1, 0)
    l = rk(l, "\"?[a-z-]*token\"?[ \t]*:[ \t]*\"?", "[^\" \t,}]+", "kubeconfig-credential", 1, 0)
    l = rk(l, "\"?[A-Za-z0-9_.-]*([Pp][Aa][Ss][Ss][Ww][Oo][Rr][Dd]|[Pp][Aa][Ss][Ss][Ww][Dd])\"?[ \t]*[:=][ \t]*\"?", "[^\" \t,}&;]+", "password", 1, 0)
    l = rk(l, "\"?([Pp][Ww][Dd]|[Pp][Aa][Ss][Ss])\"?[ \t]*[:=][ \t]*\"?", "[^/\" \t,}&;][^\" \t,}&;]*", "password", 1, 0)
    l = rk(l, "\"?[A-Z0-9_]*(TOKEN|SECRET|_KEY|APIKEY|PASSWORD|_PASS|_PASSWD|_PWD|CREDENTIALS)[A-Z0-9_]*\"?[ \t]*[:=][ \t]*\"?", "[^\" \t,}&;]+", "env-secret", 1, 0)
    l = rk(l, "\"?[A-Za-z0-9_.-]*([Ss][Ee][Cc][Rr][Ee][Tt]|[Aa][Pp][Ii][_-]?[Kk][Ee][Yy]|[Aa][Cc][Cc][Ee][Ss][Ss][_-]?[Kk][Ee][Yy]|[Pp][Rr][Ii][Vv][Aa][Tt][Ee][_-]?[Kk][Ee][Yy]|[Tt][Oo][Kk][Ee][Nn])[A-Za-z0-9_.-]*\"?[ \t]*[:=][ \t]*\"?", "[^\" \t,}&;]+", "secret-key", 1, 2)
    l = rk(l, "[A-Za-z0-9_-]*\\.key\"?[ \t]*:[ \t]*\"?", "[A-Za-z0-9+/=]+", "key-data", 16, 0)
    if (l ~ /"?name"?[ \t]*:[ \t]*"?[A-Za-z0-9_]*([Pp][Aa][Ss][Ss]|TOKEN|SECRET|_KEY|APIKEY|[Tt]oken|[Ss]ecret|_PWD)[A-Za-z0-9_]*"?/) {
      envnext = 2
      if (l ~ /"?value"?[ \t]*:/) { l = rk(l, "\"?value\"?[ \t]*:[ \t]*\"?", "[^\" \t,}]+", "env-secret", 1, 0); envnext = 0 }
    }
  }
  if (index(l, "=") && (index(l, "?") || index(l, "&")))
    l = rk(l, "[?&]([Aa]ccess_token|[Cc]lient_secret|[Tt]oken|[Aa]pi_?[Kk]ey|[Pp]assword|[Ss]ig|[Ss]ignature|X-Amz-Signature|X-Amz-Credential)=", "[^&# \t\"']+", "query-secret", 1, 0)
  if (index(l, "-u ") || index(l, "--user "))
    l = rk(l, "(-u|--user)[ \t]+[^ \t:\"']+:", "[^ \t\"']+", "user-password", 1, 0)
  if (index(l, "eyJ")) l = whole(l, "eyJ[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+", "jwt")
  if (l ~ /[a-z0-9][a-z0-9][a-z0-9][a-z0-9][a-z0-9][a-z0-9]\.[a-z0-9]/)
    l = whole(l, "[a-z0-9][a-z0-9][a-z0-9][a-z0-9][a-z0-9][a-z0-9]\\.[a-z0-9][a-z0-9][a-z0-9][a-z0-9][a-z0-9][a-z0-9][a-z0-9][a-z0-9][a-z0-9][a-z0-9][a-z0-9][a-z0-9][a-z0-9][a-z0-9][a-z0-9][a-z0-9]", "bootstrap-token", 1)
  if (l ~ /gh[pousr]_|github_pat_|glpat-|xox[abprs]-|AKIA|sk_live_/)
    l = whole(l, "(gh[pousr]_[A-Za-z0-9]+|github_pat_[A-Za-z0-9_]+|glpat-[A-Za-z0-9_-]+|xox[abprs]-[A-Za-z0-9-]+|AKIA[0-9A-Z]+|sk_live_[A-Za-z0-9]+)", "vendor-token")
  for (i = 1; i <= npat; i++) {
    n = gsub(pat[i], "REDACTED", l)
    if (n > 0) cnt["redact-pattern-" i] += n
  }
  return l
}
function finish_file(name,    r) {
  for (r in cnt) if (cnt[r] > 0) printf "%s\t%s\t%d\n", name, r, cnt[r] >> report
  split("", cnt)
}
BEGIN {
  npat = 0
  if (patterns != "") while ((getline p < patterns) > 0) if (p != "") pat[++npat] = p
  while ((getline path < list) > 0) {
    inkey = 0; nextflag = 0; envnext = 0
    src = path; name = path
    if (label != "") name = label
    else if (prefix != "" && index(path, prefix) == 1) name = substr(path, length(prefix) + 1)
    if (mode == "write") out = path ".nsredact"
    while ((getline line < src) > 0) {
      line = redact_line(line)
      if (mode == "write") print line > out
    }
    close(src)
    if (mode == "write") close(out)
    finish_file(name)
  }
}
AWK
}

redact() {
  phase "redacting secrets"
  write_redact_awk
  printf '%s' "$REDACT_PATTERNS" > "$W/patterns"
  : > "$W/redactions.tsv"
  find "$B" -type f ! -name '*.pb.gz' ! -path "$B/proc/[0-9]*/cmdline" ! -path "$B/proc/[0-9]*/environ" > "$W/text-files"
  printf '%s\n' "$ITEMS" >> "$W/text-files"
  awk -v mode=count -v list="$W/text-files" -v patterns="$W/patterns" -v prefix="$B/" \
    -v report="$W/redactions.tsv" -f "$W/redact.awk" 2> "$W/redact-err" || log "redaction count pass: $(first_err_line "$W/redact-err")"
  cut -f1 "$W/redactions.tsv" | sort -u > "$W/to-rewrite.rel"
  : > "$W/to-rewrite"
  while IFS= read -r rel; do
    case $rel in /*) printf '%s\n' "$rel" ;; *) printf '%s\n' "$B/$rel" ;; esac
  done < "$W/to-rewrite.rel" >> "$W/to-rewrite"
  if [ -s "$W/to-rewrite" ]; then
    awk -v mode=write -v list="$W/to-rewrite" -v patterns="$W/patterns" -v prefix="$B/" -v report=/dev/null -f "$W/redact.awk"
    while IFS= read -r f; do mv "$f.nsredact" "$f"; done < "$W/to-rewrite"
  fi
  # Command lines and environments are NUL-separated: one argument per line while redacting.
  find "$B/proc" -type f \( -name cmdline -o -name environ \) -exec grep -l -a -i -E \
    'token|pass|pwd|secret|key|bearer|basic|auth|cookie|@|eyJ|gh[pousr]_|github_pat|glpat|xox|AKIA|sk_live|-u|--user|[?&]|[a-z0-9]{6}[.][a-z0-9]{16}' {} + 2>/dev/null > "$W/cmdlines"
  printf '%s\n' "$W/cmdline.txt" > "$W/cmdline-list"
  while IFS= read -r f; do
    tr '\000' '\n' < "$f" > "$W/cmdline.txt"
    awk -v mode=write -v list="$W/cmdline-list" -v label="${f#"$B"/}" -v patterns="$W/patterns" \
      -v report="$W/redactions.tsv" -f "$W/redact.awk" && tr '\n' '\000' < "$W/cmdline.txt.nsredact" > "$f"
  done < "$W/cmdlines"
  # The items list becomes the manifest: its redactions are reported under manifest.json.
  sed "s|^$ITEMS$TAB|manifest.json$TAB|" "$W/redactions.tsv" > "$W/redactions.t" && mv "$W/redactions.t" "$W/redactions.tsv"
  red_total=$(awk -F '\t' '{ n += $3 } END { print n + 0 }' "$W/redactions.tsv")
  log "redacted $red_total secrets in $(cut -f1 "$W/redactions.tsv" | sort -u | wc -l | tr -d ' ') files"
}

# ---------------------------------------------------------------------------------------------
# Manifest

meta() { clean_field "$4"; printf '%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "$CF" >> "$W/meta.tsv"; }

write_manifest_awk() {
  cat > "$W/manifest.awk" <<'AWK'
function esc(s,    out, i, c, n) {
  if (s !~ /["\\]/ && s !~ ctl) return "\"" s "\""
  out = ""; n = length(s)
  for (i = 1; i <= n; i++) {
    c = substr(s, i, 1)
    if (c == "\"") out = out "\\\""
    else if (c == "\\") out = out "\\\\"
    else if (c == "\t") out = out "\\t"
    else if (c == "\n") out = out "\\n"
    else if (c == "\r") out = out "\\r"
    else if (c in ord && ord[c] < 32) out = out sprintf("\\u%04x", ord[c])
    else out = out c
  }
  return "\"" out "\""
}
function unescape(s,    out, i, c) {
  out = ""
  for (i = 1; i <= length(s); i++) {
    c = substr(s, i, 1)
    if (c == "\\" && i < length(s)) { i++; c = substr(s, i, 1); if (c == "n") c = "\n"; else if (c == "r") c = "\r" }
    out = out c
  }
  return out
}
function sval(v) { return v == "" ? "null" : esc(v) }
# Integers are copied as text: awk's numbers are doubles printed with %.6g (4.29497e+09).
function num(v) {
  if (v ~ /^-?[0-9]+$/) { sub(/^0+/, "", v); sub(/^-0+/, "-", v); return (v == "" || v == "-") ? "0" : v }
  return v + 0
}
function nval(v) { return v == "" ? "null" : num(v) }
function bval(v) { return v == "true" ? "true" : "false" }
function value(type, v) {
  if (type == "n") return nval(v)
  if (type == "b") return v == "" ? "null" : bval(v)
  if (type == "z") return "null"
  return sval(v)
}
BEGIN {
  FS = "\t"
  ctl = "["; for (i = 1; i < 32; i++) { c = sprintf("%c", i); ord[c] = i; ctl = ctl c }; ctl = ctl "]"
  while ((getline l < sums) > 0) {
    # GNU sha256sum marks a name holding a backslash or newline with a leading "\" and escapes it.
    esc_name = substr(l, 1, 1) == "\\"
    if (esc_name) l = substr(l, 2)
    h = substr(l, 1, 64); p = substr(l, 67); sub(/^\.\//, "", p)
    if (esc_name) p = unescape(p)
    sha[p] = h
  }
  while ((getline l < sizes) > 0) {
    sub(/^ +/, "", l); sp = index(l, " "); p = substr(l, sp + 1); sub(/^\.\//, "", p); size[p] = substr(l, 1, sp - 1)
  }
  while ((getline l < metaf) > 0) {
    split(l, f, "\t")
    sec = f[1]; key = f[2]
    if (f[3] == "A") { order[sec] = order[sec] "\t" key; arr[sec, key] = ""; atype[sec, key] = 1; continue }
    if (f[3] == "a") { arr[sec, key] = arr[sec, key] (arr[sec, key] == "" ? "" : ",") esc(f[4]); continue }
    order[sec] = order[sec] "\t" key
    mv[sec, key] = value(f[3], f[4])
  }
}
function object(sec,    keys, n, i, out, k, sep) {
  n = split(substr(order[sec], 2), keys, "\t"); out = "{"; sep = ""
  for (i = 1; i <= n; i++) {
    k = keys[i]
    if (seen[sec, k]++) continue
    out = out sep esc(k) ":" (((sec, k) in atype) ? "[" arr[sec, k] "]" : mv[sec, k]); sep = ","
  }
  return out "}"
}
END {
  printf "{\n\"format\":\"nodescope-bundle\",\n\"formatVersion\":%d,\n", fv
  printf "\"collector\":%s,\n", object("collector")
  printf "\"node\":%s,\n", object("node")
  c = object("collection"); sub(/}$/, "", c)
  printf "\"collection\":%s,\"options\":%s},\n", c, object("options")
  printf "\"items\":[\n"
  n = 0
  while ((getline l < items) > 0) {
    split(l, f, "\t")
    p = f[1]
    if (f[11] == "" && !(p in sha) && p != "manifest.json") { f[11] = "missing from the bundle: the step wrote nothing" }
    printf "%s{\"path\":%s,\"kind\":%s,\"command\":%s,\"source\":%s,\"exitCode\":%s,\"timedOut\":%s,\"durationMs\":%s,\"bytes\":%s,\"originalBytes\":%s,\"truncated\":%s,\"sha256\":%s,\"stderrPath\":%s,\"skipped\":%s,\"status\":%s}",
      (n++ ? ",\n" : ""), esc(p), esc(f[2]), sval(f[3]), sval(f[4]), nval(f[5]), bval(f[6]), nval(f[7]),
      (f[11] == "" && (p in size)) ? num(size[p]) : "null", nval(f[8]), bval(f[9]),
      (f[11] == "" && (p in sha)) ? esc(sha[p]) : "null", sval(f[10]), sval(f[11]), sval(f[12])
  }
  printf "\n],\n\"redactions\":["
  n = 0
  while ((getline l < redactions) > 0) {
    split(l, f, "\t")
    printf "%s{\"path\":%s,\"rule\":%s,\"count\":%s}", (n++ ? ",\n" : "\n"), esc(f[1]), esc(f[2]), num(f[3])
  }
  printf "\n]\n}\n"
}
AWK
}

write_manifest() {
  phase "writing manifest.json"
  tick; ENDED_AT=$(date -u +%Y-%m-%dT%H:%M:%SZ)
  rec collector.log collector-log '' '' '' '' '' '' '' '' '' ''
  rec manifest.json manifest '' '' '' '' '' '' '' '' '' ''
  : > "$W/meta.tsv"
  meta collector name s nodescope-collect.sh
  meta collector version s "$NS_VERSION"
  meta collector scriptSha256 s "$SCRIPT_SHA"
  meta node hostname s "$HOST"
  meta node kernel s "$FACT_KERNEL"
  meta node os s "$FACT_OS"
  meta node kubeletVersion s "$FACT_KUBELET"
  meta node containerRuntime s "$FACT_RUNTIME"
  meta node cgroupVersion n "$FACT_CGROUP"
  meta node timezone s "$FACT_TZ"
  meta node clockSynced b "$FACT_SYNCED"
  meta collection startedAt s "$STARTED_AT"
  meta collection endedAt s "$ENDED_AT"
  meta collection user s "$USER_NAME"
  meta collection root s "$ROOT"
  meta collection deadlineReached b "$([ -n "$DEADLINE_HIT" ] && echo true || echo false)"
  meta options output s "$OUTPUT"
  meta options since s "$SINCE"
  meta options deadline n "$DEADLINE"
  meta options stepTimeout n "$STEP_TIMEOUT"
  meta options maxLogBytes n "$MAX_LOG_BYTES"
  meta options maxTotalLogBytes n "$MAX_TOTAL_LOG_BYTES"
  meta options profileSeconds n "$PROFILE_SECONDS"
  meta options sampleSeconds n "$SAMPLE_SECONDS"
  meta options noProfiles b "$([ "$NO_PROFILES" = 1 ] && echo true || echo false)"
  meta options endpoints A ''
  while IFS= read -r ep; do [ -n "$ep" ] && meta options endpoints a "$ep"; done <<EOF
$ENDPOINTS
EOF
  meta options kubeconfig s "${KUBECONFIG_OPT:-$KUBECONFIG_USED}"
  meta options cert s "$CERT"
  meta options key s "$KEY"
  meta options cacert s "$CACERT"
  meta options root s "$ROOT"
  # The patterns themselves may spell a secret: only their number is recorded.
  meta options redactPatterns n "$(printf '%s' "$REDACT_PATTERNS" | grep -c .)"
  meta options maxProcesses n "$MAX_PROCESSES"
  meta options minFreeMb n "$MIN_FREE_MB"
  log "collection ended $ENDED_AT; $(wc -l < "$ITEMS" | tr -d ' ') items"
  # Hash everything but the manifest; collector.log is final from here on.
  (cd "$B" && find . -type f ! -path ./manifest.json -exec sha256sum {} + > "$W/sums" 2>/dev/null
   find . -type f ! -path ./manifest.json -exec wc -c {} + 2>/dev/null | grep -v ' total$' > "$W/sizes")
  write_manifest_awk
  awk -v sums="$W/sums" -v sizes="$W/sizes" -v metaf="$W/meta.tsv" -v items="$ITEMS" -v redactions="$W/redactions.tsv" \
    -v fv="$NS_FORMAT_VERSION" -f "$W/manifest.awk" < /dev/null > "$B/manifest.json"
}

pack() {
  set -- "$NAME/manifest.json"
  for e in "$B"/*; do
    [ "$e" = "$B/manifest.json" ] || set -- "$@" "$NAME/${e##*/}"
  done
  rm -f "$TARBALL.part"
  echo 2 > "$W/tar-rc"
  (cd "$STAGE" && { tar -cf - "$@" 2> "$W/tar-err"; echo $? > "$W/tar-rc"; } | gzip -6 > "$TARBALL.part") 2>> "$W/tar-err"
  read -r tar_rc < "$W/tar-rc" || tar_rc=2
  if [ "$tar_rc" -gt 1 ] || ! gzip -t "$TARBALL.part" 2>/dev/null; then
    disk_state
    tar_err=$(sed -n '/./{p;q;}' "$W/tar-err" 2>/dev/null)
    rm -f "$TARBALL.part"
    rm -rf "$STAGE"
    die "could not write the tarball to $OUTPUT ($DF_DEV mounted on $DF_MOUNT, ${DF_AVAIL_KB:-?} KB free): ${tar_err:-tar failed}. No bundle was written."
  fi
  mv "$TARBALL.part" "$TARBALL"
}

# ---------------------------------------------------------------------------------------------
# The end summary: what was not collected, grouped by cause, each with what would get it.

write_summary_awk() {
  cat > "$W/summary.awk" <<'AWK'
# Input: items.tsv. Prints one line per cause: count, cause, examples, and the fix.
# Examples: the first three distinct ones (components for profiles, paths otherwise).
function add(key, fix, p,    e) {
  if (!(key in n)) { order[++k] = key; ex[key] = "" }
  n[key]++
  if (index(fixes[key], fix) == 0) fixes[key] = fixes[key] (fixes[key] == "" ? "" : "\n        -> ") fix
  e = p; if (p ~ /^pprof\//) { e = p; sub(/^pprof\//, "", e); sub(/\/.*/, "", e) }
  if ((key SUBSEP e) in seen) { shown[key] += 0; return }
  seen[key, e] = 1
  if (shown[key] < 3) { ex[key] = ex[key] (shown[key] > 0 ? ", " : "") e; shown[key]++ }
  else more[key] = 1
}
BEGIN { FS = "\t" }
{
  p = $1; why = $11; st = $12
  if (why == "") next
  c = p; sub(/^pprof\//, "", c); sub(/\/.*/, "", c)
  if (st == "refused") add("refused: leads outside --root (links or config paths of the tree)", "none: the tree is hostile or damaged; each path is in collector.log", p)
  else if (why ~ /^--root: /) add("--root: live-machine commands and profiles", "expected for a node tree; run on the live node for them", p)
  else if (why ~ /^--no-profiles/) add("--no-profiles", "run without --no-profiles", p)
  else if (st == "profiling disabled") add("profiling disabled", (why ~ /to enable/ ? "enable profiling" substr(why, index(why, "to enable") + 9) : "enable profiling on " c), p)
  else if (st == "unauthorised") add("profiles refused (401/403)", "--cert FILE --key FILE (a client certificate the component accepts), or --kubeconfig FILE with an admin kubeconfig", p)
  else if (why ~ /no kubeconfig found/) add("no kubeconfig found", "--kubeconfig FILE (admin.conf, or any kubeconfig that reaches the API)", p)
  else if (why ~ /API not reachable/) add("Kubernetes API not reachable", "--kubeconfig FILE that reaches the API server", p)
  else if (p ~ /^pprof\// && why ~ /not reachable/) add("profiling endpoint not reachable", "--endpoint NAME=http(s)://HOST:PORT or NAME=unix:///path.sock for each", p)
  else if (why ~ / is not installed$/ || why ~ /not installed/) { t = why; sub(/ is not installed.*/, "", t); sub(/^.* /, "", t); add(t " is not installed", "install " t ", or collect where it is", p) }
  else if (why ~ /does not answer/) { t = why; sub(/ does not answer.*/, "", t); add(t " does not answer", "start " t "'s daemon if this node uses it (else nothing to do)", p) }
  else if (p ~ /^pprof\// && why ~ /HTTP 5[0-9][0-9]/) add("profile request failed (HTTP 5xx)", "re-run: Go serves one CPU profile at a time (another profiler was running?); see collector.log", p)
  else if (why ~ /Operation not permitted|Permission denied/ && p ~ /^proc\//) add("refused by the kernel", "none: /proc/PID/stack needs CAP_SYS_ADMIN and some kernels refuse it always", p)
  else if (why ~ /not readable by/) add("not readable as this user", "run as root (sudo)", p)
  else if (why ~ /deadline reached|did not end within/) add("deadline reached", "--deadline SECONDS (longer) or --step-timeout SECONDS", p)
  else if (why ~ /max-total-log-bytes/) add("over --max-total-log-bytes", "--max-total-log-bytes N (larger)", p)
  else if (why ~ /older than the newest --max-log-bytes/) add("older rotations beyond --max-log-bytes", "--max-log-bytes N (larger)", p)
  else if (why ~ /gzip bomb/) add("rotated log too large once decompressed", "--max-log-bytes N (larger; the limit is 32 x it)", p)
  else if (why ~ /max-processes/) add("over --max-processes", "--max-processes N (larger)", p)
  else if (why ~ /output disk full/) add("output disk full", "--output DIR on a disk with more space", p)
  else if (why ~ /blocked for/) add("a /proc read blocked (process in D state)", "none: it is recorded; the stuck process is itself the finding", p)
  else if (why ~ /does not exist|no \/|^no |not loaded|not set|without PSI/) add("not present on this node", "none: absent here", p)
  else add("other", "see collector.log", p)
}
END {
  for (i = 1; i <= k; i++) { key = order[i]; total += n[key] }
  if (total == 0) { print "everything was collected"; exit }
  printf "%d items not collected, by cause:\n", total
  for (i = 1; i <= k; i++) {
    key = order[i]
    printf "  %4d  %s (%s%s)\n", n[key], key, ex[key], ((key in more) ? ", ..." : "")
    if (fixes[key] !~ /^none/) printf "        -> %s\n", fixes[key]
  }
}
AWK
}

# make_summary: into collector.log (before the manifest hashes it); show_summary: to the operator.
make_summary() {
  write_summary_awk
  awk -f "$W/summary.awk" "$ITEMS" > "$STAGE/summary" 2>/dev/null || return 0
  { printf 'summary:\n'; cat "$STAGE/summary"; } >> "$CLOG"
}
show_summary() {
  [ -s "$SUMMARY_FILE" ] || return 0
  end_progress
  sed 's/^/nodescope-collect: /' "$SUMMARY_FILE" >&2
}

# ---------------------------------------------------------------------------------------------
# Main

SCRIPT_SHA=$(sha256sum "$0" 2>/dev/null | cut -c1-64)
[ -n "$SCRIPT_SHA" ] || SCRIPT_SHA=unknown

say "collecting into $TARBALL (deadline ${DEADLINE}s)"
collect_node
find_api
collect_pprof_start
collect_proc_system
collect_processes
# Directories of processes that were gone (or not reached) before they could be read.
rmdir "$B"/proc/[0-9]* 2>/dev/null
collect_logs
collect_k8s
collect_runtime
collect_network
collect_dns
tick
if [ -n "$BG_PIDS" ]; then log "waiting for the CPU profiles"; fi
wait_background
tick
[ "$NOW" -ge "$STOP_AT" ] && DEADLINE_HIT=1
[ -n "$DEADLINE_HIT" ] && say "deadline reached: collection stopped, writing what was collected"
[ -n "$DISK_FULL" ] && say "$DISK_FULL; writing what was collected"
make_summary
redact
write_manifest
pack
SUMMARY_FILE="$OUTPUT/.nodescope-summary-$$"
mv "$STAGE/summary" "$SUMMARY_FILE" 2>/dev/null || SUMMARY_FILE=''
rm -rf "$STAGE"
[ -n "$SUMMARY_FILE" ] && { show_summary; rm -f "$SUMMARY_FILE"; }
TAR_SHA=$(sha256sum "$TARBALL" | cut -c1-64)
say "done in $(( (NOW - T0) / 1000 ))s: $(size_of "$TARBALL") bytes"
printf '%s\n%s\n' "$TAR_SHA" "$TARBALL"
exit 0
