#!/usr/bin/env bash
# Enrols the agents of a CSV file (header: siren,employerReference) in a session, the two ways a collectivité's IT
# can script it:
#   ./enrol.sh cli  SESSION_ID agents.csv   with the cnfpt tool: resolution, $batch, retries, resumable keys, result CSV
#   ./enrol.sh curl SESSION_ID agents.csv   with curl and jq only: token, agent lookup, one POST per row
# Credentials: CNFPT_URL (default the sandbox), CNFPT_CLIENT_ID, CNFPT_CLIENT_SECRET (default: the sandbox's
# collectivité 1). CNFPT_CLI names the tool if it is not on PATH (e.g. "dotnet path/to/cnfpt.dll").
# Exit code: 0 when every row is enrolled, 3 when some rows were not (see docs/cli.md).
set -euo pipefail
mode="${1:?usage: enrol.sh cli|curl SESSION_ID FILE.csv}"; session="${2:?session id}"; file="${3:?csv file}"
export CNFPT_URL="${CNFPT_URL:-http://127.0.0.1:5080/}"
export CNFPT_CLIENT_ID="${CNFPT_CLIENT_ID:-demo-collectivite-1}"
export CNFPT_CLIENT_SECRET="${CNFPT_CLIENT_SECRET:-sandbox-secret-collectivite-1}"
api="${CNFPT_URL%/}"

if [ "$mode" = cli ]; then
  # shellcheck disable=SC2086 # CNFPT_CLI may be a command with arguments
  ${CNFPT_CLI:-cnfpt} enrol --session "$session" --file "$file"
  exit $?
fi

# Plain curl: a token (client credentials), then per row: find the agent, POST the bulletin with an Idempotency-Key
# derived from the file and the row, so that running the script again replays instead of enrolling twice.
token=$(curl -sf "$api/connect/token" -d grant_type=client_credentials \
  --data-urlencode "client_id=$CNFPT_CLIENT_ID" --data-urlencode "client_secret=$CNFPT_CLIENT_SECRET" | jq -r .access_token)
auth=(-H "Authorization: Bearer $token")
file_hash=$(sha256sum "$file" | cut -c1-16)
declare -A collectivites
while IFS=$'\t' read -r siren id; do collectivites[$siren]=$id; done < <(
  curl -sfG "$api/v1/Collectivites" "${auth[@]}" --data-urlencode '$select=id,siren' | jq -r '.value[] | "\(.siren)\t\(.id)"')

row=0; failed=0
while IFS=, read -r siren reference _; do
  row=$((row + 1))
  collectivite="${collectivites[$siren]:-}"
  if [ -z "$collectivite" ]; then echo "row $row: $siren: not a collectivité you act for"; failed=$((failed + 1)); continue; fi
  filter="collectiviteId eq $collectivite and employerReference eq '${reference//\'/\'\'}'"
  agent=$(curl -sfG "$api/v1/Agents" "${auth[@]}" --data-urlencode "\$filter=$filter" --data-urlencode '$select=id' | jq -r '.value[0].id // empty')
  if [ -z "$agent" ]; then echo "row $row: $reference: unknown agent"; failed=$((failed + 1)); continue; fi
  answer=$(curl -s "$api/v1/Enrolments" "${auth[@]}" -H 'Content-Type: application/json' \
    -H "Idempotency-Key: enrol-sh-$file_hash-$row-$session" \
    -d "{\"agentId\": $agent, \"sessionId\": $session, \"motive\": \"Inscription par script\"}")
  if [ "$(jq -r '.status' <<<"$answer")" = Accepted ]; then
    echo "row $row: $reference: enrolment $(jq -r .id <<<"$answer") Accepted"
  else
    echo "row $row: $reference: $(jq -r '.code // .status' <<<"$answer") $(jq -r '.detail // empty' <<<"$answer")"; failed=$((failed + 1))
  fi
done < <(tail -n +2 "$file")
echo "$((row - failed)) of $row rows enrolled"
[ "$failed" -eq 0 ] || exit 3
