"""Offline stand-in for contrib_rules_jvm's @contrib_rules_jvm//java:defs.bzl (Bazel 4.2.3 and later).

BUILD files load it exactly as they load the real rule set (bazel-contrib/rules_jvm):

    load("@contrib_rules_jvm//java:defs.bzl", "java_junit5_test")

    java_junit5_test(
        name = "FooTest",
        srcs = ["FooTest.java"],
        test_class = "com.x.FooTest",
        exclude_tags = ["slow"],
        runtime_deps = [
            "@maven//:org_junit_jupiter_junit_jupiter_engine",
            "@maven//:org_junit_platform_junit_platform_launcher",
            "@maven//:org_junit_platform_junit_platform_reporting",
        ],
        deps = ["@maven//:org_junit_jupiter_junit_jupiter_api"],
    )

The WORKSPACE declares this repository (`local_repository(name = "contrib_rules_jvm", ...)`)
and an @maven repository with the JUnit Platform jars named as rules_jvm_external names them
(offline: a new_local_repository over the local Maven mirror, e.g. Debian's junit5 package).

How it works
------------
* java_junit5_test is a macro, as in the real rule set: a java_test with
  `main_class = "com.github.bazel_contrib.contrib_rules_jvm.junit5.JUnit5Runner"`, the
  test class as `test_class` (Bazel passes it to the JVM as `-Dbazel.test_suite=<class>`, also
  with main_class set) and the runner library
  `//java/src/com/github/bazel_contrib/contrib_rules_jvm/junit5` (JUNIT5_RUNTIME_DEPS) added to
  its runtime_deps. include_tags / exclude_tags / include_engines / exclude_engines become the
  system properties JUNIT5_INCLUDE_TAGS / JUNIT5_EXCLUDE_TAGS / JUNIT5_INCLUDE_ENGINES /
  JUNIT5_EXCLUDE_ENGINES (comma-separated) that the runner reads; every other argument
  (srcs, deps, jvm_flags, env, size, data, tags, ...) goes to the java_test unchanged.
  Without test_class, the class is `<package from the Bazel package, after the first of
  package_prefixes (.com., .org., ...)>.<name>`, as the real macro infers it.
* The runner (JUnit5Runner.java and its helpers, Java 8) runs the class with the JUnit Platform
  Launcher: the engines are found by ServiceLoader on the test's runtime classpath (Jupiter,
  Vintage for JUnit 4, any other engine the runtime_deps bring). Static nested classes are
  selected too (unless the class is `@RunWith(Enclosed.class)`), as the real runner does.
  It honours Bazel's `--test_filter` (TESTBRIDGE_TEST_ONLY: a regular expression found in
  `<class>#<method>`, e.g. `FooTest#adds` or `adds`; `A#x,y` means `A#x|A#y`; it also selects
  @ParameterizedTest / @RepeatedTest / @TestFactory methods, whose tests appear only as they
  run), the tag and engine filters, test sharding (shard_count: a stable hash of each test's
  unique id; TEST_SHARD_STATUS_FILE is written) and TEST_PREMATURE_EXIT_FILE.
* JUnit XML: junit-platform-reporting's LegacyXmlReportGeneratingListener (the JUnit
  Platform's Ant-style XML) writes a TEST-<engine>.xml per engine below $TEST_TMPDIR; the runner
  puts their `<testsuite>` elements, unchanged, into one `<testsuites>` document at
  $XML_OUTPUT_FILE (bazel-testlogs/<package>/<name>/test.xml). Suites without a test case
  (an engine that found nothing) are left out.
* Exit code 0 only when tests ran and none failed (failed containers, e.g. a failing
  @BeforeAll, count); 2 when a test failed, no test was found (also when the filters leave
  none: "No tests found" is a failure, except in a shard of a sharded test) or the runner
  could not start (no -Dbazel.test_suite, a
  JUnit Platform jar missing: the message names the artifact to add); 121 when a test called
  System.exit.

Differences from the real contrib_rules_jvm / not supported
-----------------------------------------------------------
* TestNG: there is no JUnit Platform TestNG engine offline (online, org.junit.support:
  testng-engine on the runtime classpath runs TestNG classes through the Launcher). When no
  engine discovers a test in the class and org.testng.TestNG is on the runtime classpath, this
  runner runs the class with TestNG itself (by reflection: the runner does not depend on
  TestNG; checked with Debian's TestNG 6.9.12, TestNG 7 has the same listener API), unless
  the engine filters exclude the engine id "testng".
  Its XML is one `<testsuite name="<class>">` of `<testcase classname="<class>" name="<method>">`
  (`<method>[<invocation>](<arguments>)` for data-provider tests, and a test case named
  after a failing configuration method, @BeforeClass & co., as Gradle reports them) with
  `<failure>` (AssertionError), `<error>` (other exceptions) or `<skipped/>`. include_tags /
  exclude_tags become TestNG groups / excluded groups (plain names, no tag expressions);
  --test_filter applies to `<class>#<method>` as above.
* XML shape: the real runner writes its own XML (one suite per class, BazelJUnitOutputListener);
  this one keeps the legacy listener's elements as they are (suite per engine, test case
  names such as `adds()` or `sums(int)[1]`: the names migrate compares with Gradle's).
* No test found fails the test here (so a target whose class lost its tests, or a
  --test_filter matching nothing, is noticed); the real runner passes when nothing failed.
* System.exit: the real macro adds a Java agent (-javaagent, data) that stops a test from
  calling System.exit. Here the runner's shutdown hook sees a System.exit / Runtime.exit while
  tests run and ends the JVM with exit code 121 instead (as Bazel's own JUnit 4 runner does), so
  the test fails, but the tests after it in the class do not run and no test.xml is written.
  (The runner also keeps TEST_PREMATURE_EXIT_FILE while tests run; Bazel 4.2.3 does not read it.)
* Jupiter extension auto-detection is not switched on (the real runner enables it to register
  its own extensions); report_generator is accepted and ignored (always the legacy XML),
  report_generator_deps go to runtime_deps.
* java_test_suite, create_jvm_test_suite, java_export and the linters (checkstyle, pmd,
  spotbugs) are not provided; java_library / java_binary / java_test are Bazel's own rules
  (the real ones also add lint tests).
* The JUnit Platform version is whatever @maven has (Debian 12: platform 1.9.1, Jupiter and
  Vintage 5.9.2, TestNG 6.9.12); the runner needs the launcher, engine, commons and reporting
  jars (@maven//:org_junit_platform_junit_platform_{launcher,engine,commons,reporting}).
"""

