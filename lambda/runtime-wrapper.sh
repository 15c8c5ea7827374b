#!/bin/bash
# Lambda starts the Node.js runtime through this script (the function's AWS_LAMBDA_EXEC_WRAPPER):
# "$1" is the node binary and the rest its arguments, Lambda's own heap flags among them.
#
# It adds one V8 flag: the young generation starts at 16 MB (V8's default is 1 MB and grows as
# it fills), so the cold start (loading the bundle, building the SDK's and our zod schemas, the
# first request) runs without the half-dozen scavenges, about a tenth of its CPU time, that the
# default costs (docs/performance.md). Node refuses this flag in NODE_OPTIONS, which is why a
# wrapper gives it. It never exceeds the maximum that Lambda sets for the function's memory, or
# that NODE_OPTIONS sets instead (Lambda then sets none).
set -euo pipefail

node="$1"
shift

min_semi_space_mb=16
# NODE_OPTIONS is split on spaces, as Node splits it.
# shellcheck disable=SC2086
for argument in "$@" ${NODE_OPTIONS:-}; do
  case "$argument" in
    --max-semi-space-size=* | --max_semi_space_size=*)
      maximum="${argument#*=}"
      if [[ "$maximum" =~ ^[0-9]+$ ]] && ((maximum < min_semi_space_mb)); then
        min_semi_space_mb="$maximum"
      fi
      ;;
  esac
done

exec "$node" "--min-semi-space-size=$min_semi_space_mb" "$@"
