#!/usr/bin/env bash
# A user's build, outside the reactor: install the library modules into the local repository,
# extract the README's Java example into consumer/, build it against pfms-bom (no versions of its
# own), and run it on the class path and on the module path. Run after the main build.
set -euo pipefail
cd "$(dirname "$0")/.."
. .ci/jdk.sh >/dev/null
libs=pfms-bom,pfms-api,pfms-tck,pfms-core,pfms-ml,pfms-crypto
./mvnw -B -ntp -q install -DskipTests -pl "$libs" -am
src=consumer/src/main/java/example
mkdir -p "$src"
# the first ```java block of the README, exactly as a reader sees it
awk '/^```java$/ {on=1; next} on && /^```$/ {exit} on' README.md | sed '1i package example;' > "$src/ReadmeExample.java"
./mvnw -B -ntp -q -f consumer/pom.xml package
cp=$(cat consumer/target/runtime-path.txt)
flags=(--enable-native-access=ALL-UNNAMED -Dai.djl.offline=true -Dorg.slf4j.simpleLogger.defaultLogLevel=warn)
echo "consumer: README example on the class path"
java "${flags[@]}" -cp "consumer/target/classes:$cp" example.ReadmeExample sample_data > consumer/target/classpath.out
echo "consumer: README example on the module path"
java "${flags[@]}" -p "$cp" --add-modules ALL-MODULE-PATH -cp consumer/target/classes example.ReadmeExample sample_data > consumer/target/modulepath.out
diff consumer/target/classpath.out consumer/target/modulepath.out >/dev/null \
  || { echo "consumer: class-path and module-path runs differ" >&2; diff consumer/target/classpath.out consumer/target/modulepath.out >&2; exit 1; }
grep -q "Forecast" consumer/target/classpath.out || { echo "consumer: the example printed no forecast" >&2; exit 1; }
echo "consumer: OK ($(wc -l < consumer/target/classpath.out) lines, same on both paths)"
