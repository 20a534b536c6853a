"""The offline contrib_rules_jvm stand-in runs JUnit 5, JUnit 4 (Vintage) and TestNG classes.

A small workspace with java_junit5_test targets as migrate generates them (loaded from
``@contrib_rules_jvm//java:defs.bzl``, the JUnit Platform jars from ``@maven`` named as
rules_jvm_external names them), the stand-in written as migrate vendors it
(:func:`vendored_rule_files`), ``@maven`` over the local Maven mirror and the offline .bazelrc
lines. Real Bazel 4.2.3 builds and tests it; the per-test-case JUnit XML in
bazel-testlogs/<package>/<name>/test.xml must name each test as the JUnit Platform's legacy XML
listener does (what Gradle's reports are compared with), failing targets must fail and passing
ones pass. The Bazel server always gets ``bazel shutdown``.
"""

from __future__ import annotations

import re
import shutil
import xml.etree.ElementTree as ElementTree
from collections.abc import Iterator
from pathlib import Path

import pytest

from migrate.bazel.offline import bazelrc_lines, vendored_rule_files
from migrate.maven.mirror import render_maven_build, resolve_mirror

from .bazel_process import Bazel

pytestmark = pytest.mark.integration

REPO = Path(__file__).resolve().parents[2]
RULES_DIR = REPO / "rules" / "bazel"
MIRROR = "/usr/share/maven-repo"
OFFLINE_TOOLS = "/opt/bazel-offline"

# What migrate pins for JUnit 5 / Vintage / TestNG tests. Debian 12 has platform 1.9.1 and
# TestNG 6.9.12 (Gradle's; libtestng7-java would remove gradle): the mirror falls back to them.
ARTIFACTS = (
    "junit:junit:4.13.2",
    "org.junit.jupiter:junit-jupiter-api:5.9.2",
    "org.junit.jupiter:junit-jupiter-engine:5.9.2",
    "org.junit.jupiter:junit-jupiter-params:5.9.2",
    "org.junit.platform:junit-platform-launcher:1.9.2",
    "org.junit.platform:junit-platform-reporting:1.9.2",
    "org.junit.vintage:junit-vintage-engine:5.9.2",
    "org.testng:testng:6.9.12",
)

LAUNCHER = "@maven//:org_junit_platform_junit_platform_launcher"
REPORTING = "@maven//:org_junit_platform_junit_platform_reporting"
JUPITER_ENGINE = "@maven//:org_junit_jupiter_junit_jupiter_engine"
JUPITER_API = "@maven//:org_junit_jupiter_junit_jupiter_api"
JUPITER_PARAMS = "@maven//:org_junit_jupiter_junit_jupiter_params"
VINTAGE_ENGINE = "@maven//:org_junit_vintage_junit_vintage_engine"

LOAD = 'load("@contrib_rules_jvm//java:defs.bzl", "java_junit5_test")\n'

