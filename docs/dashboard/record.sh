#!/usr/bin/env bash
# Records real data for the dashboard screenshot: the Spring Boot test application
# (it-tests/boot-app: actuator, Prometheus registry) with the agent and its rules, a workload over
# HTTP with evictions, and a Redis outage in the middle (errors, bypasses, the circuit opening);
# /actuator/prometheus is scraped every 2 s into OUT_DIR, one file per scrape.
# Usage: docs/dashboard/record.sh [OUT_DIR] [SECONDS]   (build first: mvn -B -DskipTests install)
# Then: python3 docs/dashboard/render.py OUT_DIR docs/dashboard/cachet-dashboard.png
set -euo pipefail
cd "$(dirname "$0")/../.."
out=${1:-target/dashboard-scrapes}
seconds=${2:-180}
redis_port=16399
app_port=18799
mkdir -p "$out"
rm -f "$out"/*.prom

redis-server --port "$redis_port" --save '' --appendonly no >/dev/null &
redis_pid=$!
# The application stops when its standard input closes: keep it open.
tail -f /dev/null | java -javaagent:agent/target/cachet-agent.jar=config=it-tests/src/test/resources/boot-app/cachet.properties \
  -Dcachet.redis.address="redis://127.0.0.1:$redis_port" -Dcachet.key.prefix=dashboard \
  -jar it-tests/boot-app/target/cachet-it-boot-app.jar --server.port="$app_port" >/dev/null 2>"$out/app.log" &
app_pid=$!
trap 'kill "$app_pid" "$redis_pid" 2>/dev/null || true' EXIT
base="http://127.0.0.1:$app_port"
until curl -sf "$base/actuator/health" >/dev/null 2>&1; do sleep 0.5; done

paths=(/authors/1 /authors/2 /authors/by-name/Ursula /books/1/full /books/2/full /books/3/full /books/count-above/10 /books/titles-above/10 /authors)
start=$(date +%s)
next_scrape=$start
outage=before
while (( $(date +%s) - start < seconds )); do
  now=$(date +%s)
  elapsed=$((now - start))
  # A Redis outage from 40% to 55% of the run: calls run uncached, the circuit opens, then recovers.
  if [[ $outage == before ]] && (( elapsed >= seconds * 40 / 100 )); then
    kill "$redis_pid"; wait "$redis_pid" 2>/dev/null || true
    outage=during
  elif [[ $outage == during ]] && (( elapsed >= seconds * 55 / 100 )); then
    redis-server --port "$redis_port" --save '' --appendonly no >/dev/null &
    redis_pid=$!
    outage=after
  fi
  for _ in 1 2 3 4 5 6 7 8; do
    curl -s -o /dev/null "$base${paths[RANDOM % ${#paths[@]}]}" || true
  done
  # Now and then an update that evicts (the next reads load again).
  if (( RANDOM % 15 == 0 )); then
    curl -s -o /dev/null -X POST "$base/authors/$((RANDOM % 2 + 1))/alias?alias=a$RANDOM" || true
  fi
  if (( now >= next_scrape )); then
    curl -s "$base/actuator/prometheus" >"$out/$now.prom" || true
    next_scrape=$((now + 2))
  fi
done
echo "$(ls "$out"/*.prom | wc -l) scrapes in $out"
