#!/bin/bash
# Makes the demo bundle with real software: the real collector (collector/nodescope-collect.sh) run on a
# node-like setup built here, and nothing copied from elsewhere.
# - a network namespace holding a kube-proxy-shaped ruleset (our services, written by node-shapes.mjs)
#   loaded with iptables-restore, the jumps kube-proxy adds from the builtin chains, and loopback
#   traffic to the service IPs so the counters move;
# - in it, a real etcd (Debian etcd-server) with --enable-pprof under a put/range load (load.mjs),
#   profiled by the collector as --endpoint etcd=...;
# - a private mount, UTS and pid namespace: hostname demo-worker-1, /proc showing the demo's processes,
#   and the field-case shapes of node-shapes.mjs bind-mounted at /var/log, /var/lib/kubelet and
#   /etc/kubernetes; bin/kubectl (a stub) answers with node-shapes.mjs's Kubernetes objects;
# - everything else is this machine's: its kernel (uname, dmesg, /proc/stat, meminfo, ...), sysctl, df.
# The bundle is unpacked into test/demo/nodescope-demo-worker-1/ (what `npm start` opens).
# Needs root, iptables, etcd, node, curl, unshare. Usage: bash test/demo/make-demo.sh [OUTDIR]
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
OUT=${1:-$HERE/nodescope-demo-worker-1}
[ "$(id -u)" = 0 ] || { echo "make-demo.sh: run as root (network namespace, bind mounts)" >&2; exit 1; }
WORK=$(mktemp -d /tmp/nodescope-demo-XXXXXX)
NS=nsdemo$$
ip netns add "$NS"
trap 'ip netns del "$NS" 2>/dev/null; rm -rf "$WORK"' EXIT
node "$HERE/node-shapes.mjs" "$WORK/shapes"

run() { ip netns exec "$NS" "$@"; }
run ip link set lo up
# The pod and service addresses the rules send traffic to answer on loopback.
for a in 10.244.1.11/32 10.244.1.12/32 10.244.2.9/32 10.244.1.7/32 10.244.2.4/32 10.244.2.14/32 192.0.2.20/32; do run ip addr add "$a" dev lo; done
run iptables-restore < "$WORK/shapes/kube-proxy.iptables-restore"
run iptables -t filter -A INPUT -m conntrack --ctstate NEW -m comment --comment "kubernetes externally-visible service portals" -j KUBE-EXTERNAL-SERVICES
run iptables -t filter -A INPUT -j KUBE-FIREWALL
run iptables -t filter -A FORWARD -m comment --comment "kubernetes forwarding rules" -j KUBE-FORWARD
run iptables -t filter -A OUTPUT -m conntrack --ctstate NEW -m comment --comment "kubernetes service portals" -j KUBE-SERVICES
run iptables -t nat -A OUTPUT -m comment --comment "kubernetes service portals" -j KUBE-SERVICES
run iptables -t nat -A PREROUTING -m comment --comment "kubernetes service portals" -j KUBE-SERVICES
run iptables -t nat -A POSTROUTING -m comment --comment "kubernetes postrouting rules" -j KUBE-POSTROUTING
for i in 1 2 3 4 5 6; do run curl -s -m 1 -o /dev/null http://10.96.41.17/ || true; done
for i in 1 2; do run curl -s -m 1 -o /dev/null http://10.96.52.3:5432/ || true; done
run curl -s -m 1 -o /dev/null https://10.96.0.1/ || true
run curl -s -m 1 -o /dev/null https://10.96.88.4/ || true

mkdir -p "$WORK/out"
# shellcheck disable=SC2016  # expanded by the inner bash
run unshare --uts --mount --pid --fork --mount-proc --propagation private env \
  REPO="$REPO" HERE="$HERE" WORK="$WORK" DEMO_K8S="$WORK/shapes/k8s" PATH="$HERE/bin:$PATH" bash -euc '
  hostname demo-worker-1
  mount --bind "$WORK/shapes/tree/var/log" /var/log
  mkdir -p /var/lib/kubelet /etc/kubernetes
  mount --bind "$WORK/shapes/tree/var/lib/kubelet" /var/lib/kubelet
  mount --bind "$WORK/shapes/tree/etc/kubernetes" /etc/kubernetes
  etcd --name demo-worker-1 --data-dir "$WORK/etcd" --listen-client-urls http://127.0.0.1:2379 \
    --advertise-client-urls http://127.0.0.1:2379 --listen-peer-urls http://127.0.0.1:2380 \
    --initial-advertise-peer-urls http://127.0.0.1:2380 --initial-cluster demo-worker-1=http://127.0.0.1:2380 \
    --enable-pprof --log-level error > "$WORK/etcd.log" 2>&1 &
  for _ in $(seq 100); do curl -sf http://127.0.0.1:2379/health > /dev/null && break; sleep 0.2; done
  node "$HERE/load.mjs" http://127.0.0.1:2379 &
  load=$!
  sleep 2
  sh "$REPO/collector/nodescope-collect.sh" --output "$WORK/out" --endpoint etcd=http://127.0.0.1:2379 \
    --profile-seconds 10 --sample-seconds 2 --deadline 120 --since 2h
  kill "$load"; wait "$load" || true
  kill %1; wait || true
'
tarball=$(ls "$WORK"/out/nodescope-*.tar.gz)
rm -rf "$OUT"; mkdir -p "$OUT"
tar -xzf "$tarball" -C "$OUT" --strip-components=1
echo "wrote $OUT from $(basename "$tarball")"
