#!/usr/bin/env bash
# jvm_compile.sh — the one compile action of migrate's offline rules_kotlin / rules_scala
# stand-ins (the same file is in rules_kotlin/kotlin/private and rules_scala/scala/private;
# keep them identical).
#
# Usage: jvm_compile.sh @PARAMS_FILE    (one argument per line, written by the rules)
#   --lang kotlin|scala          which compiler runs over the .kt / .scala sources
#   --compiler PATH              kotlinc or scalac launcher
#   --java-home PATH             JDK for the compilers, javac and jar (execroot-relative is fine)
#   --output JAR                 the jar to write
#   --label LABEL                written into the manifest (Target-Label), like Bazel's javac
#   --classpath CP               ':'-separated compile classpath (may be empty)
#   --compiler-flag FLAG         passed to kotlinc/scalac (repeatable)
#   --friend-path JAR            kotlinc only: a jar whose `internal`s this module sees
#                                (-Xfriend-paths, with absolute paths like the classpath)
#   --javac-flag FLAG            passed to javac for the .java sources (repeatable)
#   --resource SRC DEST          copy SRC into the jar as DEST (repeatable)
#   --src FILE                   a source file (.kt, .scala or .java; repeatable)
#   --abi-output JAR             kotlinc only: also write the ABI jar dependents compile against
#   --abi-plugin JAR             kotlinc only: the jvm-abi-gen compiler plugin that makes it
#   --abi-tool-classpath CP      kotlinc only: classpath of StableAbi, which makes it stable
#
# Steps: (1) kotlinc/scalac compile the Kotlin/Scala sources, reading the .java sources of the
# same target for their declarations (mixed compilation); (2) javac compiles the .java sources
# against the classes of step 1; (3) resources are copied in; (4) everything is packed into a
# reproducible jar: entries sorted by name, every timestamp 2010-01-01T00:00:00Z, fixed manifest.
# With --abi-output, kotlinc's jvm-abi-gen plugin writes the Kotlin classes without private
# members and without the bodies of non-inline functions; the ABI jar packs those, the
# .kotlin_module files and the classes javac made (in full), so an ABI-preserving change to the
# target leaves the ABI jar byte-identical and Bazel does not recompile its dependents.
set -euo pipefail

die() { echo "jvm_compile: $*" >&2; exit 1; }

[ $# = 1 ] && [ "${1:0:1}" = "@" ] || die "usage: jvm_compile.sh @PARAMS_FILE"
mapfile -t ARGV < "${1:1}"

LANG_NAME="" COMPILER="" JAVA_HOME_ARG="" OUTPUT="" LABEL="" CLASSPATH_ARG=""
ABI_OUTPUT="" ABI_PLUGIN="" ABI_TOOL_CP=""
COMPILER_FLAGS=() JAVAC_FLAGS=() RESOURCES=() LANG_SRCS=() JAVA_SRCS=() FRIENDS=()
i=0
while [ $i -lt ${#ARGV[@]} ]; do
  arg=${ARGV[$i]}
  case "$arg" in
    --lang) LANG_NAME=${ARGV[$((i + 1))]}; i=$((i + 2)) ;;
    --compiler) COMPILER=${ARGV[$((i + 1))]}; i=$((i + 2)) ;;
    --java-home) JAVA_HOME_ARG=${ARGV[$((i + 1))]}; i=$((i + 2)) ;;
    --output) OUTPUT=${ARGV[$((i + 1))]}; i=$((i + 2)) ;;
    --label) LABEL=${ARGV[$((i + 1))]}; i=$((i + 2)) ;;
    --classpath) CLASSPATH_ARG=${ARGV[$((i + 1))]}; i=$((i + 2)) ;;
    --compiler-flag) COMPILER_FLAGS+=("${ARGV[$((i + 1))]}"); i=$((i + 2)) ;;
    --abi-output) ABI_OUTPUT=${ARGV[$((i + 1))]}; i=$((i + 2)) ;;
    --abi-plugin) ABI_PLUGIN=${ARGV[$((i + 1))]}; i=$((i + 2)) ;;
    --abi-tool-classpath) ABI_TOOL_CP=${ARGV[$((i + 1))]}; i=$((i + 2)) ;;
    --friend-path) FRIENDS+=("${ARGV[$((i + 1))]}"); i=$((i + 2)) ;;
    --javac-flag) JAVAC_FLAGS+=("${ARGV[$((i + 1))]}"); i=$((i + 2)) ;;
    --resource) RESOURCES+=("${ARGV[$((i + 1))]}" "${ARGV[$((i + 2))]}"); i=$((i + 3)) ;;
    --src)
      src=${ARGV[$((i + 1))]}; i=$((i + 2))
      case "$src" in
        *.java) JAVA_SRCS+=("$src") ;;
        *.kt | *.scala) LANG_SRCS+=("$src") ;;
        *) die "unsupported source file $src (only .kt, .scala and .java)" ;;
      esac
      ;;
    *) die "unknown argument '$arg'" ;;
  esac
