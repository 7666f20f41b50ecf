#!/usr/bin/env bash
# Makes room in the kernel's neighbour (ARP) table for many node containers. Run it once as root
# on the machine that runs the Docker engine, before starting more than ~30 node containers.
#
# Why: the kernel keeps one neighbour table for every network namespace on the machine, and each
# node container adds an entry per peer it talks to: up to n² for n containers (10,000 for the
# course's 100). Past the default bound (gc_thresh3 = 1,024) the kernel drops packets
# ("neighbor table overflow" in dmesg), connections wait out SYN retries, and sends time out:
# measured with 100 containers, 65% of random traffic failed before this, none after
# (bench/README.md, "docker-scale").
#
# It only ever raises the bounds, and lasts until reboot: to keep it, put the same three lines in
# /etc/sysctl.d/ (see the README's Docker section).
set -euo pipefail

raise() {
  local key=$1 wanted=$2 now
  now=$(sysctl -n "$key")
  if [ "$now" -lt "$wanted" ]; then
    sysctl -q -w "$key=$wanted"
    echo "$key: $now -> $wanted"
  else
    echo "$key: $now (enough)"
  fi
}

# Room for about 180 containers in a full mesh (180² ≈ 32,400 entries), a few MB of kernel memory at most.
raise net.ipv4.neigh.default.gc_thresh1 4096
raise net.ipv4.neigh.default.gc_thresh2 16384
raise net.ipv4.neigh.default.gc_thresh3 32768
