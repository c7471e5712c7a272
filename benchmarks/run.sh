#!/usr/bin/env bash
# Runs the benchmarks and regenerates benchmarks/RESULTS.md.
#   benchmarks/run.sh quick   a few minutes: average time, one fork, short iterations
#   benchmarks/run.sh full    the real numbers: more forks and iterations
# Uses CACHET_REDIS_ADDRESS when set, else starts its own redis-server on a free port.
set -euo pipefail
cd "$(dirname "$0")/.."
mode=${1:-quick}
case "$mode" in
  quick) opts=(-wi 3 -w 1s -i 5 -r 1s -f 1) ;;
  full)  opts=(-wi 5 -w 2s -i 10 -r 2s -f 2) ;;
  *) echo "usage: benchmarks/run.sh [quick|full]" >&2; exit 2 ;;
esac

mvn -B -q -DskipTests package -pl annotations,agent,benchmarks -am

if [ -z "${CACHET_REDIS_ADDRESS:-}" ]; then
  port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  dir=$(mktemp -d)
  redis-server --port "$port" --bind 127.0.0.1 --save "" --appendonly no --daemonize yes \
    --pidfile "$dir/redis.pid" --logfile "$dir/redis.log" --dir "$dir"
  trap 'kill "$(cat "$dir/redis.pid")" 2>/dev/null || true' EXIT
  until redis-cli -p "$port" ping >/dev/null 2>&1; do sleep 0.1; done
  export CACHET_REDIS_ADDRESS="redis://127.0.0.1:$port"
  redis_version=$(redis-server --version | sed 's/.*v=\([^ ]*\).*/\1/')
else
  redis_version="(external: $CACHET_REDIS_ADDRESS)"
fi

java -javaagent:agent/target/cachet-agent.jar -Dcachet.log.level=WARN \
  -cp benchmarks/target/benchmarks.jar io.cachet.benchmarks.Seed
java -jar benchmarks/target/benchmarks.jar "${opts[@]}" -rf json -rff benchmarks/target/results.json
python3 benchmarks/results.py benchmarks/target/results.json "$mode" "$redis_version" > benchmarks/RESULTS.md
cat benchmarks/RESULTS.md
