#!/usr/bin/env bash
# Adds every public symbol the build reports as undeclared (RS0016) to PublicAPI.Unshipped.txt of the SDK.
# Run it after an intended API change (a new contract version, a new core method), then review the diff:
# the baseline is how a breaking change of the package shows up in review. Removed symbols (RS0017) must be
# deleted by hand: the build names them.
set -euo pipefail
cd "$(dirname "$0")/../Cnfpt.OpenApi.Sdk"
log=$(mktemp)
dotnet build -c Release --no-incremental -p:TreatWarningsAsErrors=false >"$log" 2>&1 || true
python3 - "$log" <<'PY'
import re, sys
found = set(re.findall(r"RS0016: Symbol '(.+?)' is not part of the declared public API", open(sys.argv[1], encoding="utf-8").read()))
path = "PublicAPI.Unshipped.txt"
lines = [l.rstrip("\n") for l in open(path, encoding="utf-8")]
header, body = lines[:1], set(lines[1:])
body |= found
open(path, "w", encoding="utf-8").write("\n".join(header + sorted(body, key=lambda s: s.lstrip("~").replace("static ", "").replace("override ", "").replace("virtual ", "").replace("abstract ", "").replace("const ", "").lower())) + "\n")
print(f"{len(found)} symbols added")
PY
rm -f "$log"
