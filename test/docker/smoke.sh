#!/usr/bin/env bash
# Proves the container path end to end: build, start, wait for health, a 202, a 400, the batch read
# back, SIGTERM to exit 0 within 5 s, the CLI as the entry point, the Testcontainers module, four
# Testcontainers files at once and the Testcontainers example of docs/testing.md, the package installed by the image's
# Node with no engine warning; measures start-up and the size the project adds to its base.
# One line per step (ok, FAIL or skip), then "N passed, N failed, N skipped"; exits non-zero if any step
# failed. Cleans up its container and image tag whatever happens.
#
#   npm run test:docker                              # Docker with a bridge network: publishes PORT
#   DOCKER_NETWORK=host PORT=18080 npm run test:docker   # no bridge network (this project's CI)
set -uo pipefail
cd "$(dirname "$0")/../.."

PORT=${PORT:-18080}
NETWORK=${DOCKER_NETWORK:-}
BASE_IMAGE=node:24-bookworm-slim
IMAGE=masivo-migrate-mock:smoke-$$
NAME=masivo-migrate-mock-smoke-$$
TOKEN=smoke-token
URL="http://127.0.0.1:${PORT}"
BODY=$(mktemp)
passed=0
failed=0
skipped=0
# a step's command returns this to say it could not run here (neither passed nor failed)
SKIP=3
container_started=false

cleanup() {
  docker rm -f "$NAME" >/dev/null 2>&1
  docker rmi -f "$IMAGE" >/dev/null 2>&1
  rm -f "$DETAIL" "$BODY"
}
trap cleanup EXIT

DETAIL=$(mktemp)
# step NAME COMMAND...: runs the command in this shell (steps share state), its output as the detail;
# status 0 passes, $SKIP skips, anything else fails.
step() {
  local name=$1 detail status
  shift
  "$@" >"$DETAIL" 2>&1
  status=$?
  detail=$(tr '\n' ' ' <"$DETAIL" | sed 's/ *$//')
  if [ "$status" -eq 0 ]; then
    echo "ok   ${name}${detail:+ (${detail})}"
    passed=$((passed + 1))
  elif [ "$status" -eq "$SKIP" ]; then
    echo "skip ${name}${detail:+ (${detail})}"
    skipped=$((skipped + 1))
  else
    echo "FAIL ${name}${detail:+ (${detail})}"
    failed=$((failed + 1))
  fi
}

now_ms() { date +%s%3N; }

build() {
  local log
  log=$(docker build ${NETWORK:+--network "$NETWORK"} --build-arg "SOURCE=$(git remote get-url origin 2>/dev/null || echo unknown)" -t "$IMAGE" . 2>&1) \
    || { echo "$log" | tail -5; return 1; }
  echo "$IMAGE"
}

size_added() {
  local image base
  image=$(docker image inspect -f '{{.Size}}' "$IMAGE") || return 1
  base=$(docker image inspect -f '{{.Size}}' "$BASE_IMAGE") || return 1
  local added=$(( (image - base) / 1024 ))
  printf '%d.%d MB on top of %s; goal under 25 MB' $((added / 1024)) $(((added % 1024) * 10 / 1024)) "$BASE_IMAGE"
  [ "$added" -lt $((25 * 1024)) ]
}

START_MS=0
start() {
  START_MS=$(now_ms)
  if [ "$NETWORK" = host ]; then
    docker run -d --name "$NAME" --network host -e PORT="$PORT" -e AUTH_TOKENS="$TOKEN" "$IMAGE" >/dev/null || return 1
  else
    docker run -d --name "$NAME" ${NETWORK:+--network "$NETWORK"} -p "${PORT}:8080" -e AUTH_TOKENS="$TOKEN" "$IMAGE" >/dev/null || return 1
  fi
  container_started=true
  echo "$NAME on port $PORT"
}

seconds_since_start() {
  local ms=$(( $(now_ms) - START_MS ))
  printf '%d.%03d s' $((ms / 1000)) $((ms % 1000))
}

ready() {
  $container_started || return 1
  for _ in $(seq 1 500); do
    if curl -sf "$URL/health" >/dev/null 2>&1; then
      echo "first 200 on /health $(seconds_since_start) after docker run; goal under 1 s"
      return 0
    fi
    sleep 0.01
  done
  echo "no 200 on /health within 5 s"; docker logs "$NAME" 2>&1 | tail -3
  return 1
}

healthy() {
  $container_started || return 1
  local status
  for _ in $(seq 1 300); do
    status=$(docker inspect -f '{{.State.Health.Status}}' "$NAME" 2>/dev/null)
    if [ "$status" = healthy ]; then
      echo "Docker reports healthy $(seconds_since_start) after docker run; goal under 1 s"
      return 0
    fi
    sleep 0.02
  done
  echo "status $status after 6 s"
  return 1
}

