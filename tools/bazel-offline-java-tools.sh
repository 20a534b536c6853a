#!/usr/bin/env bash
# bazel-offline-java-tools.sh — build an OFFLINE Java toolchain for Debian's Bazel 4.2.3.
#
# Debian 12's bazel-bootstrap (Bazel 4.2.3) cannot build any Java offline: the
# repositories @rules_cc, @rules_java, @remote_java_tools_linux and
# @remote_coverage_tools are normally downloaded. This script builds a local
# stand-in for @remote_java_tools_linux from the sources shipped in
# bazel-bootstrap-source (VanillaJavaBuilder, GenClass, singlejar, ijar and the
# JUnit test runner), plus stub @rules_cc and @remote_coverage_tools, using only
# Debian packages (see tools/setup-debian.sh for the list).
#
# Output (~19 MB), default /opt/bazel-offline (env MIGRATE_BAZEL_OFFLINE_DIR):
#   $OUT/remote_java_tools_linux   java_toolchain targets :toolchain and
#                                  :toolchain_gradle_compat (javac misc = ["-g"])
#   $OUT/rules_cc                  stub
#   $OUT/remote_coverage_tools     stub (bazel coverage is unsupported offline)
#   $OUT/offline.bazelrc           the --override_repository lines for this $OUT
#   $OUT/.migrate-stamp            version stamp; a changed script rebuilds
#
# Skips the build when the stamp matches (this script's sha256 + the
# bazel-bootstrap-source version). Builds into a temporary sibling directory and
# swaps it in at the end, so an interrupted run never leaves a half-built $OUT.
set -euo pipefail

PROG=$(basename "$0")
OUT=${MIGRATE_BAZEL_OFFLINE_DIR:-/opt/bazel-offline}
SRC=${MIGRATE_BAZEL_SRC:-/usr/src/bazel-bootstrap}   # from bazel-bootstrap-source
SERVER_JAR=${MIGRATE_BAZEL_SERVER_JAR:-/usr/share/bazel/A-server.jar}  # fat jar: guava, protobuf-java, worker protos
RULES_JAVA=${MIGRATE_BAZEL_RULES_JAVA:-/usr/share/bazel/rules/java}   # from bazel-rules-java
JAVA_LIB=/usr/share/java
FORCE=0
CHECK_ONLY=0

usage() {
  cat <<EOF
Usage: $PROG [--force] [--check] [--help]

Builds the offline Bazel 4.2.3 Java toolchain into \$MIGRATE_BAZEL_OFFLINE_DIR
(default /opt/bazel-offline) from /usr/src/bazel-bootstrap (Debian package
bazel-bootstrap-source). Takes ~45 s on 2 cores; skipped when already built by
this exact version of the script.

  --force   rebuild even if the version stamp matches
  --check   only report: exit 0 if up to date, 1 if a (re)build is needed
  --help    this text

Afterwards use (or try-import) $OUT/offline.bazelrc, which holds:
  build --override_repository=rules_cc=$OUT/rules_cc
  build --override_repository=rules_java=$RULES_JAVA
  build --override_repository=remote_java_tools_linux=$OUT/remote_java_tools_linux
  build --override_repository=remote_coverage_tools=$OUT/remote_coverage_tools
  build --override_repository=remote_java_tools_{windows,darwin}=$OUT/remote_java_tools_linux
  (and the same for query and fetch, which do not inherit build options)
Optional: --java_toolchain=@remote_java_tools_linux//:toolchain_gradle_compat
gives javac flags identical to Gradle's (-g, no -parameters).
EOF
}

die() { echo "$PROG: error: $*" >&2; exit 1; }

while [ $# -gt 0 ]; do
  case "$1" in
    --force) FORCE=1 ;;
    --check) CHECK_ONLY=1 ;;
    -h|--help) usage; exit 0 ;;
    *) echo "$PROG: unknown argument: $1" >&2; usage >&2; exit 2 ;;
  esac
  shift
done

