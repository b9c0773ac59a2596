#!/usr/bin/env bash
# Exports the open sessions of the courses matching a search, as CSV, following every page.
#   samples/CatalogueScript/open-sessions.sh "sécurité incendie" [base-url] > sessions.csv
# Needs bash, curl and python3. Exit code 1 with the problem's code and detail on an API error.
set -euo pipefail
search="${1:?usage: open-sessions.sh SEARCH [BASE_URL]}"
base="${2:-http://127.0.0.1:5080}"

# First page: let curl encode the OData options; later pages: the nextLink as given.
url="$base/v1/Sessions?$(python3 -c 'import sys, urllib.parse as u; print(u.urlencode({
  "$search": sys.argv[1],
  "$filter": "status eq '"'"'OpenForEnrolment'"'"'",
  "$orderby": "startDate",
  "$select": "id,startDate,endDate,capacity,seatsTaken,communeCode",
  "$expand": "course($select=code,title),delegation($select=name)",
}, quote_via=u.quote))' "$search")"

echo "session;start;end;seats_left;commune;course_code;course_title;delegation"
while [ -n "$url" ]; do
  body=$(curl -sS -w '\n%{http_code}' "$url")
  status="${body##*$'\n'}"; body="${body%$'\n'*}"
  if [ "$status" != 200 ]; then
    python3 -c 'import json, sys; p = json.loads(sys.argv[1]); print("error", p["status"], p["code"] + ":", p["detail"], file=sys.stderr)' "$body"
    exit 1
  fi
  # Prints the page's rows as CSV, then the next link (empty on the last page) on the last line.
  out=$(python3 - "$body" <<'PY'
import csv, json, sys
page = json.loads(sys.argv[1])
rows = csv.writer(sys.stdout, delimiter=";", lineterminator="\n")
for s in page["value"]:
    rows.writerow([s["id"], s["startDate"], s["endDate"], s["capacity"] - s["seatsTaken"], s["communeCode"],
                   s["course"]["code"], s["course"]["title"], s["delegation"]["name"]])
print(page.get("@odata.nextLink", ""))
PY
  )
  printf '%s\n' "$out" | sed '$d'
  url=$(printf '%s\n' "$out" | tail -n 1)
done