BATCH='{"customers":[{"id":"smoke-1","name":"Ada Lovelace","email":"ada@example.com","registration_date":"2023-11-07T05:31:56Z","balance":[{"reward_id":"3c90c3cc-0d44-4b50-8888-8dd25736052a","amount":100,"expiration_date":"2026-11-07T05:31:56Z"}],"tags":{"segment":"gold"}}]}'
BATCH_ID=

post() {
  curl -s -o $BODY -w '%{http_code}' -X POST "$URL/api/storefront/v1/customers/migrate" \
    -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' --data "$1"
}

# json FILE EXPRESSION: evaluates a JavaScript expression over the parsed file (`it`), prints it.
json() { node -e 'const it = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")); console.log(eval(process.argv[2]))' "$1" "$2"; }

accepted() {
  local status
  status=$(post "$BATCH") || return 1
  [ "$status" = 202 ] || { echo "status $status: $(cat $BODY)"; return 1; }
  BATCH_ID=$(json $BODY 'it.batch_id')
  echo "202, batch $BATCH_ID"
}

rejected() {
  local status count
  status=$(post '{"customers":[{"id":"","name":"Bob","email":"not-an-email","registration_date":"2023-11-07","document_numer":"1"}]}') || return 1
  count=$(json $BODY 'it.violations.length') || return 1
  [ "$status" = 400 ] && [ "$count" -ge 4 ] || { echo "status $status: $(cat $BODY)"; return 1; }
  echo "400 with $count violations"
}

read_back() {
  [ -n "$BATCH_ID" ] || return 1
  curl -sf "$URL/__admin/batches/$BATCH_ID" -o $BODY || return 1
  local same
  same=$(json $BODY "JSON.stringify(it.customers) === JSON.stringify($BATCH.customers)") || return 1
  [ "$same" = true ] || { echo "customers differ: $(cat $BODY)"; return 1; }
  echo "customers equal to what was sent"
}

dashboard() {
  local page script
  page=$(curl -s -o $BODY -w '%{http_code} %{content_type}' "$URL/__admin/ui") || return 1
  grep -q '/__admin/ui/app.js' $BODY || { echo "the page: $page"; return 1; }
  script=$(curl -s -o /dev/null -w '%{http_code}' "$URL/__admin/ui/app.js") || return 1
  [ "$script" = 200 ] || { echo "app.js: $script"; return 1; }
  echo "page $page, app.js $script"
}

graceful_stop() {
  $container_started || return 1
  local began code
  began=$(now_ms)
  docker kill --signal TERM "$NAME" >/dev/null || return 1
  code=$(timeout 5 docker wait "$NAME") || { echo "still running 5 s after SIGTERM"; return 1; }
  echo "exit code $code $(( $(now_ms) - began )) ms after SIGTERM"
  [ "$code" = 0 ]
}

compose_config() {
  local file=examples/compose.yaml
  if docker compose version >/dev/null 2>&1; then
    docker compose -f "$file" config -q && echo "docker compose config: valid"
  elif command -v docker-compose >/dev/null 2>&1; then
    docker-compose -f "$file" config -q && echo "docker-compose config: valid"
  else
    echo "neither docker compose nor docker-compose is installed"
    return "$SKIP"
  fi
}

entry_point() {
  local version
  version=$(docker run --rm ${NETWORK:+--network "$NETWORK"} "$IMAGE" --version) || return 1
  [ "$version" = "$(node -p 'require("./package.json").version')" ] || { echo "printed $version"; return 1; }
  echo "docker run IMAGE --version: $version"
}

validate_export() {
  local out code
  out=$(printf '%s\n%s\n' '{"id":"c1","name":"Ana","email":"ana@example.com","registration_date":"2023-11-07T05:31:56Z"}' \
    '{"id":"c1","name":"Bo","email":"bo@example.com","registration_date":"2023-11-07T05:31:56Z"}' \
    | docker run --rm -i ${NETWORK:+--network "$NETWORK"} "$IMAGE" validate -)
  code=$?
  [ "$code" = 1 ] || { echo "exit code $code: $out"; return 1; }
  echo "$out" | grep -q 'line 2: /id repeats the id of line 1' || { echo "$out"; return 1; }
  echo "docker run -i IMAGE validate -: exit code 1, the repeated id found"
}

# node:test files run from source (tsx), against this image, without Testcontainers' reaper (no registry here)
testcontainers() {
  local log
  # without a bridge network, Testcontainers cannot look up its gateway: the host is named instead
  log=$(env TESTCONTAINERS_RYUK_DISABLED=true ${NETWORK:+TESTCONTAINERS_HOST_OVERRIDE=127.0.0.1} MASIVO_MOCK_IMAGE="$IMAGE" DOCKER_NETWORK="$NETWORK" \
    node --import tsx --test "$1" 2>&1) \
    || { echo "$log" | grep -E '^not ok|Error|error' | head -5; return 1; }
  echo "$log" | grep -E '^# (pass|fail|started)' | tr '\n' ' '
}