case "$OUT" in
  /*) ;;
  *) die "MIGRATE_BAZEL_OFFLINE_DIR must be an absolute path (got '$OUT')" ;;
esac
OUT=${OUT%/}
[ -n "$OUT" ] || die "MIGRATE_BAZEL_OFFLINE_DIR must not be /"

# ---- version stamp ------------------------------------------------------------
SELF=$(readlink -f "${BASH_SOURCE[0]}")
src_version=$(dpkg-query -W -f='${Version}' bazel-bootstrap-source 2>/dev/null || echo unknown)
STAMP="script-sha256=$(sha256sum "$SELF" | cut -d' ' -f1) bazel-bootstrap-source=$src_version out=$OUT"
MARKER=$OUT/.migrate-stamp

if [ "$FORCE" = 0 ] && [ -f "$MARKER" ] && [ "$(cat "$MARKER")" = "$STAMP" ] \
   && [ -x "$OUT/remote_java_tools_linux/java_tools/ijar/ijar" ]; then
  echo "$PROG: up to date in $OUT (skipped)"
  exit 0
fi
if [ "$CHECK_ONLY" = 1 ]; then
  echo "$PROG: $OUT needs a (re)build"
  exit 1
fi

# ---- prerequisites --------------------------------------------------------------
missing=()
for c in javac jar unzip protoc g++ sha256sum; do
  command -v "$c" >/dev/null 2>&1 || missing+=("command $c")
done
for f in "$SERVER_JAR" "$RULES_JAVA/java/defs.bzl" \
         "$JAVA_LIB/auto-value.jar" "$JAVA_LIB/auto-common.jar" "$JAVA_LIB/guava.jar" \
         "$JAVA_LIB/javapoet.jar" "$JAVA_LIB/escapevelocity.jar" "$JAVA_LIB/junit4.jar" \
         "$JAVA_LIB/hamcrest.jar" "$JAVA_LIB/atinject-jsr330-api.jar" /usr/include/zlib.h \
         "$SRC/src/main/protobuf/java_compilation.proto" "$SRC/third_party/ijar/ijar.cc"; do
  [ -e "$f" ] || missing+=("$f")
done
if [ ${#missing[@]} -gt 0 ]; then
  {
    echo "$PROG: error: missing prerequisites:"
    printf '  %s\n' "${missing[@]}"
    echo "Install them with: apt-get install bazel-bootstrap bazel-bootstrap-source bazel-rules-java \\"
    echo "    protobuf-compiler junit4 libhamcrest-java libguava-java libatinject-jsr330-api-java \\"
    echo "    libgoogle-auto-value-java libgoogle-auto-common-java libjavapoet-java libescapevelocity-java \\"
    echo "    default-jdk-headless g++ zlib1g-dev unzip"
    echo "(or simply run tools/setup-debian.sh)"
  } >&2
  exit 1
fi

# ---- workspace ------------------------------------------------------------------
mkdir -p "$(dirname "$OUT")"
STAGE=$(mktemp -d "$OUT.partial.XXXXXX")        # becomes $OUT at the end
W=$(mktemp -d -t bazel-offline-build.XXXXXX)    # scratch
trap 'rm -rf "$W" "$STAGE"' EXIT
R=$STAGE/remote_java_tools_linux
mkdir -p "$R/java_tools/ijar"
JAVAC=(javac -nowarn -source 11 -target 11 -encoding UTF-8)
step() { echo "$PROG: $*"; }

# ---- 0. support classes taken from Bazel's own server jar ----------------------
step "extracting support classes from $SERVER_JAR"
mkdir -p "$W/support"
( cd "$W/support" && unzip -q -o "$SERVER_JAR" \
    'com/google/common/*' 'com/google/thirdparty/*' 'com/google/protobuf/*' \
    'com/google/devtools/build/lib/view/proto/*' \
    'com/google/devtools/build/lib/worker/WorkerProtocol*' \
    'com/google/devtools/build/lib/shell/ShellUtils*' \
    'javax/annotation/*' )

# ---- 1. java_compilation.proto -> Java (JavaCompilation.Manifest is not in A-server.jar)
mkdir -p "$W/gen"
protoc --proto_path="$SRC/src/main/protobuf" --java_out="$W/gen" \
    "$SRC/src/main/protobuf/java_compilation.proto"

BJ=$SRC/src/java_tools/buildjar/java/com/google/devtools/build/buildjar
mkjar() {  # mkjar OUT.jar MAIN_CLASS DIR...   (fixed timestamps: reproducible jars)
  local out=$1 main=$2; shift 2
  local m="$W/manifest.txt"
  printf 'Main-Class: %s\nCreated-By: migrate bazel-offline\n' "$main" > "$m"
  local stage; stage=$(mktemp -d "$W/stage.XXXX")
  local d
  for d in "$@"; do cp -r "$d"/. "$stage"/; done
  rm -rf "$stage/META-INF"
  (cd "$stage" && jar --create --file "$out" --manifest "$m" --date=2010-01-01T00:00:00Z .)
  rm -rf "$stage"
}

# ---- 2. VanillaJavaBuilder (JavaBuilder on the host JDK's javac) ----------------
step "building VanillaJavaBuilder"
mkdir -p "$W/vjb"
"${JAVAC[@]}" -d "$W/vjb" -cp "$SERVER_JAR" \
    -processorpath "$JAVA_LIB/auto-value.jar:$JAVA_LIB/auto-common.jar:$JAVA_LIB/guava.jar:$JAVA_LIB/javapoet.jar:$JAVA_LIB/escapevelocity.jar" \
    -processor com.google.auto.value.processor.AutoValueProcessor \
    "$W/gen/com/google/devtools/build/buildjar/proto/JavaCompilation.java" \
    "$BJ/InvalidCommandLineException.java" "$BJ/JarOwner.java" "$BJ/OptionsParser.java" \
    "$BJ/VanillaJavaBuilder.java" "$BJ/javac/JavacOptions.java" "$BJ/javac/WerrorCustomOption.java" \
    "$BJ"/jarhelper/*.java
mkjar "$R/java_tools/VanillaJavaBuilder_deploy.jar" \
    com.google.devtools.build.buildjar.VanillaJavaBuilder "$W/vjb" "$W/support"

# ---- 3. GenClass (only used with annotation processors that generate API) ------
step "building GenClass"
mkdir -p "$W/genclass"
"${JAVAC[@]}" -d "$W/genclass" -cp "$W/vjb:$SERVER_JAR" "$BJ"/genclass/*.java
mkjar "$R/java_tools/GenClass_deploy.jar" \
    com.google.devtools.build.buildjar.genclass.GenClass "$W/genclass" "$W/vjb" "$W/support"

# ---- 4. singlejar (Java implementation; _deploy.jar, -src.jar, ...) ------------
step "building singlejar"
SJ=$SRC/src/java_tools/singlejar/java/com/google/devtools/build
mkdir -p "$W/sj"
sj_srcs=()
for f in "$SJ"/singlejar/*.java; do
  case "$f" in *Java8DesugarDepsJarEntryFilter*) ;; *) sj_srcs+=("$f") ;; esac
done
"${JAVAC[@]}" -d "$W/sj" -cp "$SERVER_JAR" "${sj_srcs[@]}" "$SJ"/zip/*.java
mkjar "$R/java_tools/bazel-singlejar_deploy.jar" \
    com.google.devtools.build.singlejar.SingleJar "$W/sj" "$W/support"

# ---- 5. ijar (C++; interface jars for java_import and ABI jars) ----------------
step "building ijar (C++)"
IJ=$SRC/third_party/ijar
g++ -O2 -std=c++14 -include cstring -I"$SRC" -o "$R/java_tools/ijar/ijar" \
    "$IJ/classfile.cc" "$IJ/ijar.cc" "$IJ/mapped_file_unix.cc" "$IJ/platform_utils.cc" \
    "$IJ/zip.cc" "$IJ/zlib_client.cc" \
    "$SRC"/src/main/cpp/util/{file.cc,path.cc,file_posix.cc,path_posix.cc,errors_posix.cc,logging.cc,strings.cc,numbers.cc} \
    -lz

# ---- 6. BazelTestRunner (java_test main). JUnit4/hamcrest are NOT bundled (tests
#         depend on junit, as upstream). Guava+protobuf ARE bundled: BazelTestRunner.main
#         touches PersistentTestRunner, whose verification needs com.google.common.hash.*
step "building the JUnit test runner"
JR=$SRC/src/java_tools/junitrunner/java/com/google/testing/junit
mkdir -p "$W/runner" "$W/inject"
mapfile -t jr_srcs < <(find "$JR" -name '*.java' -not -path '*/sharding/testing/*' | sort)
"${JAVAC[@]}" -d "$W/runner" \
    -cp "$SERVER_JAR:$JAVA_LIB/junit4.jar:$JAVA_LIB/hamcrest.jar:$JAVA_LIB/atinject-jsr330-api.jar" \
    "${jr_srcs[@]}"
( cd "$W/inject" && unzip -q "$JAVA_LIB/atinject-jsr330-api.jar" 'javax/*' )
mkjar "$R/java_tools/Runner_deploy.jar" \
    com.google.testing.junit.runner.BazelTestRunner "$W/runner" "$W/inject" "$W/support"

# ---- 6b. placeholders so that a full `bazel query 'deps(...)'` resolves every label
#          that @bazel_tools//tools/jdk references (NOT functional offline).
printf 'Manifest-Version: 1.0\n' > "$W/empty.mf"
for f in turbine_deploy.jar turbine_direct_binary_deploy.jar JacocoCoverage_jarjar_deploy.jar; do
  (cd "$W" && jar --create --file "$R/java_tools/$f" --manifest empty.mf --date=2010-01-01T00:00:00Z)
done
cp "$R/java_tools/VanillaJavaBuilder_deploy.jar" "$R/java_tools/JavaBuilder_deploy.jar"

# ---- 7. the repository's WORKSPACE/BUILD ----------------------------------------
echo 'workspace(name = "remote_java_tools_linux")' > "$R/WORKSPACE"
cat > "$R/BUILD" <<'EOF'
# Offline stand-in for @remote_java_tools_linux (java_tools_javac11_linux-v10.6),
# built from Debian's bazel-bootstrap-source by migrate's tools/bazel-offline-java-tools.sh.
# Differences from upstream: VanillaJavaBuilder (host JDK javac, no Error Prone,
# no strict deps), no header compilation (Turbine), Java singlejar, no Jacoco/proguard.
package(default_visibility = ["//visibility:public"])

load("@rules_java//java:defs.bzl", "java_toolchain")

exports_files(glob(["java_tools/**"]))

filegroup(name = "ijar", srcs = ["java_tools/ijar/ijar"])
filegroup(name = "singlejar", srcs = ["java_tools/bazel-singlejar_deploy.jar"])
filegroup(name = "GenClass", srcs = ["java_tools/GenClass_deploy.jar"])
filegroup(name = "JavaBuilder", srcs = ["java_tools/VanillaJavaBuilder_deploy.jar"])
filegroup(name = "VanillaJavaBuilder", srcs = ["java_tools/VanillaJavaBuilder_deploy.jar"])
filegroup(name = "Turbine", srcs = [])
filegroup(name = "TurbineDirect", srcs = [])
filegroup(name = "javac_jar", srcs = [])
filegroup(name = "jdk_compiler_jar", srcs = [])
filegroup(name = "java_compiler_jar", srcs = [])
filegroup(name = "proguard", srcs = [])

java_toolchain(
    name = "toolchain",
    bootclasspath = ["@bazel_tools//tools/jdk:platformclasspath"],
    forcibly_disable_header_compilation = True,
    genclass = [":GenClass"],
    ijar = [":ijar"],
    javabuilder = [":VanillaJavaBuilder"],
    javac_supports_workers = True,
    jvm_opts = [],
    misc = ["-g", "-parameters"],
    singlejar = [":singlejar"],
    source_version = "8",
    target_version = "8",
)

# Same, but javac flags match Gradle's JavaCompile defaults (-g, no -parameters),
# so .class files come out byte-identical to Gradle's for the same -source/-target.
# Use: --java_toolchain=@remote_java_tools_linux//:toolchain_gradle_compat
java_toolchain(
    name = "toolchain_gradle_compat",
    bootclasspath = ["@bazel_tools//tools/jdk:platformclasspath"],
    forcibly_disable_header_compilation = True,
    genclass = [":GenClass"],
    ijar = [":ijar"],
    javabuilder = [":VanillaJavaBuilder"],
    javac_supports_workers = True,
    jvm_opts = [],
    misc = ["-g"],
    singlejar = [":singlejar"],
    source_version = "8",
    target_version = "8",
)
EOF

# ---- 8. stub @rules_cc (Debian's bazel-rules-cc 0.0.4 needs a newer Bazel) -----
step "writing stub @rules_cc and @remote_coverage_tools"
C=$STAGE/rules_cc; mkdir -p "$C/cc"
echo 'workspace(name = "rules_cc")' > "$C/WORKSPACE"; : > "$C/BUILD"
cat > "$C/cc/BUILD" <<'EOF'
package(default_visibility = ["//visibility:public"])
alias(name = "toolchain_type", actual = "@bazel_tools//tools/cpp:toolchain_type")
exports_files(["defs.bzl"])
EOF
cat > "$C/cc/defs.bzl" <<'EOF'
"""Minimal @rules_cc//cc:defs.bzl shim for Bazel 4.2 (same idea as bazel-bootstrap-source/mock_repos/rules_cc)."""
def cc_binary(**kw): native.cc_binary(**kw)
def cc_import(**kw): native.cc_import(**kw)
def cc_library(**kw): native.cc_library(**kw)
def cc_proto_library(**kw): native.cc_proto_library(**kw)
def cc_test(**kw): native.cc_test(**kw)
def cc_toolchain(**kw): native.cc_toolchain(**kw)
def cc_toolchain_suite(**kw): native.cc_toolchain_suite(**kw)
def fdo_prefetch_hints(**kw): native.fdo_prefetch_hints(**kw)
def fdo_profile(**kw): native.fdo_profile(**kw)
def objc_library(**kw): native.objc_library(**kw)
def objc_import(**kw): native.objc_import(**kw)
EOF

# ---- 9. stub @remote_coverage_tools (implicit dep of every *_test) ---------------
V=$STAGE/remote_coverage_tools; mkdir -p "$V"
echo 'workspace(name = "remote_coverage_tools")' > "$V/WORKSPACE"
printf '#!/bin/sh\necho "bazel coverage is not available offline (stub @remote_coverage_tools)" >&2\nexit 1\n' > "$V/unsupported.sh"
chmod +x "$V/unsupported.sh"
cat > "$V/BUILD" <<'EOF'
package(default_visibility = ["//visibility:public"])
sh_binary(name = "coverage_report_generator", srcs = ["unsupported.sh"])
sh_binary(name = "lcov_merger", srcs = ["unsupported.sh"])
filegroup(name = "coverage_output_generator", srcs = ["unsupported.sh"])
EOF

# ---- 10. a ready-made .bazelrc fragment for this $OUT ----------------------------
{
  echo "# Offline Bazel 4.2.3 Java toolchain (generated by migrate tools/bazel-offline-java-tools.sh)."
  echo "# Use from a workspace .bazelrc:  try-import $OUT/offline.bazelrc"
  echo "# query and fetch do not inherit build options, so the lines are repeated for them"
  echo "# (test, run, info, cquery, aquery, clean inherit build). 'bazel sync' does not work offline."
  for cmd in build query fetch; do
    echo "$cmd --override_repository=rules_cc=$OUT/rules_cc"
    echo "$cmd --override_repository=rules_java=$RULES_JAVA"
    echo "$cmd --override_repository=remote_java_tools_linux=$OUT/remote_java_tools_linux"
    echo "$cmd --override_repository=remote_coverage_tools=$OUT/remote_coverage_tools"
    # Only needed by `query 'deps(...)'` / `fetch`, which visit every platform's java_tools:
    echo "$cmd --override_repository=remote_java_tools_windows=$OUT/remote_java_tools_linux"
    echo "$cmd --override_repository=remote_java_tools_darwin=$OUT/remote_java_tools_linux"
  done
  echo "build --nosandbox_debug"
  echo "# Byte-identical classes to Gradle's javac defaults (-g, no -parameters):"
  echo "# build --java_toolchain=@remote_java_tools_linux//:toolchain_gradle_compat"
} > "$STAGE/offline.bazelrc"

echo "$STAMP" > "$STAGE/.migrate-stamp"
chmod 755 "$STAGE"   # mktemp -d creates it 0700

# ---- swap the finished tree into place ---------------------------------------------
OLD=""
if [ -e "$OUT" ]; then
  OLD=$(mktemp -d "$OUT.old.XXXXXX")
  mv "$OUT" "$OLD/"
fi
mv "$STAGE" "$OUT"
[ -z "$OLD" ] || rm -rf "$OLD"
trap 'rm -rf "$W"' EXIT

echo "$PROG: built $OUT ($(du -sh "$OUT" | cut -f1))"