FILES: dict[str, str] = {
    "money/BUILD.bazel": LOAD
    + f"""
java_junit5_test(
    name = "MoneyTest",
    size = "small",
    srcs = ["AbstractAmountTest.java", "MoneyTest.java"],
    env = {{"SHOP_MODE": "test"}},
    exclude_tags = ["slow"],
    jvm_flags = ["-Dfoo=bar"],
    test_class = "check.money.MoneyTest",
    runtime_deps = ["{JUPITER_ENGINE}", "{LAUNCHER}", "{REPORTING}"],
    deps = ["{JUPITER_API}", "{JUPITER_PARAMS}"],
)

java_junit5_test(
    name = "BrokenTest",
    size = "small",
    srcs = ["BrokenTest.java"],
    test_class = "check.money.BrokenTest",
    runtime_deps = ["{JUPITER_ENGINE}", "{LAUNCHER}", "{REPORTING}"],
    deps = ["{JUPITER_API}"],
)

java_junit5_test(
    name = "ExitTest",
    size = "small",
    srcs = ["ExitTest.java"],
    test_class = "check.money.ExitTest",
    runtime_deps = ["{JUPITER_ENGINE}", "{LAUNCHER}", "{REPORTING}"],
    deps = ["{JUPITER_API}"],
)
""",
    "money/AbstractAmountTest.java": """package check.money;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

abstract class AbstractAmountTest {
    abstract int amount();

    @Test
    void inheritedAmountIsPositive() {
        assertEquals(true, amount() > 0);
    }
}
""",
    "money/MoneyTest.java": """package check.money;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

public class MoneyTest extends AbstractAmountTest {
    @Override
    int amount() {
        return 5;
    }

    @Test
    void adds() {
        assertEquals(5, 2 + 3);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void sums(int x) {
        assertEquals(x + 1, 1 + x);
    }

    @Test
    void readsJvmFlagsAndEnv() {
        assertEquals("bar", System.getProperty("foo"));
        assertEquals("test", System.getenv("SHOP_MODE"));
        assertEquals("check.money.MoneyTest", System.getProperty("bazel.test_suite"));
    }

    @Test
    @Tag("slow")
    void slow() {
        fail("excluded by exclude_tags: must not run");
    }

    @Test
    @Disabled("not today")
    void disabled() {}

    @Nested
    class WhenNegative {
        @Test
        void subtracts() {
            assertEquals(-1, 2 - 3);
        }
    }
}
""",
    "money/BrokenTest.java": """package check.money;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

public class BrokenTest {
    @Test
    void breaks() {
        assertEquals(1, 2);
    }

    @Test
    void holds() {}
}
""",
    "money/ExitTest.java": """package check.money;

import org.junit.jupiter.api.Test;

public class ExitTest {
    @Test
    void exits() {
        System.exit(0);
    }
}
""",
    "legacy/BUILD.bazel": LOAD
    + f"""
java_junit5_test(
    name = "OldTest",
    size = "small",
    srcs = ["OldTest.java"],
    test_class = "check.legacy.OldTest",
    runtime_deps = ["{JUPITER_ENGINE}", "{LAUNCHER}", "{REPORTING}", "{VINTAGE_ENGINE}"],
    deps = ["@maven//:junit_junit"],
)
""",
    "legacy/OldTest.java": """package check.legacy;

import static org.junit.Assert.assertEquals;

import org.junit.Ignore;
import org.junit.Test;

public class OldTest {
    @Test
    public void addsTheOldWay() {
        assertEquals(4, 2 + 2);
    }

    @Test
    @Ignore
    public void ignored() {}
}
""",
    "catalog/BUILD.bazel": LOAD
    + f"""
java_junit5_test(
    name = "SkuTest",
    size = "small",
    srcs = ["SkuTest.java"],
    test_class = "check.catalog.SkuTest",
    runtime_deps = ["{LAUNCHER}", "{REPORTING}"],
    deps = ["@maven//:org_testng_testng"],
)
""",
    "catalog/SkuTest.java": """package check.catalog;

import org.testng.Assert;
import org.testng.annotations.Test;

public class SkuTest {
    @Test
    public void parses() {
        Assert.assertEquals("A-1".split("-").length, 2);
    }

    @Test
    public void rejects() {
        Assert.assertEquals("B", "C");
    }
}
""",
}

PASSING = {"//money:MoneyTest", "//legacy:OldTest"}
FAILING = {"//money:BrokenTest", "//money:ExitTest", "//catalog:SkuTest"}


def _write_workspace(root: Path) -> None:
    files = dict(FILES)
    files.update(vendored_rule_files(RULES_DIR, "contrib_rules_jvm"))
    files["third_party/maven/BUILD.bazel"] = 'exports_files(["BUILD.maven"])\n'
    files["third_party/maven/BUILD.maven"] = render_maven_build(MIRROR, ARTIFACTS, "maven")
    files[".bazelignore"] = "third_party/bazel/contrib_rules_jvm\n"
    files["WORKSPACE"] = f"""workspace(name = "junit5_check")

new_local_repository(
    name = "maven",
    build_file = "//third_party/maven:BUILD.maven",
    path = "{MIRROR}",
)

local_repository(
    name = "contrib_rules_jvm",
    path = "third_party/bazel/contrib_rules_jvm",
)
"""
    files[".bazelrc"] = "\n".join(
        [
            *bazelrc_lines(OFFLINE_TOOLS),
            "build --incompatible_strict_action_env",
            "test --test_output=errors",
            "",
        ]
    )
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")


