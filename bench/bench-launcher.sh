#!/usr/bin/env bash
# Shared by bench/consent-bench and bench/audit-bench: builds the bench module when its sources
# changed, loads the local stack's addresses and tokens, then runs one benchmark class.
# usage: bench-launcher.sh <main class> <token variable it needs> [benchmark options]
set -euo pipefail
main_class=$1
token_variable=$2
shift 2
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
java_bin="${JAVA_HOME:+$JAVA_HOME/bin/}java"
classpath_file="$root/bench/target/bench-classpath.txt"

if [ ! -f "$classpath_file" ] || [ -n "$(find "$root/bench/src/main" "$root/bench/pom.xml" -newer "$classpath_file" -print -quit)" ]; then
  echo "Building the bench ..."
  (cd "$root" && ./mvnw -B -q -pl bench -am package -DskipTests)
  touch "$classpath_file" # the plugin leaves an unchanged classpath file as it was
fi

tokens="$root/deploy/local/.state/tokens.env"
if [ -z "${!token_variable:-}" ]; then
  if [ ! -f "$tokens" ]; then
    echo "No tokens: start the local stack first with deploy/local/up" >&2
    exit 1
  fi
  source "$tokens"
fi

cd "$root"
exec "$java_bin" -cp "$root/bench/target/classes:$(cat "$classpath_file")" "dev.heed.bench.$main_class" "$@"
