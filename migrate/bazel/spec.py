"""What a generated Bazel workspace needs to know: plain values the templates render."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class MavenRepository:
    """One ``maven_install`` (online) or ``@maven``-shaped local repository (offline).

    Several exist only when projects need conflicting versions of one artifact.
    """

    name: str  # "maven", or e.g. "maven_2" for a conflicting version set
    artifacts: tuple[str, ...]  # pinned coordinates "group:artifact:version[:classifier]", sorted
    repositories: tuple[str, ...] = ("https://repo1.maven.org/maven2",)


@dataclass(frozen=True)
class RemoteSettings:
    """The remote execution / remote cache profile written to .bazelrc."""

    executor: str | None = None  # e.g. grpc://remote.example.com:8980
    cache: str | None = None  # defaults to the executor when None
    instance_name: str | None = None
    timeout_seconds: int = 3600
    jobs: int = 50
    download_outputs: str = "minimal"  # Build without the Bytes: minimal | toplevel | all
    exec_properties: dict[str, str] = field(default_factory=dict)  # e.g. {"OSFamily": "Linux"}


@dataclass(frozen=True)
class WorkspaceSpec:
    name: str  # workspace name (letters, digits, _)
    bazel_version: str  # the Bazel the workspace targets, e.g. "4.2.3" or "7.1.0"
    languages: frozenset[str]  # subset of {"java", "kotlin", "scala"}
    maven: tuple[MavenRepository, ...]
    remote: RemoteSettings = RemoteSettings()
    offline_mirror: str | None = None  # a local Maven-layout directory, e.g. /usr/share/maven-repo
    offline_tools: str = "/opt/bazel-offline"  # tools/bazel-offline-java-tools.sh output
    # Never Bazel packages (Gradle's output directories), written to .bazelignore
    ignored_directories: tuple[str, ...] = ()
    # rule sets the BUILD files load besides the languages' (the test runners' contrib_rules_jvm)
    rule_sets: frozenset[str] = frozenset()
