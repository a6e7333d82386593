# Sourced by up, down and status: runs the test kit's LocalStack on its build-time classpath.
# Builds the project first when something the stack runs is missing, when sources changed since the
# last build it made (or when asked with --build).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
java_bin="${JAVA_HOME:+$JAVA_HOME/bin/}java"

heed_build_if_needed() {
  local missing="" scope=()
  if [[ " $* " == *" --infra-only "* ]]; then
    scope=(-pl privacy-testkit -am)
  else
    for module in consent-service dsr-service audit-service retention-service; do
      [ -f "$root/$module/target/quarkus-app/quarkus-run.jar" ] || missing="$missing $module"
    done
    for module in examples/support-desk examples/marketing-mailer; do
      [ -f "$root/$module/target/classpath.txt" ] || missing="$missing $module"
    done
  fi
  [ -f "$root/privacy-testkit/target/launcher-classpath.txt" ] || missing="$missing privacy-testkit"
  # After a pull or an edit the jars are there but old: running them would show yesterday's code.
  local stamp="$root/deploy/local/.state/built-at"
  if [ -z "$missing" ] && { [ ! -f "$stamp" ] || [ -n "$(find "$root" \( -path '*/src/main/*' -o -name pom.xml \) \
      -newer "$stamp" -not -path '*/target/*' -not -path '*/.state/*' -print -quit)" ]; }; then
    missing="sources changed since the last build"
  fi
  if [ -n "$missing" ] || [[ " $* " == *" --build "* ]]; then
    echo "Building Heed (${missing:-requested}) ..."
    (cd "$root" && ./mvnw -B -q install -DskipTests "${scope[@]}")
    # Only a build of everything vouches for everything.
    if [ ${#scope[@]} -eq 0 ]; then
      mkdir -p "$(dirname "$stamp")" && touch "$stamp"
    fi
  fi
}

heed_launch() {
  local command=$1
  shift
  local classpath_file="$root/privacy-testkit/target/launcher-classpath.txt"
  if [ ! -f "$classpath_file" ]; then
    echo "Heed was never built here, so nothing of it runs."
    return 0
  fi
  "$java_bin" -Dslf4j.internal.verbosity=ERROR -cp "$root/privacy-testkit/target/classes:$(cat "$classpath_file")" \
    dev.heed.testkit.stack.LocalStack "$command" "$root" "$@"
}
