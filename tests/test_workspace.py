"""Online workspace files: MODULE.bazel / WORKSPACE pass the real buildifier, the .bazelrc holds
only flags its target Bazel accepts (proved against the real Bazel installed here), and
WORKSPACE.example never goes stale."""

from __future__ import annotations

import dataclasses
import http.server
import re
import shutil
import socket
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from migrate.bazel.spec import MavenRepository, RemoteSettings, WorkspaceSpec
from migrate.bazel.version import detect_bazel_version, version_tuple
from migrate.bazel.workspace import (
    WorkspaceError,
    accepts,
    check_bazelrc,
    flag_rules,
    render_bazelrc,
    render_example,
    render_module,
    render_workspace,
    render_workspace_file,
    rules_jvm_external_coordinate,
    scala_version,
)
from migrate.resources import rule_table

REPO = Path(__file__).resolve().parent.parent
MAIN = MavenRepository(
    "maven",
    (
        "com.google.guava:guava:31.1-jre",
        "junit:junit:4.13.2",
        "org.jetbrains.kotlin:kotlin-stdlib:1.3.31",
        "org.scala-lang:scala-library:2.11.12",
    ),
)
CONFLICT = MavenRepository("maven_2", ("com.google.guava:guava:20.0",))
REMOTE = RemoteSettings(
    executor="grpc://rbe.example.com:8980",
    instance_name="main",
    exec_properties={"OSFamily": "Linux"},
)
# Flags Bazel 4.2.3 rejects that a careless generator might write (TOOLCHAIN.md).
NEWER_FLAGS = (
    "remote_cache_compression",
    "experimental_remote_merkle_tree_cache",
    "credential_helper",
    "enable_bzlmod",
    "enable_workspace",
)


def spec(
    version: str = "7.4.1",
    languages: tuple[str, ...] = ("java", "kotlin", "scala"),
    **changes: object,
) -> WorkspaceSpec:
    base = WorkspaceSpec(
        name="mono",
        bazel_version=version,
        languages=frozenset(languages),
        maven=(MAIN, CONFLICT),
        remote=REMOTE,
    )
    return dataclasses.replace(base, **changes)


def flags_in(bazelrc: str) -> set[str]:
    """Flag names (without dashes, "no" prefix or value) on the non-comment lines."""
    names = set()
    for line in bazelrc.splitlines():
        if line.startswith("#"):
            continue
        for word in line.split()[1:]:
            if word.startswith("--"):
                name = word[2:].split("=", 1)[0]
                rule = flag_rules().get(name)
                names.add(name[2:] if rule is None and name.startswith("no") else name)
    return names


# --- buildifier ---

SPECS = {
    "full-7.4.1": spec(),
    "java-only-4.2.3": spec("4.2.3", ("java",)),
    "kotlin-6.6.0": spec("6.6.0", ("java", "kotlin")),
    "scala-unsupported-4.2.3": spec("4.2.3"),
    "no-maven-7.0.0": spec("7.0.0", ("java", "scala"), maven=()),
    "offline-4.2.3": spec("4.2.3", offline_mirror="/usr/share/maven-repo"),
}


@pytest.fixture(scope="module")
def buildifier() -> str:
    path = shutil.which("buildifier")
    if path is None:
        pytest.skip("buildifier is not installed (npm @bazel/buildifier): cannot lint the output")
    return path


