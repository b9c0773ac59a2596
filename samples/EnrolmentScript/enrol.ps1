# Enrols the agents of a CSV file (header: siren,employerReference) in a session, from PowerShell 7:
#   ./enrol.ps1 -Mode cli  -Session 123 -File agents.csv   with the cnfpt tool (resumable, result CSV)
#   ./enrol.ps1 -Mode rest -Session 123 -File agents.csv   with Invoke-RestMethod only
# Credentials: $env:CNFPT_URL (default the sandbox), $env:CNFPT_CLIENT_ID, $env:CNFPT_CLIENT_SECRET. Exit 3 when some
# rows were not enrolled. (Not run by the test suite: this machine has no PowerShell; enrol.sh is the tested twin.)
param(
    [Parameter(Mandatory)][ValidateSet('cli', 'rest')][string]$Mode,
    [Parameter(Mandatory)][int]$Session,
    [Parameter(Mandatory)][string]$File
)
$ErrorActionPreference = 'Stop'
$api = ($env:CNFPT_URL ?? 'http://127.0.0.1:5080/').TrimEnd('/')
$clientId = $env:CNFPT_CLIENT_ID ?? 'demo-collectivite-1'
$secret = $env:CNFPT_CLIENT_SECRET ?? 'sandbox-secret-collectivite-1'

if ($Mode -eq 'cli') {
    $env:CNFPT_URL = $api; $env:CNFPT_CLIENT_ID = $clientId; $env:CNFPT_CLIENT_SECRET = $secret
    & cnfpt enrol --session $Session --file $File
    exit $LASTEXITCODE
}

$token = (Invoke-RestMethod -Method Post "$api/connect/token" -Body @{
    grant_type = 'client_credentials'; client_id = $clientId; client_secret = $secret }).access_token
$headers = @{ Authorization = "Bearer $token" }
$fileHash = (Get-FileHash $File -Algorithm SHA256).Hash.Substring(0, 16)
$collectivites = @{}
(Invoke-RestMethod "$api/v1/Collectivites?`$select=id,siren" -Headers $headers).value | ForEach-Object { $collectivites[$_.siren] = $_.id }

$row = 0; $failed = 0
foreach ($line in Import-Csv $File) {
    $row++
    $collectivite = $collectivites[$line.siren]
    if (-not $collectivite) { Write-Output "row ${row}: $($line.siren): not a collectivité you act for"; $failed++; continue }
    $reference = $line.employerReference.Replace("'", "''")
    $filter = [uri]::EscapeDataString("collectiviteId eq $collectivite and employerReference eq '$reference'")
    $agent = (Invoke-RestMethod "$api/v1/Agents?`$filter=$filter&`$select=id" -Headers $headers).value | Select-Object -First 1
    if (-not $agent) { Write-Output "row ${row}: $($line.employerReference): unknown agent"; $failed++; continue }
    $body = @{ agentId = $agent.id; sessionId = $Session; motive = 'Inscription par script' } | ConvertTo-Json
    try {
        $enrolment = Invoke-RestMethod -Method Post "$api/v1/Enrolments" -Headers ($headers + @{ 'Idempotency-Key' = "enrol-ps1-$fileHash-$row-$Session" }) `
            -ContentType 'application/json' -Body $body
        Write-Output "row ${row}: $($line.employerReference): enrolment $($enrolment.id) $($enrolment.status)"
        if ($enrolment.status -ne 'Accepted') { $failed++ }
    }
    catch {
        $problem = $_.ErrorDetails.Message | ConvertFrom-Json
        Write-Output "row ${row}: $($line.employerReference): $($problem.code) $($problem.detail)"; $failed++
    }
}
Write-Output "$($row - $failed) of $row rows enrolled"
if ($failed -gt 0) { exit 3 }
