#!/usr/bin/env bash
# Measures the sandbox's start: the first run (SQLite file created and seeded) and a second run (file
# reused), each from process start to the first answered catalogue request. Loopback only.
#   bench/sandbox-start.sh [port]
set -euo pipefail
cd "$(dirname "$0")/.."
port="${1:-5099}"
url="http://127.0.0.1:$port/v1/Courses?\$top=1"
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT

dotnet build api/Cnfpt.OpenApi.Api -c Release -v quiet -nologo >/dev/null

measure() {
  local start end pid
  start=$(date +%s%N)
  Database__SandboxFile="$dir/sandbox.db" dotnet api/Cnfpt.OpenApi.Api/bin/Release/net10.0/Cnfpt.OpenApi.Api.dll \
    --urls "http://127.0.0.1:$port" >"$dir/$1.log" 2>&1 &
  pid=$!
  for _ in $(seq 1 600); do
    if curl -fs "$url" >/dev/null 2>&1; then break; fi
    sleep 0.05
  done
  end=$(date +%s%N)
  kill "$pid"; wait "$pid" 2>/dev/null || true
  printf '%-28s %6d ms\n' "$2" $(( (end - start) / 1000000 ))
}

measure first "first start (create + seed)"
measure second "second start (file reused)"
printf 'sandbox file: %s KiB\n' "$(du -k "$dir/sandbox.db" | cut -f1)"