def run_buildifier(buildifier: str, path: Path, kind: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [buildifier, "--mode=check", "--lint=warn", f"--type={kind}", str(path)],
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.parametrize("name", sorted(SPECS))
def test_module_and_workspace_pass_buildifier(name: str, buildifier: str, tmp_path: Path) -> None:
    files = render_workspace(SPECS[name])
    for file_name, kind in (("MODULE.bazel", "module"), ("WORKSPACE", "workspace")):
        path = tmp_path / file_name
        path.write_text(files[file_name], encoding="utf-8")
        result = run_buildifier(buildifier, path, kind)
        assert result.returncode == 0, f"{file_name}:\n{result.stdout}{result.stderr}"
        assert result.stdout == result.stderr == ""


def test_workspace_example_is_current_and_passes_buildifier(buildifier: str) -> None:
    example = REPO / "WORKSPACE.example"
    assert example.read_text(encoding="utf-8") == render_example(), (
        "WORKSPACE.example is stale: regenerate it with "
        "python -c 'from migrate.bazel.workspace import render_example as r; print(r(), end=\"\")'"
        " > WORKSPACE.example"
    )
    result = run_buildifier(buildifier, example, "workspace")
    assert result.returncode == 0, result.stdout + result.stderr


# --- MODULE.bazel ---


def test_module_has_one_install_per_repository_and_the_fixed_repo_names() -> None:
    text = render_module(spec())
    assert 'module(name = "mono")' in text
    assert text.count("maven.install(") == 2
    assert 'name = "maven",' in text and 'name = "maven_2",' in text
    assert re.search(r'use_repo\(\s*maven,\s*"maven",\s*"maven_2",\s*\)', text)
    for rule_set in ("rules_java", "rules_jvm_external", "rules_kotlin", "rules_scala"):
        assert f'bazel_dep(name = "{rule_set}", ' in text
    assert 'scala_config.settings(scala_version = "2.11.12")' in text
    assert "scala_deps.scala()" in text
    assert '"com.google.guava:guava:20.0",' in text


def test_module_leaves_out_rule_sets_of_absent_languages() -> None:
    text = render_module(spec(languages=("java",), maven=()))
    assert "rules_kotlin" not in text.replace("@rules_kotlin//kotlin:jvm.bzl", "")
    assert 'bazel_dep(name = "rules_scala"' not in text
    assert "maven.install" not in text and 'rules_jvm_external"' not in text


def test_module_notes_a_rule_set_the_target_bazel_is_too_old_for() -> None:
    assert "rules_scala 7.1.6 needs Bazel >= 7.1.0" in render_module(spec("7.0.0"))
    assert "NOTE" not in render_module(spec("7.4.1"))
    assert "Bazel 4.2.3 reads WORKSPACE, not this file" in render_module(spec("4.2.3"))


def test_classifier_coordinates_take_rules_jvm_external_form() -> None:
    assert rules_jvm_external_coordinate("a.b:c:1.0") == "a.b:c:1.0"
    assert rules_jvm_external_coordinate("io.netty:epoll:4.1:linux-x86_64") == (
        "io.netty:epoll:jar:linux-x86_64:4.1"
    )
    with pytest.raises(WorkspaceError):
        rules_jvm_external_coordinate("a.b:c")


def test_scala_version_comes_from_scala_library_preferring_main_repository() -> None:
    other = MavenRepository("maven_2", ("org.scala-lang:scala-library:2.12.18",))
    assert scala_version(spec(maven=(other, MAIN))) == "2.11.12"
    assert scala_version(spec(maven=(other,))) == "2.12.18"
    assert scala_version(spec(maven=())) is None
    assert "scala_config.settings()" in render_module(spec(maven=()))


# --- WORKSPACE ---


def test_workspace_picks_the_newest_release_the_target_bazel_loads() -> None:
    old = render_workspace_file(spec("4.2.3", ("java",)))
    assert 'strip_prefix = "rules_jvm_external-4.3"' in old
    kotlin6 = render_workspace_file(spec("6.6.0", ("java", "kotlin")))
    assert "rules_jvm_external-6.1" in kotlin6 and "rules_kotlin-v1.9.5.tar.gz" in kotlin6
    new = render_workspace_file(spec())
    assert "rules_kotlin-v2.3.10.tar.gz" in new and "rules_scala-7.1.6" in new
    assert new.count("maven_install(") == 2 and 'name = "maven_2",' in new
    assert 'scala_config(scala_version = "2.11.12")' in new
    assert "kt_register_toolchains()" in new and "fail(" not in new


def test_workspace_stops_with_the_reason_when_no_release_fits() -> None:
    text = render_workspace_file(spec("4.2.3"))
    assert 'fail("rules_kotlin needs Bazel >= 6.0.0' in text
    assert 'fail("rules_scala needs Bazel >= 7.1.0' in text
    assert "kotlin_repositories()" not in text and "scala_toolchains()" not in text
    assert "maven_install(" in text  # what does fit is still there


def test_test_runner_rule_set_is_a_module_dep_and_a_clear_stop_in_workspace_mode() -> None:
    needs = spec("8.4.2", ("java",), rule_sets=frozenset({"contrib_rules_jvm"}))
    module = render_module(needs)
    assert 'bazel_dep(name = "contrib_rules_jvm", version = "0.34.0")' in module
    old = render_workspace_file(dataclasses.replace(needs, bazel_version="6.5.0"))
    assert 'fail("rules/bazel-deps.yaml lists no contrib_rules_jvm release' in old
    assert "MODULE.bazel" in old
    assert "contrib_rules_jvm" not in render_module(spec("8.4.2", ("java",)))


def test_every_pinned_release_has_a_hash_and_a_source() -> None:
    for rule_set, releases in rule_table("bazel-deps.yaml")["workspace"].items():
        for release in releases:
            assert re.fullmatch(r"[0-9a-f]{64}", release["sha256"]), (rule_set, release)
            assert release["source"].startswith("https://"), (rule_set, release)
            assert release["version"] in release["url"], (rule_set, release)


def test_bad_names_and_versions_are_errors() -> None:
    with pytest.raises(WorkspaceError, match="workspace name"):
        render_workspace(spec(name="my-repo"))
    with pytest.raises(WorkspaceError, match="older than 4.0.0"):
        render_workspace(spec("3.7.2"))
    with pytest.raises(WorkspaceError, match="not a Bazel version"):
        render_workspace(spec("latest"))
    with pytest.raises(WorkspaceError, match="repeat"):
        render_workspace(spec(maven=(MAIN, MAIN)))


# --- .bazelrc ---


def test_bazelrc_for_4_2_3_has_no_flag_4_2_3_rejects() -> None:
    text = render_bazelrc(spec("4.2.3", offline_mirror="/usr/share/maven-repo"))
    for name in flags_in(text):
        assert accepts(name, "4.2.3"), name
    for name in NEWER_FLAGS:
        assert name not in text
    assert "common " not in text  # only 6.0+ flags are written for every command


def test_bazelrc_for_newer_bazel_has_the_newer_flags() -> None:
    assert "common --noenable_workspace\n" in render_bazelrc(spec("7.4.1"))
    assert "common --noenable_workspace" not in render_bazelrc(spec("7.0.2"))  # 7.1.0+
    offline8 = render_bazelrc(spec("8.0.0", offline_mirror="/usr/share/maven-repo"))
    assert "common --noenable_bzlmod\n" in offline8 and "common --enable_workspace\n" in offline8
    six = render_bazelrc(spec("6.6.0"))
    assert "common --noenable_bzlmod\n" in six and "enable_workspace" not in six
    nine = render_bazelrc(spec("9.0.0"))  # WORKSPACE is gone: neither switch is written
    assert "enable_workspace" not in nine and "enable_bzlmod" not in nine


def test_remote_profile_and_cache_profile() -> None:
    remote = RemoteSettings(
        executor="grpc://rbe:8980",
        instance_name="ci",
        timeout_seconds=600,
        jobs=200,
        download_outputs="toplevel",
        exec_properties={"OSFamily": "Linux", "image": "docker://x y"},
    )
    lines = render_bazelrc(spec("4.2.3", remote=remote)).splitlines()
    for expected in (
        "build:remote --remote_executor=grpc://rbe:8980",
        "build:remote --remote_cache=grpc://rbe:8980",
        "build:remote --remote_instance_name=ci",
        "build:remote --remote_timeout=600",
        "build:remote --jobs=200",
        "build:remote --remote_default_exec_properties=OSFamily=Linux",
        'build:remote --remote_default_exec_properties="image=docker://x y"',
        "build:remote --remote_download_toplevel",
        "build:cache --remote_cache=grpc://rbe:8980",
        "build:cache --remote_upload_local_results",
        "build:cache --remote_download_toplevel",
    ):
        assert expected in lines
    all_mode = dataclasses.replace(remote, download_outputs="all")
    assert "build:cache --remote_download_outputs=all" in render_bazelrc(spec(remote=all_mode))


def test_cache_only_and_no_remote() -> None:
    cache_only = render_bazelrc(spec(remote=RemoteSettings(cache="http://127.0.0.1:9090")))
    assert "build:remote" not in cache_only
    assert "build:cache --remote_cache=http://127.0.0.1:9090" in cache_only
    nothing = render_bazelrc(spec(remote=RemoteSettings()))
    assert "build:remote" not in nothing and "build:cache" not in nothing


@pytest.mark.parametrize(
    "remote, message",
    [
        (RemoteSettings(executor="rbe.example.com:8980"), "expected one of"),
        (RemoteSettings(executor="grpc://rbe:1", cache="http://cache:2"), "gRPC cache"),
        (RemoteSettings(cache="grpc://c:1", download_outputs="some"), "download_outputs"),
    ],
)
def test_remote_settings_bazel_cannot_use_are_errors(remote: RemoteSettings, message: str) -> None:
    with pytest.raises(WorkspaceError, match=message):
        render_bazelrc(spec(remote=remote))


def test_offline_lines_match_the_offline_example() -> None:
    """With the default tools directory the offline lines are those of
    tools/offline.bazelrc.example; with another directory they point there."""
    example = REPO / "tools" / "offline.bazelrc.example"
    wanted = [ln for ln in example.read_text().splitlines() if ln and not ln.startswith("#")]
    text = render_bazelrc(spec("4.2.3", offline_mirror="/usr/share/maven-repo"))
    lines = text.splitlines()
    start = lines.index(wanted[0])
    assert lines[start : start + len(wanted)] == wanted
    moved = render_bazelrc(spec("4.2.3", offline_mirror="/m", offline_tools="/srv/tools/"))
    assert "fetch --override_repository=rules_cc=/srv/tools/rules_cc" in moved
    assert "/opt/bazel-offline" not in moved
    assert "override_repository" not in render_bazelrc(spec("4.2.3"))


def test_flag_versions_use_since_and_last_prefix() -> None:
    assert not accepts("enable_workspace", "7.0.2")
    assert accepts("enable_workspace", "7.1.0") and accepts("enable_workspace", "8.6.1")
    assert not accepts("enable_workspace", "9.0.0")
    assert accepts("remote_executor", "4.0.0") and accepts("remote_executor", "9.1.0")
    with pytest.raises(WorkspaceError, match="not in rules/bazel-flags.yaml"):
        accepts("remote_cache_compression", "7.4.1")


def test_check_bazelrc_rejects_untabled_and_too_new_flags() -> None:
    accepted = (
        "# --anything in a comment\nbuild --jobs=4\nbuild:x --noremote_upload_local_results\n"
        "try-import %workspace%/user.bazelrc\n"
    )
    check_bazelrc(accepted, "4.2.3")
    with pytest.raises(WorkspaceError, match="not in rules"):
        check_bazelrc("build --remote_cache_compression\n", "7.4.1")
    with pytest.raises(WorkspaceError, match="rejects --enable_workspace"):
        check_bazelrc("common --noenable_workspace\n", "4.2.3")
    with pytest.raises(WorkspaceError, match="not in rules"):
        check_bazelrc("build --nojobs\n", "4.2.3")  # "no" only negates a boolean


def test_flag_table_rows_are_well_formed() -> None:
    raw = yaml.safe_load((REPO / "rules" / "bazel-flags.yaml").read_text())
    for name, row in raw["flags"].items():
        assert set(row) <= {"since", "last", "kind", "example"}, name
        assert row["kind"] in ("bool", "value"), name
        assert (row["kind"] == "value") == ("example" in row), name
    for mode in raw["download_modes"].values():
        assert mode["flag"] in raw["flags"]


# --- the real Bazel installed here ---


@pytest.fixture(scope="module")
def bazel() -> tuple[str, str]:
    """(path, version) of the installed Bazel; Debian's reports its version through dpkg."""
    path = shutil.which("bazel")
    version = detect_bazel_version()
    if path is None or version is None:
        pytest.fail("bazel is not installed: run tools/setup-debian.sh")
    return path, version


class BazelRunner:
    """Runs the real Bazel in one temporary workspace with its own output root; shut down after."""

    def __init__(self, path: str, workspace: Path, output_root: Path) -> None:
        self.path, self.workspace, self.output_root = path, workspace, output_root

    def __call__(self, *args: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
        command = [self.path, f"--output_user_root={self.output_root}", *args]
        return subprocess.run(
            command,
            cwd=self.workspace,
            capture_output=True,
            text=True,
            timeout=timeout,
            stdin=subprocess.DEVNULL,
        )

    def shutdown(self) -> None:
        subprocess.run(
            [self.path, f"--output_user_root={self.output_root}", "shutdown"],
            cwd=self.workspace,
            capture_output=True,
            timeout=120,
        )


@pytest.fixture
def run_bazel(bazel: tuple[str, str], tmp_path: Path) -> Iterator[BazelRunner]:
    workspace = tmp_path / "ws"
    workspace.mkdir()
    (workspace / "WORKSPACE").write_text("")
    (workspace / "BUILD").write_text(
        'genrule(name = "g", outs = ["g.txt"], cmd = "echo hi > $@")\n'
    )
    runner = BazelRunner(bazel[0], workspace, tmp_path / "root")
    try:
        yield runner
    finally:
        runner.shutdown()


def unused_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def option_errors(output: str) -> list[str]:
    return [
        line
        for line in output.splitlines()
        if "Unrecognized option" in line
        or "While parsing option" in line
        or "Config value" in line
        or "Error while parsing" in line
    ]


@pytest.mark.integration
@pytest.mark.parametrize("config", ["remote", "cache"])
def test_real_bazel_accepts_the_generated_bazelrc(
    config: str, run_bazel: BazelRunner, bazel: tuple[str, str], tmp_path: Path
) -> None:
    """--nobuild still asks the (unreachable) server for its capabilities: the command must fail
    on the connection, never on an option."""
    endpoint = f"grpc://127.0.0.1:{unused_port()}"
    remote = RemoteSettings(
        executor=endpoint,
        instance_name="main",
        timeout_seconds=2,
        jobs=4,
        exec_properties={"OSFamily": "Linux", "container-image": "docker://x"},
    )
    rc = tmp_path / "generated.bazelrc"
    rc.write_text(
        render_bazelrc(spec(bazel[1], remote=remote, offline_mirror="/usr/share/maven-repo"))
    )
    result = run_bazel(f"--bazelrc={rc}", "build", f"--config={config}", "--nobuild", "//...")
    output = result.stdout + result.stderr
    assert option_errors(output) == [], output
    assert result.returncode == 0 or "Connection refused" in output, output
    for command in ("query", "fetch"):  # the offline lines written for them parse too
        other = run_bazel(f"--bazelrc={rc}", command, "//:g")
        assert option_errors(other.stdout + other.stderr) == [], other.stderr


@pytest.mark.integration
def test_flag_table_agrees_with_the_real_bazel(
    run_bazel: BazelRunner, bazel: tuple[str, str]
) -> None:
    """Every flag the table says the installed Bazel accepts is accepted (all in one command);
    every flag it says that Bazel does not know yet is rejected as unrecognised."""
    version = bazel[1]
    known, unknown = [], []
    for rule in flag_rules().values():
        word = f"--{rule.name}" if rule.kind == "bool" else f"--{rule.name}={rule.example}"
        (known if rule.accepted_by(version_tuple(version)) else unknown).append(word)
    result = run_bazel("build", "--nobuild", "--remote_timeout=1", *known, "//:g")
    assert option_errors(result.stdout + result.stderr) == [], result.stderr
    for word in unknown:
        if version_tuple(version) >= flag_rules()[word[2:].split("=")[0]].since:
            continue  # removed in a newer series; not something an older Bazel can show
        result = run_bazel("build", "--nobuild", word, "//:g")
        assert result.returncode != 0 and "Unrecognized option" in result.stderr, (word, version)


class _Cache(http.server.BaseHTTPRequestHandler):
    """The HTTP remote-cache protocol Bazel speaks (GET/PUT of /ac/<digest> and /cas/<digest>)."""

    protocol_version = "HTTP/1.1"  # Bazel refuses HTTP/1.0 answers
    store: dict[str, bytes] = {}

    def do_GET(self) -> None:  # noqa: N802
        body = self.store.get(self.path)
        self.send_response(200 if body is not None else 404)
        self.send_header("Content-Length", str(len(body or b"")))
        self.end_headers()
        self.wfile.write(body or b"")

    def do_PUT(self) -> None:  # noqa: N802
        self.store[self.path] = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


@pytest.mark.integration
def test_cache_profile_gets_remote_cache_hits(
    run_bazel: BazelRunner, bazel: tuple[str, str], tmp_path: Path
) -> None:
    _Cache.store = {}
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Cache)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        remote = RemoteSettings(
            cache=f"http://127.0.0.1:{server.server_address[1]}", timeout_seconds=30
        )
        rc = tmp_path / "generated.bazelrc"
        rc.write_text(render_bazelrc(spec(bazel[1], remote=remote)))
        first = run_bazel(f"--bazelrc={rc}", "build", "--config=cache", "//:g")
        assert first.returncode == 0, first.stderr
        assert any(key.startswith("/ac/") for key in _Cache.store), "nothing was uploaded"
        run_bazel(f"--bazelrc={rc}", "clean")
        second = run_bazel(f"--bazelrc={rc}", "build", "--config=cache", "//:g")
        assert second.returncode == 0, second.stderr
        assert "remote cache hit" in second.stderr, second.stderr
    finally:
        server.shutdown()
        server.server_close()


@pytest.mark.integration
def test_workspace_without_a_fitting_release_stops_real_bazel_with_the_reason(
    run_bazel: BazelRunner, bazel: tuple[str, str]
) -> None:
    if version_tuple(bazel[1]) >= (6, 0, 0):
        pytest.skip(f"Bazel {bazel[1]} loads rules_kotlin; the fail() path needs an older one")
    workspace = render_workspace_file(spec(bazel[1], ("java", "kotlin"), maven=()))
    (run_bazel.workspace / "WORKSPACE").write_text(workspace)
    result = run_bazel("build", "--nobuild", "//:g")
    assert result.returncode != 0
    assert "rules_kotlin needs Bazel >= 6.0.0 to load as @rules_kotlin" in result.stderr
