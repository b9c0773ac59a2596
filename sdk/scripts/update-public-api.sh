#!/usr/bin/env bash
# Brings PublicAPI.Unshipped.txt of the SDK in line with the build: adds every public symbol reported as undeclared
# (RS0016), removes the unshipped ones reported as gone (RS0017). Run it after an intended API change (a new contract
# version, a new core method), then review the diff: the baseline is how a breaking change of the package shows up
# in review. A symbol of PublicAPI.Shipped.txt that disappears is a breaking change: the script leaves it to you.
set -euo pipefail
cd "$(dirname "$0")/../Cnfpt.OpenApi.Sdk"
log=$(mktemp)
dotnet build -c Release --no-incremental -p:TreatWarningsAsErrors=false >"$log" 2>&1 || true
python3 - "$log" <<'PY'
import re, sys
text = open(sys.argv[1], encoding="utf-8").read()
found = set(re.findall(r"RS0016: Symbol '(.+?)' is not part of the declared public API", text))
gone = set(re.findall(r"RS0017: Symbol '(.+?)' is part of the declared API, but is either not public or could not be found", text))
path = "PublicAPI.Unshipped.txt"
lines = [l.rstrip("\n") for l in open(path, encoding="utf-8")]
header, body = lines[:1], set(lines[1:])
body = (body - gone) | found
open(path, "w", encoding="utf-8").write("\n".join(header + sorted(body, key=lambda s: s.lstrip("~").replace("static ", "").replace("override ", "").replace("virtual ", "").replace("abstract ", "").replace("const ", "").lower())) + "\n")
print(f"{len(found)} symbols added, {len(gone & set(lines))} removed")
PY
rm -f "$log"