def _statuses(output: str) -> dict[str, str]:
    """Bazel's test summary lines: target -> PASSED / FAILED / ..."""
    found = re.findall(r"^(//\S+)\s+(?:\(cached\)\s+)?([A-Z][A-Z ]*[A-Z])\b", output, re.M)
    return dict(found)


def _cases(workspace: Path, target: str) -> dict[tuple[str, str], str]:
    """(classname, name) -> passed | failure | error | skipped, from the target's test.xml."""
    package, name = target.removeprefix("//").split(":")
    xml = workspace / "bazel-testlogs" / package / name / "test.xml"
    root = ElementTree.parse(xml).getroot()
    assert root.tag == "testsuites", xml.read_text()
    out = {}
    for case in root.iter("testcase"):
        kinds = [child.tag for child in case if child.tag in ("failure", "error", "skipped")]
        out[(case.get("classname", ""), case.get("name", ""))] = kinds[0] if kinds else "passed"
    return out


def _suites(workspace: Path, target: str) -> list[str]:
    package, name = target.removeprefix("//").split(":")
    root = ElementTree.parse(workspace / "bazel-testlogs" / package / name / "test.xml").getroot()
    return [suite.get("name", "") for suite in root.iter("testsuite")]


def _require_toolchain() -> None:
    if not shutil.which("bazel") or not shutil.which("javac"):
        pytest.fail("bazel/javac not installed: run tools/setup-debian.sh")
    if not Path(OFFLINE_TOOLS, "remote_java_tools_linux").is_dir():
        pytest.fail(f"no offline Java tools in {OFFLINE_TOOLS}: run tools/setup-debian.sh")
    if not Path(MIRROR, "org/junit/platform/junit-platform-launcher").is_dir():
        pytest.fail(f"no JUnit 5 in {MIRROR} (Debian's junit5): run tools/setup-debian.sh")


@pytest.fixture(scope="module")
def tested(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Bazel, str]]:
    """The workspace after one `bazel test //...` (its output); the server is shut down."""
    _require_toolchain()
    base = tmp_path_factory.mktemp("junit5_stand_in")
    root = base / "ws"
    root.mkdir()
    _write_workspace(root)
    bazel = Bazel(root, base / "bazel-root")
    try:
        result = bazel("test", "--keep_going", "//...", check=False)
        output = result.stdout + result.stderr
        assert result.returncode == 3, output[-8000:]  # 3: built, some tests failed
        yield bazel, output
    finally:
        bazel.shutdown()
        print("bazel timings (s):", {k: round(v, 1) for k, v in bazel.timings.items()})


def test_the_mirror_resolves_the_pinned_junit_platform_and_testng() -> None:
    names = {a.name for a in resolve_mirror(MIRROR, ARTIFACTS)}
    assert {
        "org_junit_platform_junit_platform_commons",
        "org_junit_platform_junit_platform_engine",
        "org_junit_platform_junit_platform_launcher",
        "org_junit_platform_junit_platform_reporting",
        "org_junit_vintage_junit_vintage_engine",
        "org_testng_testng",
    } <= names


def test_failing_targets_fail_and_passing_ones_pass(tested: tuple[Bazel, str]) -> None:
    _, output = tested
    statuses = _statuses(output)
    assert {t: statuses.get(t) for t in PASSING} == dict.fromkeys(PASSING, "PASSED"), output
    assert {t: statuses.get(t) for t in FAILING} == dict.fromkeys(FAILING, "FAILED"), output