JUNIT5_RUNTIME_DEPS = [
    Label("//java/src/com/github/bazel_contrib/contrib_rules_jvm/junit5"),
]

_RUNNER = "com.github.bazel_contrib.contrib_rules_jvm.junit5.JUnit5Runner"

# Common package prefixes, in the order the real rule set checks them.
_PREFIXES = (".com.", ".org.", ".net.", ".io.", ".ai.", ".co.", ".me.", ".dev.")

def _artifact(coordinate, repository_name):
    """rules_jvm_external's label of `group:artifact` in `@repository_name`."""
    name = coordinate.replace(":", "_").replace(".", "_").replace("-", "_")
    return "@%s//:%s" % (repository_name, name)

def junit5_deps(repository_name = "maven"):
    """What a JUnit 5 test needs at run time: the Jupiter engine, the launcher, reporting."""
    return [
        _artifact("org.junit.jupiter:junit-jupiter-engine", repository_name),
        _artifact("org.junit.platform:junit-platform-launcher", repository_name),
        _artifact("org.junit.platform:junit-platform-reporting", repository_name),
    ]

def junit5_vintage_deps(repository_name = "maven"):
    """junit5_deps plus the Vintage engine (JUnit 4 tests on the JUnit Platform)."""
    return junit5_deps(repository_name) + [
        _artifact("org.junit.vintage:junit-vintage-engine", repository_name),
    ]

JUNIT5_DEPS = junit5_deps()

JUNIT5_VINTAGE_DEPS = junit5_vintage_deps()

