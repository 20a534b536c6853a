"""What the offline rules_kotlin and rules_scala stand-ins share.

This file exists twice, identically: rules_kotlin/kotlin/private/jvm_common.bzl and
rules_scala/scala/private/jvm_common.bzl (each stand-in is a self-contained repository, so a
workspace can use one without the other). migrate's tests check the copies are identical.

One compile action per target (jvm_compile.sh next to this file) runs kotlinc or scalac over
the target's Kotlin/Scala sources (reading its .java sources too), then javac over the .java
sources, copies the resources in and packs a reproducible jar; the rule returns a JavaInfo, so
java_library / java_test / java_binary can depend on it and it on them.
"""

# Attributes every library-like rule of the stand-ins has (kt_jvm_library, scala_library, and
# the libraries the test/binary macros create).
COMMON_LIBRARY_ATTRS = {
    "srcs": attr.label_list(
        allow_files = [".kt", ".scala", ".java"],
        doc = "Kotlin (.kt) or Scala (.scala) sources, mixed with Java (.java) sources.",
    ),
    "deps": attr.label_list(
        providers = [JavaInfo],
        doc = "Compile-time (and runtime) dependencies: any target with a JavaInfo.",
    ),
    "exports": attr.label_list(
        providers = [JavaInfo],
        doc = "Targets re-exported to the dependents of this one (also on its own classpath).",
    ),
    "runtime_deps": attr.label_list(
        providers = [JavaInfo],
        doc = "Runtime-only dependencies.",
    ),
    "resources": attr.label_list(
        allow_files = True,
        doc = "Files packed into the jar; their path in the jar follows Bazel's Java rules.",
    ),
    "resource_strip_prefix": attr.string(
        doc = "Workspace-relative prefix removed from every resource path (like java_library).",
    ),
    "data": attr.label_list(
        allow_files = True,
        doc = "Runtime files (runfiles) of the target.",
    ),
    "neverlink": attr.bool(
        default = False,
        doc = "Only on the compile classpath of dependents, never at runtime.",
    ),
    "javacopts": attr.string_list(
        doc = "Extra javac flags for the .java sources. Default flags: --release 8 -g " +
              "-parameters (dropped when a --release/-source/-target flag is given here).",
    ),
    "_host_javabase": attr.label(
        default = Label("@bazel_tools//tools/jdk:current_host_java_runtime"),
        cfg = "exec",
        providers = [java_common.JavaRuntimeInfo],
    ),
    "_java_toolchain": attr.label(
        default = Label("@bazel_tools//tools/jdk:current_java_toolchain"),
        providers = [java_common.JavaToolchainInfo],
    ),
}

DEFAULT_JAVACOPTS = ["--release", "8", "-g", "-parameters"]

def javac_flags(user_flags):
    """The javac flags of a target.

    Args:
      user_flags: the target's javacopts.

    Returns:
      DEFAULT_JAVACOPTS + user_flags, or only user_flags when they choose the language level.
    """
    for flag in user_flags:
        if flag.startswith("--release") or flag in ("-source", "-target", "--source", "--target"):
            return list(user_flags)
    return DEFAULT_JAVACOPTS + list(user_flags)

def _workspace_relative(file):
    """A file's path from the root of its repository (what resource_strip_prefix is relative to)."""
    path = file.short_path
    if path.startswith("../"):  # a file of an external repository: ../<repo>/<path>
        path = path[3:].partition("/")[2]
    return path

_SOURCE_ROOT_DIRS = ["java", "kotlin", "scala", "resources", "groovy"]

def resource_path(file, strip_prefix):
    """Where a resource goes in the jar.

    With resource_strip_prefix: the path below that prefix (an error when the file is not below
    it). Without: like Bazel's Java rules, the path below a Maven-style source root
    (src/<set>/{resources,java,kotlin,scala}/), else below the first java/ or javatests/
    directory, else the whole repository-relative path.

    Args:
      file: the resource File.
      strip_prefix: the target's resource_strip_prefix ("" for none).

    Returns:
      The path of the resource inside the jar.
    """
    path = _workspace_relative(file)
    if strip_prefix:
        prefix = strip_prefix.strip("/") + "/"
        if not path.startswith(prefix):
            fail("resource %s is not under resource_strip_prefix '%s'" % (path, strip_prefix))
        return path[len(prefix):]
    segments = path.split("/")
    for i in range(len(segments) - 3):
        if segments[i] == "src" and segments[i + 2] in _SOURCE_ROOT_DIRS:
            return "/".join(segments[i + 3:])
    for i in range(len(segments) - 1):
        if segments[i] in ("java", "javatests"):
            return "/".join(segments[i + 1:])
    return path

def _compile_classpath(java_infos):
    """The jars kotlinc/scalac compile against, in order.

    Bazel's java_import (and java_library) hand dependents an interface jar (ijar/hjar), which
    keeps class signatures only: kotlinc and scalac also need what it drops (Kotlin's
    *.kotlin_builtins and *.kotlin_module files and inline function bodies, Scala signatures).
    So the classpath is every runtime jar of the dependencies (a superset of the compile jars:
    runtime-only jars are visible too, which is harmless), plus the compile jars that have no
    full counterpart among them (neverlink dependencies). Flattens two depsets per target.
    """
    merged = java_common.merge(java_infos)
    runtime = merged.transitive_runtime_jars.to_list()
    present = {jar.basename: True for jar in runtime}
    extra = []
    for jar in merged.transitive_compile_time_jars.to_list():
        full = jar.basename.replace("-ijar.jar", ".jar").replace("-hjar.jar", ".jar")
        if full not in present:
            extra.append(jar)
    return runtime + extra