# the packed package installed by the image's Node (24) with no engine warning, as test/package.test.ts checks on this machine's
clean_install() {
  local project log
  project=$(mktemp -d)
  npm pack --silent --pack-destination "$project" >/dev/null 2>&1 || { echo "npm pack failed"; rm -rf "$project"; return 1; }
  log=$(docker run --rm --network host -v "$project:/work" -w /work "$BASE_IMAGE" \
    sh -c 'echo "{\"private\":true}" >package.json && npm install --no-audit --no-fund ./masivo-migrate-mock-*.tgz 2>&1 && node --version')
  local status=$?
  rm -rf "$project"
  [ "$status" -eq 0 ] || { echo "$log" | tail -3; return 1; }
  if echo "$log" | grep -q EBADENGINE; then echo "$log" | grep -A3 EBADENGINE | head -4; return 1; fi
  echo "installed on Node $(echo "$log" | tail -1) with no engine warning"
}

# four test files, each starting a container with no port given, run at once: each must get a port of its own
testcontainers_parallel() {
  local log
  log=$(env TESTCONTAINERS_RYUK_DISABLED=true ${NETWORK:+TESTCONTAINERS_HOST_OVERRIDE=127.0.0.1} MASIVO_MOCK_IMAGE="$IMAGE" DOCKER_NETWORK="$NETWORK" \
    node --import tsx --test --test-concurrency=4 --test-reporter=tap test/docker/parallel/*.docker.ts 2>&1) \
    || { echo "$log" | grep -E '^not ok|Error|error' | head -5; return 1; }
  local ports
  ports=$(echo "$log" | grep -oE '# port [0-9]+' | sort -u | wc -l)
  [ "$ports" -eq 4 ] || { echo "$ports distinct ports: $(echo "$log" | grep -oE '# port [0-9]+' | tr '\n' ' ')"; return 1; }
  echo "$log" | grep -E '^# (pass|fail)' | tr '\n' ' '
  echo "on 4 distinct ports"
}

# testcontainers 12 needs Node 22 or later: the packed package and testcontainers 12 in a fresh project, run by
# the base image's Node 24 with the Docker socket mounted
testcontainers_12() {
  local project log
  [ -S /var/run/docker.sock ] || { echo "no /var/run/docker.sock to mount"; return "$SKIP"; }
  project=$(mktemp -d)
  npm pack --silent --pack-destination "$project" >/dev/null 2>&1 || { echo "npm pack failed"; rm -rf "$project"; return 1; }
  cp test/docker/testcontainers-12.test.mjs "$project/"
  (cd "$project" && echo '{"private":true,"type":"module"}' >package.json \
    && npm install --silent --no-audit --no-fund --prefer-offline ./masivo-migrate-mock-*.tgz testcontainers@12.2.0 >/dev/null 2>&1) \
    || { echo "npm install failed"; rm -rf "$project"; return 1; }
  log=$(docker run --rm --network host -v /var/run/docker.sock:/var/run/docker.sock -v "$project:/work" -w /work \
    -e TESTCONTAINERS_RYUK_DISABLED=true -e TESTCONTAINERS_HOST_OVERRIDE=127.0.0.1 -e MASIVO_MOCK_IMAGE="$IMAGE" -e DOCKER_NETWORK="$NETWORK" \
    "$BASE_IMAGE" node --test --test-reporter=tap testcontainers-12.test.mjs 2>&1)
  local status=$?
  rm -rf "$project"
  [ "$status" -eq 0 ] || { echo "$log" | grep -E 'not ok|Error' | head -3; return 1; }
  echo "$log" | grep -E '^ok ' | sed 's/^ok [0-9]* - //'
}

step "build image" build
step "image size" size_added
step "start container" start
step "ready" ready
step "healthy" healthy
step "valid batch" accepted
step "invalid batch" rejected
step "batch read back" read_back
step "dashboard" dashboard
step "SIGTERM" graceful_stop
step "compose example" compose_config
step "flags after the image name" entry_point
step "validate in the image" validate_export
step "Testcontainers module" testcontainers test/docker/masivo-mock-container.ts
step "Testcontainers example" testcontainers examples/testcontainers.test.ts
step "Testcontainers, four files at once" testcontainers_parallel
step "Testcontainers 12" testcontainers_12
step "clean install on the image's Node" clean_install

echo "${passed} passed, ${failed} failed, ${skipped} skipped"
[ "$failed" -eq 0 ]
