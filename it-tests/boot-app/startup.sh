#!/usr/bin/env bash
# Start-up cost of the agent on the Boot application: the time from launching `java -jar` to the
# first answered HTTP request (a cached repository call), with and without the agent, runs
# interleaved so that both see the same machine; prints each run and the medians.
# Usage: it-tests/boot-app/startup.sh [runs-per-side] (build first: mvn -B -DskipTests package)
set -euo pipefail
cd "$(dirname "$0")/../.."
runs=${1:-7}
jar=it-tests/boot-app/target/cachet-it-boot-app.jar
agent=agent/target/cachet-agent.jar
rules=it-tests/src/test/resources/boot-app/cachet.properties
port=18791

once() { # $1: extra JVM options; prints milliseconds to the first answer
  local start end pid fifo
  fifo=$(mktemp -u); mkfifo "$fifo"
  start=$(date +%s%N)
  java $1 -jar "$jar" --server.port=$port <"$fifo" >/dev/null 2>&1 &
  pid=$!
  exec 3>"$fifo"
  until curl -sf "http://127.0.0.1:$port/authors/1" >/dev/null 2>&1; do sleep 0.02; done
  end=$(date +%s%N)
  echo exit >&3; exec 3>&-          # the application stops on "exit"
  wait "$pid" 2>/dev/null || true
  rm -f "$fifo"
  echo $(( (end - start) / 1000000 ))
}

median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : int((a[NR/2] + a[NR/2+1]) / 2)}'; }

without=(); with=()
for i in $(seq "$runs"); do
  without+=("$(once "")")
  with+=("$(once "-javaagent:$agent=config=$rules")")
  echo "run $i: without ${without[-1]} ms, with ${with[-1]} ms"
done
w=$(printf '%s\n' "${without[@]}" | median); a=$(printf '%s\n' "${with[@]}" | median)
echo "median of $runs: without the agent $w ms, with it $a ms (+$((a - w)) ms)"