def junit5_jvm_flags(jvm_flags, include_tags = [], exclude_tags = [], include_engines = [], exclude_engines = [], report_generator = None):
    """jvm_flags plus the system properties the runner reads its filters from.

    Args:
      jvm_flags: the test's own JVM flags.
      include_tags: JUnit 5 tag expressions to run (-DJUNIT5_INCLUDE_TAGS).
      exclude_tags: JUnit 5 tag expressions not to run (-DJUNIT5_EXCLUDE_TAGS).
      include_engines: engine ids to run (-DJUNIT5_INCLUDE_ENGINES).
      exclude_engines: engine ids not to run (-DJUNIT5_EXCLUDE_ENGINES).
      report_generator: passed on as -DJUNIT5_REPORT_GENERATOR (the runner ignores it).

    Returns:
      The JVM flags of the java_test.
    """
    if include_tags:
        jvm_flags = jvm_flags + ["-DJUNIT5_INCLUDE_TAGS=" + ",".join(include_tags)]
    if exclude_tags:
        jvm_flags = jvm_flags + ["-DJUNIT5_EXCLUDE_TAGS=" + ",".join(exclude_tags)]
    if include_engines:
        jvm_flags = jvm_flags + ["-DJUNIT5_INCLUDE_ENGINES=" + ",".join(include_engines)]
    if exclude_engines:
        jvm_flags = jvm_flags + ["-DJUNIT5_EXCLUDE_ENGINES=" + ",".join(exclude_engines)]
    if report_generator:
        jvm_flags = jvm_flags + ["-DJUNIT5_REPORT_GENERATOR=" + report_generator]
    return jvm_flags

def _package_name(prefixes):
    """The Java package of the Bazel package (after its first prefix), with a trailing dot."""
    pkg = native.package_name().replace("/", ".")
    for prefix in (prefixes or _PREFIXES):
        idx = pkg.find(prefix)
        if idx != -1:
            return pkg[idx + 1:] + "."
    return ""

def java_junit5_test(
        name,
        test_class = None,
        runtime_deps = [],
        package_prefixes = [],
        jvm_flags = [],
        include_tags = [],
        exclude_tags = [],
        include_engines = [],
        exclude_engines = [],
        report_generator = None,
        report_generator_deps = [],
        **kwargs):
    """A java_test running `test_class` on the JUnit Platform (see the module docstring).

    Args:
      name: the test target.
      test_class: the class to run; default: the Bazel package's Java package + name.
      runtime_deps: runtime dependencies (the JUnit Platform engines, launcher and reporting
        jars belong here or in deps); the runner library is added.
      package_prefixes: where the Java package starts in the Bazel package (for the default
        test_class), e.g. [".com."].
      jvm_flags: the test JVM's flags; the filters' system properties are added.
      include_tags: JUnit 5 tag expressions to run (TestNG: groups).
      exclude_tags: JUnit 5 tag expressions not to run (TestNG: excluded groups).
      include_engines: JUnit Platform engine ids to run (e.g. junit-jupiter, junit-vintage).
      exclude_engines: JUnit Platform engine ids not to run.
      report_generator: accepted for compatibility; the XML is always the legacy one.
      report_generator_deps: added to runtime_deps.
      **kwargs: everything else goes to the java_test (srcs, deps, env, size, data, tags, ...).
    """
    clazz = test_class if test_class else _package_name(package_prefixes) + name
    native.java_test(
        name = name,
        main_class = _RUNNER,
        test_class = clazz,
        runtime_deps = runtime_deps + JUNIT5_RUNTIME_DEPS + report_generator_deps,
        jvm_flags = junit5_jvm_flags(jvm_flags, include_tags, exclude_tags, include_engines, exclude_engines, report_generator),
        **kwargs
    )

def java_library(name, **kwargs):
    """Bazel's java_library (the real rule set's also adds lint tests)."""
    native.java_library(name = name, **kwargs)

def java_binary(name, **kwargs):
    """Bazel's java_binary (the real rule set's also adds lint tests)."""
    native.java_binary(name = name, **kwargs)

def java_test(name, **kwargs):
    """Bazel's java_test (the real rule set's also adds lint tests)."""
    native.java_test(name = name, **kwargs)
