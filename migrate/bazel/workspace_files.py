"""Which workspace files a generation writes: online (MODULE.bazel for Bazel ≥ 7, else
WORKSPACE) or offline (WORKSPACE over a local Maven mirror and the offline rule stand-ins),
always with the .bazelrc, and a .bazelignore for Gradle's output directories. BUILD files are
the same either way."""

from __future__ import annotations

from migrate.bazel.bazelignore import render_bazelignore
from migrate.bazel.offline import render_offline_workspace
from migrate.bazel.spec import WorkspaceSpec
from migrate.bazel.version import version_tuple
from migrate.bazel.workspace import bzlmod_from, render_workspace
from migrate.resources import data_dir


def workspace_files(spec: WorkspaceSpec) -> dict[str, str]:
    online = render_workspace(spec)
    if spec.offline_mirror:
        files = render_offline_workspace(spec, data_dir("rules") / "bazel")
    elif version_tuple(spec.bazel_version) >= tuple(bzlmod_from()):
        files = {"MODULE.bazel": online["MODULE.bazel"]}
    else:
        files = {"WORKSPACE": online["WORKSPACE"]}
    files[".bazelrc"] = online[".bazelrc"]
    if spec.ignored_directories and ".bazelignore" not in files:
        files[".bazelignore"] = render_bazelignore(spec.ignored_directories)
    return files
