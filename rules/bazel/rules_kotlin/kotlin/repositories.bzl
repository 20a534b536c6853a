"""kotlin_repositories(): the Kotlin compiler for migrate's offline rules_kotlin stand-in.

The real rules_kotlin downloads a Kotlin compiler release into @com_github_jetbrains_kotlin.
This stand-in instead points that repository at a locally installed compiler (Debian's
`kotlin` package: /usr/bin/kotlinc -> /usr/share/kotlin/kotlinc), so nothing is downloaded:

    load("@rules_kotlin//kotlin:repositories.bzl", "kotlin_repositories")
    kotlin_repositories()                      # or kotlin_repositories(kotlinc = "/opt/kotlinc/bin/kotlinc")

Which kotlinc: the `kotlinc` argument, else $KOTLINC, else `kotlinc` on PATH, else
/usr/bin/kotlinc. Symlinks are followed to the compiler's home (the directory holding
bin/kotlinc and lib/kotlin-compiler.jar). The repository then has:

    @com_github_jetbrains_kotlin//:kotlinc          the launcher (bin/kotlinc)
    @com_github_jetbrains_kotlin//:compiler_files   bin/* and lib/*.jar: action inputs, so a new
                                                    compiler invalidates cached compilations
    @com_github_jetbrains_kotlin//:jvm_abi_gen      lib/kotlin-jvm-abi-gen.jar (ABI jars)
    @com_github_jetbrains_kotlin//:kotlin_compiler  lib/kotlin-compiler.jar (neverlink import;
                                                    :kotlin_compiler_jar the file itself)
    @com_github_jetbrains_kotlin//:kotlin-stdlib    (and -jdk7, -jdk8, kotlin-reflect,
                                                    annotations when present) as java_import
    @com_github_jetbrains_kotlin//:stdlibs          what every kt_jvm_* target compiles and
                                                    runs with: kotlin-stdlib(+jdk7, jdk8)

Not supported: choosing the compiler by version (kotlin_repositories(compiler_release = ...)),
several compilers in one workspace.
"""

load("//kotlin/private:local_compiler.bzl", "declare_local_compiler", "local_compiler", "local_compiler_repository_rule", "write_local_compiler")

def _kotlin_compiler_repository_impl(rctx):
    write_local_compiler(rctx, _KOTLIN, [
        "",
        "# kotlinc's ABI jar plugin (empty when this compiler has none: dependents then compile",
        "# against full jars).",
        'filegroup(name = "jvm_abi_gen", srcs = glob(["lib/kotlin-jvm-abi-gen.jar"]))',
        "",
        "# The compiler's classes (for the ASM copy inside it), compile-time only.",
        'java_import(name = "kotlin_compiler", jars = ["lib/kotlin-compiler.jar"], neverlink = True)',
        'filegroup(name = "kotlin_compiler_jar", srcs = ["lib/kotlin-compiler.jar"])',
    ])

_KOTLIN = local_compiler(
    language = "Kotlin",
    repository = "com_github_jetbrains_kotlin",
    launcher = "kotlinc",
    home = ("Kotlin compiler home", "kotlin-compiler.jar"),
    # java_import targets of lib/ (target name: jar): those of :stdlibs (kotlin-stdlib first), others
    stdlibs = {
        "kotlin-stdlib": "kotlin-stdlib.jar",
        "kotlin-stdlib-jdk7": "kotlin-stdlib-jdk7.jar",
        "kotlin-stdlib-jdk8": "kotlin-stdlib-jdk8.jar",
    },
    others = {"kotlin-reflect": "kotlin-reflect.jar", "annotations": "annotations-13.0.jar"},
)

kotlin_compiler_repository = local_compiler_repository_rule(_kotlin_compiler_repository_impl, _KOTLIN)

def kotlin_repositories(kotlinc = None, **kwargs):  # buildifier: disable=unused-variable
    """Declares @com_github_jetbrains_kotlin over a local Kotlin compiler.

    Args:
      kotlinc: path to the kotlinc launcher (default: $KOTLINC, PATH, /usr/bin/kotlinc).
      **kwargs: accepted and ignored, so WORKSPACE files written for the real rules_kotlin
        (compiler_release = ..., ...) still load.
    """
    declare_local_compiler(kotlin_compiler_repository, _KOTLIN, kotlinc)