done
[ -n "$OUTPUT" ] || die "--output is required"
if [ -n "$ABI_OUTPUT" ]; then
  [ "$LANG_NAME" = kotlin ] || die "--abi-output is only for --lang kotlin"
  [ -n "$ABI_PLUGIN" ] || die "--abi-output needs --abi-plugin (kotlin-jvm-abi-gen.jar)"
  [ -n "$ABI_TOOL_CP" ] || die "--abi-output needs --abi-tool-classpath (StableAbi)"
fi

abs() { case "$1" in /*) echo "$1" ;; *) echo "$PWD/$1" ;; esac; }

# The JDK: Bazel's host Java runtime (its bin/java runs the compilers, its javac and jar do the
# rest). kotlinc/scalac pick their JVM from JAVA_HOME.
if [ -n "$JAVA_HOME_ARG" ] && [ -x "$(abs "$JAVA_HOME_ARG")/bin/java" ]; then
  export JAVA_HOME
  JAVA_HOME=$(abs "$JAVA_HOME_ARG")
fi
if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/javac" ]; then
  JAVAC=$JAVA_HOME/bin/javac JAR=$JAVA_HOME/bin/jar JAVA=$JAVA_HOME/bin/java
else
  JAVAC=$(command -v javac) || die "no javac: the Java runtime '$JAVA_HOME_ARG' is not a JDK"
  JAR=$(command -v jar) || die "no jar tool found"
  JAVA=$(command -v java) || die "no java found"
fi
# Compiler JVMs: enough heap for real modules (the launchers default to -Xmx256M).
export JAVA_OPTS=${JVM_COMPILE_JAVA_OPTS:--Xmx1g -Xss4m}
# Same bytes whatever the locale and time zone of the machine.
export LC_ALL=C TZ=UTC

OUTPUT=$(abs "$OUTPUT")
WORK="${OUTPUT%.jar}.jvm_compile.d"   # next to the output: always writable, even sandboxed
rm -rf "$WORK"
CLASSES=$WORK/classes ABI=$WORK/abi
mkdir -p "$CLASSES/META-INF" "$ABI/META-INF"
trap 'rm -rf "$WORK"' EXIT

# Classpath entries are execroot-relative: make them absolute (the compilers do not cd, but
# this keeps error messages unambiguous and survives a cd in a launcher script).
CP=""
IFS=':' read -r -a CP_ENTRIES <<< "$CLASSPATH_ARG"
for entry in "${CP_ENTRIES[@]}"; do
  [ -n "$entry" ] && CP="${CP:+$CP:}$(abs "$entry")"
done

if [ ${#FRIENDS[@]} -gt 0 ]; then
  friends=""
  for jar in "${FRIENDS[@]}"; do friends="${friends:+$friends,}$(abs "$jar")"; done
  COMPILER_FLAGS+=("-Xfriend-paths=$friends")
fi

run_filtered() {  # run a compiler; drop the JDK 13+ "-Xverify:none is deprecated" JVM warning
  local log=$WORK/compiler.log status=0
  "$@" >"$log" 2>&1 || status=$?
  grep -v -e 'Options -Xverify:none and -noverify were deprecated' \
          -e 'warning: -Xverify:none' "$log" >&2 || true
  return $status
}

# (1) Kotlin or Scala, reading the Java sources too.
if [ ${#LANG_SRCS[@]} -gt 0 ]; then
  [ -n "$COMPILER" ] || die "--compiler is required for ${LANG_SRCS[0]}"
  case "$LANG_NAME" in
    kotlin)
      if [ -n "$ABI_OUTPUT" ]; then
        COMPILER_FLAGS+=("-Xplugin=$(abs "$ABI_PLUGIN")"
                         "-P" "plugin:org.jetbrains.kotlin.jvm.abi:outputDir=$ABI")
      fi
      run_filtered "$COMPILER" -d "$CLASSES" ${CP:+-cp "$CP"} "${COMPILER_FLAGS[@]}" \
        "${LANG_SRCS[@]}" "${JAVA_SRCS[@]}" \
        || die "kotlinc failed for $LABEL"
      ;;
    scala)
      run_filtered "$COMPILER" -d "$CLASSES" -classpath "${CP:-.}" "${COMPILER_FLAGS[@]}" \
        "${LANG_SRCS[@]}" "${JAVA_SRCS[@]}" \
        || die "scalac failed for $LABEL"
      ;;
    *) die "--lang must be kotlin or scala, not '$LANG_NAME'" ;;
  esac
fi

# (2) Java, against the Kotlin/Scala classes just compiled.
(cd "$CLASSES" && find . -name '*.class' | sort) > "$WORK/before-javac"
if [ ${#JAVA_SRCS[@]} -gt 0 ]; then
  "$JAVAC" -d "$CLASSES" -cp "$CLASSES${CP:+:$CP}" -encoding UTF-8 -implicit:none \
    "${JAVAC_FLAGS[@]}" "${JAVA_SRCS[@]}" || die "javac failed for $LABEL"
fi

# (3) Resources.
j=0
while [ $j -lt ${#RESOURCES[@]} ]; do
  src=${RESOURCES[$j]} dest=${RESOURCES[$((j + 1))]}; j=$((j + 2))
  mkdir -p "$CLASSES/$(dirname "$dest")"
  cp -L "$src" "$CLASSES/$dest"
  chmod u+w "$CLASSES/$dest"
done

# (4) Reproducible jars. The manifest is packed as an ordinary (first) entry so it gets the
# same fixed timestamp as every other entry; directory entries are left out, like Bazel's jars.
{
  echo "Manifest-Version: 1.0"
  echo "Created-By: migrate offline ${LANG_NAME:-jvm} rules"
  [ -n "$LABEL" ] && echo "Target-Label: $LABEL"
} | tr -d '\r' | sed 's/$/\r/' > "$WORK/MANIFEST.MF"

pack() {  # pack DIR JAR
  local dir=$1 jar=$2
  rm -f "$dir/META-INF/MANIFEST.MF"
  cp "$WORK/MANIFEST.MF" "$dir/META-INF/MANIFEST.MF"
  find "$dir" -exec touch -h -d '2010-01-01 00:00:00 UTC' {} +
  (
    cd "$dir"
    { echo META-INF/MANIFEST.MF; find . -type f ! -path ./META-INF/MANIFEST.MF | sed 's|^\./||' | sort; } > "$WORK/entries"
    rm -f "$jar"
    "$JAR" -c -M -f "$jar" @"$WORK/entries"
  )
}
pack "$CLASSES" "$OUTPUT"

if [ -n "$ABI_OUTPUT" ]; then
  # The Kotlin ABI (jvm-abi-gen) plus what it does not cover: the module files (top-level
  # functions are found through them) and the classes javac compiled; StableAbi then strips
  # what changes with method bodies (see rules_kotlin's private/StableAbi.java).
  (cd "$CLASSES" && find META-INF -name '*.kotlin_module') | while read -r module; do
    mkdir -p "$ABI/$(dirname "$module")"
    cp "$CLASSES/$module" "$ABI/$module"
  done
  (cd "$CLASSES" && find . -name '*.class' | sort) | comm -13 "$WORK/before-javac" - | while read -r class; do
    mkdir -p "$ABI/$(dirname "$class")"
    cp "$CLASSES/$class" "$ABI/$class"
  done
  tool_cp=""
  IFS=':' read -r -a TOOL_ENTRIES <<< "$ABI_TOOL_CP"
  for entry in "${TOOL_ENTRIES[@]}"; do tool_cp="${tool_cp:+$tool_cp:}$(abs "$entry")"; done
  "$JAVA" -cp "$tool_cp" migrate.rules.kotlin.StableAbi "$ABI" || die "StableAbi failed for $LABEL"
  pack "$ABI" "$(abs "$ABI_OUTPUT")"
fi