def compile_jvm(
        ctx,
        lang,
        mnemonic,
        compiler,
        compiler_files,
        compiler_flags,
        implicit_deps,
        compile_script,
        extra_classpath = [],
        extra_args = []):
    """Runs the compile action of a stand-in library and returns its providers.

    Args:
      ctx: the rule context (the attributes of COMMON_LIBRARY_ATTRS).
      lang: "kotlin" or "scala" (selects the compiler command line in jvm_compile.sh).
      mnemonic: the action mnemonic, e.g. "KotlinCompile".
      compiler: the launcher File (kotlinc / scalac).
      compiler_files: depset of the compiler's own files (action inputs, for caching).
      compiler_flags: list of flags for kotlinc / scalac.
      implicit_deps: JavaInfos every target compiles and runs with (the language's stdlib).
      compile_script: the jvm_compile.sh File.
      extra_classpath: more Files for the compile classpath only (e.g. Kotlin friend jars).
      extra_args: more jvm_compile.sh arguments, as "--option=value" strings.

    Returns:
      A struct with java_info (JavaInfo), jar (File) and default_info (DefaultInfo).
    """
    srcs = ctx.files.srcs
    output = ctx.actions.declare_file(ctx.label.name + ".jar")
    deps = [d[JavaInfo] for d in ctx.attr.deps] + implicit_deps
    exports = [d[JavaInfo] for d in ctx.attr.exports]
    runtime_deps = [d[JavaInfo] for d in ctx.attr.runtime_deps]
    classpath = depset(extra_classpath + _compile_classpath(deps + exports))
    runtime = ctx.attr._host_javabase[java_common.JavaRuntimeInfo]

    args = ctx.actions.args()
    args.set_param_file_format("multiline")
    args.use_param_file("@%s", use_always = True)
    args.add("--lang", lang)
    args.add("--compiler", compiler)
    args.add("--java-home", runtime.java_home)
    args.add("--output", output)
    args.add("--label", str(ctx.label))
    args.add_joined("--classpath", classpath, join_with = ":", omit_if_empty = False)
    args.add_all(compiler_flags, before_each = "--compiler-flag")
    args.add_all(javac_flags(ctx.attr.javacopts), before_each = "--javac-flag")
    for resource in ctx.files.resources:
        args.add("--resource")
        args.add(resource)
        args.add(resource_path(resource, ctx.attr.resource_strip_prefix))
    for arg in extra_args:
        option, _, value = arg.partition("=")
        args.add(option, value)
    args.add_all(srcs, before_each = "--src")

    ctx.actions.run_shell(
        command = 'exec bash "%s" "$@"' % compile_script.path,
        arguments = [args],
        inputs = depset(
            srcs + ctx.files.resources + [compiler, compile_script],
            transitive = [classpath, compiler_files, runtime.files],
        ),
        outputs = [output],
        mnemonic = mnemonic,
        progress_message = "Compiling %s %s (%d files)" % (lang.capitalize(), ctx.label, len(srcs)),
        use_default_shell_env = True,
    )

    source_jar = java_common.pack_sources(
        ctx.actions,
        output_jar = output,
        sources = srcs,
        java_toolchain = ctx.attr._java_toolchain[java_common.JavaToolchainInfo],
    )
    java_info = JavaInfo(
        output_jar = output,
        compile_jar = output,  # no ijar: it would drop Kotlin inline bodies / Scala signatures
        source_jar = source_jar,
        neverlink = ctx.attr.neverlink,
        deps = deps,
        runtime_deps = runtime_deps,
        exports = exports,
    )
    runfiles = ctx.runfiles(files = ctx.files.data)
    for target in ctx.attr.deps + ctx.attr.runtime_deps + ctx.attr.exports + ctx.attr.data:
        runfiles = runfiles.merge(target[DefaultInfo].default_runfiles)
    return struct(
        jar = output,
        java_info = java_info,
        default_info = DefaultInfo(files = depset([output]), runfiles = runfiles),
    )

def derive_test_class(rule_kind, name, srcs):
    """The test class of a one-source test, from its path below a java/kotlin/scala directory.

    Args:
      rule_kind: the macro, for error messages.
      name: the target name, for error messages.
      srcs: the test's srcs (strings).

    Returns:
      The fully qualified class name, e.g. com.example.FooTest for
      src/test/kotlin/com/example/FooTest.kt.
    """
    if len(srcs) != 1 or type(srcs[0]) != "string":
        fail("%s %s: set test_class (it can only be derived from a single source file)" % (rule_kind, name))
    segments = srcs[0].rpartition(".")[0].split("/")
    for i in range(len(segments) - 1, -1, -1):
        if segments[i] in ("java", "kotlin", "scala", "javatests"):
            return ".".join(segments[i + 1:])
    fail("%s %s: set test_class (no java/, kotlin/ or scala/ directory in %s)" % (rule_kind, name, srcs[0]))

# Arguments of the test/binary macros that belong to the compiled library, not to the
# java_test / java_binary around it.
LIBRARY_KWARGS = ["resources", "resource_strip_prefix", "javacopts", "neverlink", "exports"]
