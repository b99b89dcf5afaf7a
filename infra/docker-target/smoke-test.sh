#!/usr/bin/env bash
# Smoke test of a deployed docker-target stack, from outside, through what it publishes: the proxy (TLS from the
# stack's local CA), Prometheus and Alertmanager. Waits for /ready, then: two sign-ups, a case created and read
# back, the other organization's 404 on it, the replica streaming and serving the app's reads, every API
# container scraped, and the Watchdog in Alertmanager. Every wait is bounded; the first failure stops it.
# Usage (the docker-target workflow passes the stack's outputs):
#   API_URL=https://localhost:8443 PROMETHEUS_URL=http://127.0.0.1:9090 ALERTMANAGER_URL=http://127.0.0.1:9093 \
#   CA_FILE=ca.crt CONTAINER_PREFIX=rusty-saas-local API_CONTAINERS=2 infra/docker-target/smoke-test.sh
set -euo pipefail

api="${API_URL:?set API_URL}"
prometheus="${PROMETHEUS_URL:?set PROMETHEUS_URL}"
alertmanager="${ALERTMANAGER_URL:?set ALERTMANAGER_URL}"
ca="${CA_FILE:?set CA_FILE}"
prefix="${CONTAINER_PREFIX:?set CONTAINER_PREFIX}"
api_containers="${API_CONTAINERS:?set API_CONTAINERS}"
password="correct horse battery staple"

workdir="$(mktemp -d)"
trap 'rm -rf "$workdir"' EXIT

fail() {
  echo "smoke: FAILED: $*" >&2
  exit 1
}

ok() {
  echo "smoke: ok   $*"
}

# status METHOD PATH [TOKEN] [JSON]: the HTTP status of one API call; the body is left in $workdir/body.
status() {
  local method="$1" path="$2" token="${3:-}" body="${4:-}"
  local args=(--silent --show-error --cacert "$ca" --max-time 10 --output "$workdir/body" --write-out '%{http_code}'
    --request "$method" --header 'Accept: application/json')
  if [[ -n "$token" ]]; then args+=(--header "Authorization: Bearer $token"); fi
  if [[ -n "$body" ]]; then args+=(--header 'Content-Type: application/json' --data "$body"); fi
  curl "${args[@]}" "$api/api/v1$path"
}

# call METHOD PATH EXPECTED [TOKEN] [JSON]: the body of one API call that must answer EXPECTED.
call() {
  local got
  got="$(status "$1" "$2" "${4:-}" "${5:-}")"
  [[ "$got" == "$3" ]] || fail "$1 $2 answered $got, expected $3: $(head -c 400 "$workdir/body")"
  cat "$workdir/body"
}

# eventually SECONDS DESCRIPTION COMMAND...: retries COMMAND every 2 s until it succeeds or time runs out.
eventually() {
  local seconds="$1" what="$2"
  shift 2
  local deadline=$((SECONDS + seconds))
  until "$@"; do
    if ((SECONDS >= deadline)); then fail "$what (not within ${seconds} s)"; fi
    sleep 2
  done
  ok "$what"
}

ready() { curl --fail --silent --cacert "$ca" --max-time 5 --output /dev/null "$api/ready"; }

# promql EXPR: the first sample's value of an instant query, or nothing.
promql() {
  curl --fail --silent --max-time 10 --get --data-urlencode "query=$1" "$prometheus/api/v1/query" |
    jq -r '.data.result[0].value[1] // empty'
}

all_targets_up() { [[ "$(promql 'sum(up{job="api"})')" == "$api_containers" ]]; }
# The pool closes idle connections after 30 s, so: read once more, then look at the last five minutes of scrapes.
replica_pool_used() {
  [[ "$(status GET /cases "$owner_a")" == "200" ]] &&
    [[ "$(promql 'max(max_over_time(db_pool_connections{pool=~"replica.*",state="total"}[5m]))')" =~ ^[1-9] ]]
}

watchdog_in_alertmanager() {
  curl --fail --silent --max-time 10 --get --data-urlencode 'filter=alertname="Watchdog"' \
    "$alertmanager/api/v2/alerts" | jq -e 'length > 0' >/dev/null
}

replica_streaming() {
  [[ "$(docker exec "$prefix-postgres-replica-1" psql -U rusty_saas -d rusty_saas -tAc 'select pg_is_in_recovery()')" == "t" ]] &&
    [[ "$(docker exec "$prefix-postgres-primary" psql -U rusty_saas -d rusty_saas -tAc \
      "select count(*) from pg_stat_replication where state = 'streaming'")" -ge 1 ]]
}

# The API's sessions on the primary belong to its own role (no DDL, no BYPASSRLS), never to the owner.
api_sessions_as_app_role() {
  [[ "$(docker exec "$prefix-postgres-primary" psql -U rusty_saas -d rusty_saas -tAc \
    "select count(*) filter (where usename = 'rusty_api') > 0 and count(*) filter (where usename = 'rusty_saas' and application_name like 'rusty-saas-api%') = 0 from pg_stat_activity")" == "t" ]]
}

signup() {
  local body
  body="$(jq -nc --arg email "smoke-$1-$(date +%s%N)@example.com" --arg password "$password" \
    '{email: $email, password: $password, name: "Smoke test", organizationName: "Smoke test organization"}')"
  call POST /auth/signup 201 "" "$body" | jq -er .accessToken
}

eventually 300 "/ready through the proxy, over TLS from the stack's CA" ready

owner_a="$(signup a)"
owner_b="$(signup b)"
ok "signed up two organizations"

case_id="$(call POST /cases 201 "$owner_a" '{"title":"Smoke test case"}' | jq -er .id)"
ok "created case $case_id"

# Reads go to the replica, which may lag the write by a moment.
read_back() { [[ "$(status GET "/cases/$case_id" "$owner_a")" == "200" ]]; }
eventually 30 "read the case back" read_back
[[ "$(jq -r .title "$workdir/body")" == "Smoke test case" ]] || fail "the case read back is $(cat "$workdir/body")"

call GET "/cases/$case_id" 404 "$owner_b" >/dev/null
ok "the other organization gets 404 for the case"

call GET /cases 200 "$owner_a" | jq -e '.items | length >= 1' >/dev/null || fail "the case list is empty"
ok "listed the cases"

eventually 60 "the API's sessions are its own role's, not the owner's" api_sessions_as_app_role
eventually 60 "the replica streams from the primary" replica_streaming
eventually 120 "Prometheus scrapes all $api_containers API containers" all_targets_up
eventually 120 "the app reads from the replica (its replica pool opened connections)" replica_pool_used
eventually 180 "the Watchdog is in Alertmanager" watchdog_in_alertmanager
echo "smoke: passed"
