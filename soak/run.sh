#!/usr/bin/env bash
# Pins the soak client to core 0 (the app pins itself to core 1) and allows 10k+ sockets.
set -euo pipefail
cd "$(dirname "$0")/.."
ulimit -n "$(ulimit -Hn)"
exec taskset -c 0 node --import tsx soak/run.ts "$@"
