# Sourced by .ci/run and usable by people: picks a JDK >= 21 into JAVA_HOME when the current one is older.
pfms_java_major() { "$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p' | head -1; }
if [ -z "${JAVA_HOME:-}" ] || [ "$(pfms_java_major "$JAVA_HOME" 2>/dev/null || echo 0)" -lt 21 ] 2>/dev/null; then
  for candidate in /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/temurin-21-jdk-amd64 /usr/lib/jvm/java-25-openjdk-amd64 /usr/lib/jvm/java-21-openjdk-amd64 /usr/lib/jvm/*; do
    if [ -x "$candidate/bin/java" ] && [ "$(pfms_java_major "$candidate")" -ge 21 ] 2>/dev/null; then
      export JAVA_HOME="$candidate"
      break
    fi
  done
fi
if [ -z "${JAVA_HOME:-}" ] || [ "$(pfms_java_major "$JAVA_HOME")" -lt 21 ]; then
  echo "pfms needs a JDK 21 or newer; none found under /usr/lib/jvm. Install one and set JAVA_HOME." >&2
  exit 1
fi
export PATH="$JAVA_HOME/bin:$PATH"
echo "Using JDK at $JAVA_HOME ($(pfms_java_major "$JAVA_HOME"))"
# Maven 3.9's bundled Guice uses sun.misc.Unsafe; JDK 24+ warns about it on every run.
if [ "$(pfms_java_major "$JAVA_HOME")" -ge 24 ]; then
  case "${MAVEN_OPTS:-}" in *sun-misc-unsafe*) ;; *) export MAVEN_OPTS="--sun-misc-unsafe-memory-access=allow ${MAVEN_OPTS:-}";; esac
fi
