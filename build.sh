#!/usr/bin/env bash
# One entry point for people and CI.
#   ./build.sh test      build, start a throwaway PostgreSQL, run every test, clean up
#   ./build.sh sandbox   run the API on the embedded SQLite sandbox (same as dotnet run --project api/Cnfpt.OpenApi.Api)
#   ./build.sh bench     build in Release and run the load benchmark against a throwaway PostgreSQL
#   ./build.sh rollout   build in Release and enrol 33 000 agents through $batch on a throwaway PostgreSQL
#   ./build.sh stub      serve the committed consumer pacts (contracts/pacts) offline with `pact stub` on port 5070
#   ./build.sh bench-statistics [--scale national|N]   load the seed by COPY, rebuild the statistics release,
#                        measure $apply rollups and the full CSV export (docs/benchmarks.md)
set -euo pipefail
cd "$(dirname "$0")"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
# The Pact library and CLI otherwise try to send anonymous usage data.
export PACT_DO_NOT_TRACK=true

log() { printf '\n== %s\n' "$*"; }

# PostgreSQL binaries and pg_virtualenv (postgresql-common). The cluster itself is always throwaway.
ensure_postgres() {
  if command -v pg_virtualenv >/dev/null 2>&1 && ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
    return
  fi
  log "Installing PostgreSQL from Debian (needed once per machine)"
  local sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq postgresql >/dev/null
}

# Runs "$@" with PGHOST/PGPORT/PGUSER/PGPASSWORD/PGDATABASE of a temporary cluster, dropped afterwards.
with_postgres() {
  ensure_postgres
  pg_virtualenv -t -o fsync=off -o synchronous_commit=off -o full_page_writes=off -o max_connections=200 -- "$@"
}

# The pinned npm tools of contracts/package.json: libpact_ffi (Pact tests), the pact CLI (stub) and Spectral
# (the contract lint run by the tests).
ensure_contract_tools() {
  log "Installing the contract tools pinned in contracts/package.json"
  npm ci --prefix contracts --no-audit --no-fund --loglevel=error
}

cmd_test() {
  ensure_contract_tools
  log "Restoring tools and building (Release)"
  dotnet tool restore >/dev/null
  dotnet build Cnfpt.OpenApi.sln -c Release
  log "Packing the SDK (package validation, symbols)"
  dotnet pack sdk/Cnfpt.OpenApi.Sdk -c Release --no-build -o .artifacts/packages
  log "Running the test suite against a throwaway PostgreSQL"
  with_postgres dotnet test Cnfpt.OpenApi.sln -c Release --no-build \
    --logger "console;verbosity=normal" --results-directory .artifacts/test-results
}

cmd_sandbox() {
  exec dotnet run --project api/Cnfpt.OpenApi.Api "$@"
}

# A vendor's offline sandbox: the example responses of every committed pact, CORS enabled (-o).
cmd_stub() {
  [ -x contracts/node_modules/@pact-foundation/pact-cli-linux-x64/standalone/pact ] || ensure_contract_tools
  exec contracts/node_modules/@pact-foundation/pact-cli-linux-x64/standalone/pact stub -d contracts/pacts -p "${1:-5070}" -o
}

cmd_bench() {
  dotnet build bench/Cnfpt.OpenApi.Bench -c Release
  with_postgres dotnet bench/Cnfpt.OpenApi.Bench/bin/Release/net10.0/Cnfpt.OpenApi.Bench.dll "$@"
}

cmd_rollout() {
  dotnet build bench/Cnfpt.OpenApi.Bench.Rollout -c Release
  with_postgres dotnet bench/Cnfpt.OpenApi.Bench.Rollout/bin/Release/net10.0/Cnfpt.OpenApi.Bench.Rollout.dll "$@"
}

cmd_bench_statistics() {
  dotnet build bench/Cnfpt.OpenApi.Bench.Statistics -c Release
  with_postgres dotnet bench/Cnfpt.OpenApi.Bench.Statistics/bin/Release/net10.0/Cnfpt.OpenApi.Bench.Statistics.dll "$@"
}

case "${1:-}" in
  test) shift; cmd_test "$@" ;;
  sandbox) shift; cmd_sandbox "$@" ;;
  bench) shift; cmd_bench "$@" ;;
  rollout) shift; cmd_rollout "$@" ;;
  stub) shift; cmd_stub "$@" ;;
  bench-statistics) shift; cmd_bench_statistics "$@" ;;
  *) echo "usage: ./build.sh test | sandbox [--urls URL] | bench [options] | rollout [--agents N --concurrency C] | stub [PORT] | bench-statistics [--scale national|N]" >&2; exit 2 ;;
esac
