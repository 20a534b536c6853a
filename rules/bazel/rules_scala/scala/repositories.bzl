"""scala_repositories(): the Scala compiler for migrate's offline rules_scala stand-in.

The real rules_scala downloads scala-compiler/-library/-reflect jars for a chosen Scala
version. This stand-in points @rules_scala_local_compiler at a locally installed Scala instead
(Debian's `scala` package: /usr/bin/scalac -> /usr/share/scala-2.11), so nothing is downloaded:

    load("@rules_scala//scala:repositories.bzl", "scala_repositories")
    scala_repositories()                       # or scala_repositories(scalac = "/opt/scala/bin/scalac")

Which scalac: the `scalac` argument, else $SCALAC, else `scalac` on PATH, else /usr/bin/scalac.
Symlinks (Debian: /etc/alternatives) are followed to the Scala home (bin/scalac,
lib/scala-library.jar). The repository then has:

    @rules_scala_local_compiler//:scalac           the launcher (bin/scalac)
    @rules_scala_local_compiler//:compiler_files   bin/* and lib/*.jar (action inputs: a new
                                                   compiler invalidates cached compilations)
    @rules_scala_local_compiler//:scala-library    (and scala-reflect, scala-compiler,
                                                   scala-xml when present) as java_import
    @rules_scala_local_compiler//:stdlibs          what every scala_* target compiles and runs
                                                   with: scala-library (+ scala-reflect)

Not supported: choosing the Scala version (scala_config(scala_version = ...)), cross builds,
several Scala versions in one workspace.
"""

load("//scala/private:local_compiler.bzl", "declare_local_compiler", "local_compiler", "local_compiler_repository_rule", "write_local_compiler")

def _scala_compiler_repository_impl(rctx):
    write_local_compiler(rctx, _SCALA, [])

_SCALA = local_compiler(
    language = "Scala",
    repository = "rules_scala_local_compiler",
    launcher = "scalac",
    home = ("Scala home", "scala-library.jar"),
    # java_import targets of lib/ (target name: jar): those of :stdlibs (scala-library first), others
    stdlibs = {"scala-library": "scala-library.jar", "scala-reflect": "scala-reflect.jar"},
    others = {
        "scala-compiler": "scala-compiler.jar",
        "scala-xml": "scala-xml.jar",
        "scala-parser-combinators": "scala-parser-combinators.jar",
    },
)

scala_compiler_repository = local_compiler_repository_rule(_scala_compiler_repository_impl, _SCALA)

def scala_repositories(scalac = None, **kwargs):  # buildifier: disable=unused-variable
    """Declares @rules_scala_local_compiler over a local Scala installation.

    Args:
      scalac: path to the scalac launcher (default: $SCALAC, PATH, /usr/bin/scalac).
      **kwargs: accepted and ignored, so WORKSPACE files written for the real rules_scala
        (overriden_artifacts = ..., fetch_sources = ..., ...) still load.
    """
    declare_local_compiler(scala_compiler_repository, _SCALA, scalac)
