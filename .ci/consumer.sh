#!/usr/bin/env bash
# Proves that `mvn install` yields artifacts another project can depend on: installs pgmob-java
# (with its sources and Javadoc jars) into a throwaway local Maven repository, then
# builds and tests .ci/consumer, a project that imports pgmob-bom and uses pgmob-reactive-core,
# against that repository only. The shared ~/.m2 is only read (to seed the copy), never written.
set -euo pipefail
cd "$(dirname "$0")/.."

repo=$(mktemp -d "${TMPDIR:-/tmp}/pgmob-consumer-repo.XXXXXX")
trap 'rm -rf "$repo"' EXIT
seed=${PGMOB_CONSUMER_SEED_REPO:-$HOME/.m2/repository}
if [ -d "$seed" ]; then
  # a plain copy, not hard links: Maven updates some bookkeeping files in place
  cp -a "$seed/." "$repo/"
fi

# -Prelease: also the Javadoc jars, so a Javadoc error (and, in the modules that hold it, a
# Javadoc warning) fails CI here
./mvnw -B -q install -DskipTests -Prelease -Dmaven.repo.local="$repo"

version=$(sed -n 's:^  <version>\(.*\)</version>$:\1:p' bom/pom.xml | head -1)
if [ ! -f "$repo/io/pgmob/pgmob-bom/$version/pgmob-bom-$version.pom" ]; then
  echo "consumer: pgmob-bom $version was not installed into $repo" >&2
  exit 1
fi
echo "consumer: building .ci/consumer against pgmob-bom $version"
./mvnw -B -f .ci/consumer/pom.xml verify -Dmaven.repo.local="$repo" -Dpgmob.version="$version"