def test_jupiter_cases_are_named_as_the_legacy_listener_names_them(
    tested: tuple[Bazel, str],
) -> None:
    bazel, _ = tested
    cases = _cases(bazel.workspace, "//money:MoneyTest")
    assert cases == {
        ("check.money.MoneyTest", "adds()"): "passed",
        ("check.money.MoneyTest", "sums(int)[1]"): "passed",
        ("check.money.MoneyTest", "sums(int)[2]"): "passed",
        ("check.money.MoneyTest", "readsJvmFlagsAndEnv()"): "passed",  # jvm_flags, env
        ("check.money.MoneyTest", "inheritedAmountIsPositive()"): "passed",
        ("check.money.MoneyTest", "disabled()"): "skipped",
        ("check.money.MoneyTest$WhenNegative", "subtracts()"): "passed",  # @Nested
    }  # slow() (@Tag("slow")) is excluded by exclude_tags
    assert _suites(bazel.workspace, "//money:MoneyTest") == ["JUnit Jupiter"]
    broken = _cases(bazel.workspace, "//money:BrokenTest")
    assert broken == {
        ("check.money.BrokenTest", "breaks()"): "failure",
        ("check.money.BrokenTest", "holds()"): "passed",
    }


def test_junit4_runs_on_the_vintage_engine(tested: tuple[Bazel, str]) -> None:
    bazel, _ = tested
    assert _cases(bazel.workspace, "//legacy:OldTest") == {
        ("check.legacy.OldTest", "addsTheOldWay"): "passed",
        ("check.legacy.OldTest", "ignored"): "skipped",
    }
    assert _suites(bazel.workspace, "//legacy:OldTest") == ["JUnit Vintage"]


def test_testng_classes_run_with_testng_and_report_each_case(tested: tuple[Bazel, str]) -> None:
    bazel, output = tested
    assert _cases(bazel.workspace, "//catalog:SkuTest") == {
        ("check.catalog.SkuTest", "parses"): "passed",
        ("check.catalog.SkuTest", "rejects"): "failure",
    }
    assert _suites(bazel.workspace, "//catalog:SkuTest") == ["check.catalog.SkuTest"]
    assert "TestNG: 2 tests, 1 passed, 1 failed, 0 skipped" in output


def test_a_test_that_ends_the_jvm_fails(tested: tuple[Bazel, str]) -> None:
    bazel, _ = tested
    log = (bazel.workspace / "bazel-testlogs" / "money" / "ExitTest" / "test.log").read_text()
    assert "System.exit or Runtime.exit was called while the tests ran" in log, log[-2000:]
    assert "check.money.ExitTest.exits(ExitTest.java:" in log, log[-2000:]


# Last: they rerun //money:MoneyTest with a filter (its test.xml changes).
def test_the_test_filter_selects_class_and_method_or_a_method_name(
    tested: tuple[Bazel, str],
) -> None:
    bazel, _ = tested
    one = bazel("test", "//money:MoneyTest", "--test_filter=MoneyTest#adds$", check=False)
    assert one.returncode == 0, one.stderr[-4000:]
    assert _cases(bazel.workspace, "//money:MoneyTest") == {
        ("check.money.MoneyTest", "adds()"): "passed"
    }
    by_name = bazel("test", "//money:MoneyTest", "--test_filter=sums", check=False)
    assert by_name.returncode == 0, by_name.stderr[-4000:]
    assert set(_cases(bazel.workspace, "//money:MoneyTest")) == {
        ("check.money.MoneyTest", "sums(int)[1]"),
        ("check.money.MoneyTest", "sums(int)[2]"),
    }


def test_no_test_found_is_a_failure(tested: tuple[Bazel, str]) -> None:
    bazel, _ = tested
    none = bazel("test", "//money:MoneyTest", "--test_filter=noSuchTest", check=False)
    assert none.returncode == 3, none.stderr[-4000:]
    log = (bazel.workspace / "bazel-testlogs" / "money" / "MoneyTest" / "test.log").read_text()
    assert "No tests found in check.money.MoneyTest" in log, log[-2000:]
