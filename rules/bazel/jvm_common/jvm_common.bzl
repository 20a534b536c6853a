"""What the offline rules_kotlin and rules_scala stand-ins share.

Its one source is migrate's rules/bazel/jvm_common/; migrate places it (and JvmCompile.java)
into each stand-in it writes, as rules_kotlin/kotlin/private/jvm_common.bzl and
rules_scala/scala/private/jvm_common.bzl, so each stand-in is a self-contained repository and a
workspace can use one without the other.

One compile action per target (JvmCompile.java next to this file) runs kotlinc or scalac over
the target's Kotlin/Scala sources (reading its .java sources too), then javac over the .java
sources, copies the resources in and packs a reproducible jar; the rule returns a JavaInfo, so
java_library / java_test / java_binary can depend on it and it on them. The action runs as a
Bazel persistent worker, so the compilers stay loaded and warm from one target to the next
(`--strategy=KotlinCompile=sandboxed` / `ScalaCompile=...` runs it once per target instead).

Dependents compile against interface jars, as with Bazel's Java rules, so that a change that
keeps a target's ABI (a method body) does not recompile what depends on it: Bazel's ijar for
Scala (ijar keeps the Scala signature attributes), kotlinc's jvm-abi-gen output for Kotlin
(ijar would drop inline function bodies and .kotlin_module files), and javac's interface jars
for Java. Only java_import jars are used in full (see _compile_classpath).

javac is the host JDK's (`--release 8 -g -parameters` unless javacopts choose the level), not
Bazel's Java toolchain (no Error Prone, no header compilation); the host JDK runs kotlinc and
scalac too. Resources without resource_strip_prefix land where Bazel's Java rules put them
(below src/<set>/resources/, java/, ...; see resource_path).

The rule definitions share COMMON_LIBRARY_ATTRS / library_attrs() and LIBRARY_RULE; the
test/binary macros (kt_jvm_test, scala_junit_test, kt_jvm_binary, scala_binary) create their
targets with jvm_test() / jvm_binary(): a private library of the stand-in's rule plus a
java_test / java_binary around it.
"""

# The JVM of the compile action (a persistent worker: its heap holds the warm compiler).
JVM_FLAGS = ["-Xmx1g", "-Xss4m", "-XX:+UseParallelGC"]

# The host JDK (runs the compile action and the stand-ins' other tools) and Bazel's Java
# toolchain (pack_sources, run_ijar, java_common.compile): attributes of every stand-in rule.
JAVA_TOOLCHAIN_ATTRS = {
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

def with_java_toolchain(attrs):
    """A rule's attributes: `attrs` plus JAVA_TOOLCHAIN_ATTRS."""
    merged = dict(JAVA_TOOLCHAIN_ATTRS)
    merged.update(attrs)
    return merged

def exec_files(default):
    """A private attribute: files of a tool (a compiler, a script), for the exec platform.

    Args:
      default: the Label of the files (a Label of the calling stand-in's repository).
    """
    return attr.label(default = default, allow_files = True, cfg = "exec")

def exec_java(default):
    """A private attribute: a java_library run as a tool (JvmCompile, StableAbi).

    Args:
      default: the Label of the java_library.
    """
    return attr.label(default = default, cfg = "exec", providers = [JavaInfo])

def library_attrs(package, compiler, attrs):
    """The attributes of a stand-in's library rule.

    Args:
      package: the stand-in's package ("kotlin", "scala"): `_jvm_compile` is
        //<package>/private:jvm_compile, the java_library of private/JvmCompile.java in the
        stand-in's repository.
      compiler: the compiler's repository, e.g. "@com_github_jetbrains_kotlin": its
        :compiler_files are `_compiler_files` (action inputs) and its :stdlibs `_stdlibs` (what
        every target compiles and runs with).
      attrs: the language's own attributes.

    Returns:
      COMMON_LIBRARY_ATTRS, the three above and `attrs`.
    """
    merged = dict(COMMON_LIBRARY_ATTRS)
    merged.update({
        "_jvm_compile": exec_java(Label("//%s/private:jvm_compile" % package)),
        "_compiler_files": exec_files(Label(compiler + "//:compiler_files")),
        "_stdlibs": attr.label(default = Label(compiler + "//:stdlibs"), providers = [JavaInfo]),
    })
    merged.update(attrs)
    return merged

# The rule() arguments of every library rule of the stand-ins, besides implementation, attrs
# and doc: `rule(implementation = ..., attrs = ..., doc = ..., **LIBRARY_RULE)`.
LIBRARY_RULE = {
    "fragments": ["java"],
    "host_fragments": ["java"],
    "provides": [JavaInfo],
}

# Attributes every library-like rule of the stand-ins has (kt_jvm_library, scala_library, and
# the libraries the test/binary macros create), besides those library_attrs() adds
# (`_jvm_compile`: the java_library of private/JvmCompile.java in the rule's own repository).
COMMON_LIBRARY_ATTRS = with_java_toolchain({
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
})

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

def _repository_relative(file):
    """A file's path inside its repository, below its output root (bazel-out/<config>/bin)."""
    path = file.path
    if file.root.path:
        path = path[len(file.root.path) + 1:]
    prefix = file.owner.workspace_root if file.owner else ""
    if prefix and path.startswith(prefix + "/"):
        path = path[len(prefix) + 1:]
    return path

def _full_jar(interface_jar, runtime_by_name):
    """The runtime jar behind a java_import's interface jar, or None.

    Bazel writes that at <package>/_ijar/<target>/<path of the jar in its repository,
    without .jar>-ijar.jar, in the repository of the java_import.
    """
    candidates = runtime_by_name.get(interface_jar.basename[:-len("-ijar.jar")] + ".jar", [])
    if len(candidates) < 2:
        return candidates[0] if candidates else None
    below = _repository_relative(interface_jar).partition("/_ijar/")[2]
    repository = interface_jar.owner.workspace_root if interface_jar.owner else ""
    for jar in candidates:
        same_repository = (jar.owner.workspace_root if jar.owner else "") == repository
        if same_repository and below.endswith("/" + _repository_relative(jar)[:-len(".jar")] + "-ijar.jar"):
            return jar
    return None

def _compile_classpath(java_infos):
    """The jars kotlinc/scalac compile against, in order.

    Interface jars, so that a change that keeps a dependency's ABI does not recompile its
    dependents: javac's header/interface jars of java_library targets, the ijars of scala_library
    and the jvm-abi-gen jars of kt_jvm_library targets of these stand-ins. The exception is
    java_import (prebuilt jars such as @maven//:..., kotlin-stdlib, scala-library): Bazel's ijar
    of those drops what kotlinc and scalac need when the jar was itself written in Kotlin or
    Scala (*.kotlin_module files, inline function bodies), so the full jar takes its place.
    Flattens two depsets per target.
    """
    merged = java_common.merge(java_infos)
    compile_jars = merged.transitive_compile_time_jars.to_list()
    if not [jar for jar in compile_jars if "/_ijar/" in jar.path]:
        return compile_jars
    runtime_by_name = {}
    for jar in merged.transitive_runtime_jars.to_list():
        runtime_by_name.setdefault(jar.basename, []).append(jar)
    classpath = []
    for jar in compile_jars:
        if "/_ijar/" in jar.path:
            jar = _full_jar(jar, runtime_by_name) or jar
        classpath.append(jar)
    return classpath

def compile_jvm(
        ctx,
        lang,
        mnemonic,
        compiler_classpath,
        compiler_files,
        compiler_flags,
        implicit_deps,
        extra_classpath = [],
        extra_args = [],
        abi = "full",
        abi_plugin = None,
        abi_tool_classpath = []):
    """Runs the compile action of a stand-in library and returns its providers.

    Args:
      ctx: the rule context (the attributes of COMMON_LIBRARY_ATTRS).
      lang: "kotlin" or "scala" (selects the compiler in JvmCompile).
      mnemonic: the action mnemonic, e.g. "KotlinCompile" (one pool of workers per mnemonic).
      compiler_classpath: the jar Files the compiler runs from (kotlin-compiler.jar; scala's
        lib/*.jar).
      compiler_files: depset of the compiler's own files (action inputs, for caching).
      compiler_flags: list of flags for kotlinc / scalac.
      implicit_deps: JavaInfos every target compiles and runs with (the language's stdlib).
      extra_classpath: more Files for the compile classpath only (e.g. Kotlin friend jars).
      extra_args: more JvmCompile arguments, as "--option=value" strings.
      abi: what dependents compile against: "full" (the jar itself), "ijar" (Bazel's ijar of
        it: signatures only; right for Scala, whose signatures ijar keeps) or "kotlin" (the
        jar that kotlinc's jvm-abi-gen plugin `abi_plugin` writes: inline bodies kept).
      abi_plugin: the kotlin-jvm-abi-gen.jar File, for abi = "kotlin".
      abi_tool_classpath: Files of the classpath of StableAbi (rules_kotlin's
        private/StableAbi.java), for abi = "kotlin".

    Returns:
      A struct with java_info (JavaInfo), jar (File) and default_info (DefaultInfo).
    """
    srcs = ctx.files.srcs
    output = ctx.actions.declare_file(ctx.label.name + ".jar")
    outputs = [output]
    abi_inputs = []
    if abi == "kotlin":
        if not abi_plugin:
            fail("%s: abi = 'kotlin' needs the jvm-abi-gen plugin jar" % ctx.label)
        abi_jar = ctx.actions.declare_file(ctx.label.name + "-abi.jar")
        outputs.append(abi_jar)
        abi_inputs += [abi_plugin] + abi_tool_classpath
        extra_args = extra_args + [
            "--abi-output=" + abi_jar.path,
            "--abi-plugin=" + abi_plugin.path,
            "--abi-tool-classpath=" + ":".join([f.path for f in abi_tool_classpath]),
        ]
    elif abi not in ("full", "ijar"):
        fail("%s: abi must be 'full', 'ijar' or 'kotlin', not '%s'" % (ctx.label, abi))
    deps = [d[JavaInfo] for d in ctx.attr.deps] + implicit_deps
    exports = [d[JavaInfo] for d in ctx.attr.exports]
    runtime_deps = [d[JavaInfo] for d in ctx.attr.runtime_deps]
    classpath = depset(extra_classpath + _compile_classpath(deps + exports))
    runtime = ctx.attr._host_javabase[java_common.JavaRuntimeInfo]

    args = ctx.actions.args()
    args.set_param_file_format("multiline")
    args.use_param_file("@%s", use_always = True)
    args.add("--lang", lang)
    args.add_joined("--compiler-classpath", compiler_classpath, join_with = ":")
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

    tool_jars = ctx.attr._jvm_compile[JavaInfo].runtime_output_jars
    ctx.actions.run(
        executable = runtime.java_executable_exec_path,
        arguments = JVM_FLAGS + [
            "-cp",
            ":".join([jar.path for jar in tool_jars]),
            "migrate.rules.jvm.JvmCompile",
            args,
        ],
        inputs = depset(
            srcs + ctx.files.resources + compiler_classpath + abi_inputs,
            transitive = [classpath, compiler_files, runtime.files],
        ),
        # Bazel runs an action as a worker only when it has tools (they key the worker): the
        # JvmCompile jar, as the files to run of its java_library.
        tools = [ctx.attr._jvm_compile[DefaultInfo].files_to_run],
        outputs = outputs,
        mnemonic = mnemonic,
        progress_message = "Compiling %s %s (%d files)" % (lang.capitalize(), ctx.label, len(srcs)),
        execution_requirements = {"supports-workers": "1"},
    )

    source_jar = java_common.pack_sources(
        ctx.actions,
        output_jar = output,
        sources = srcs,
        java_toolchain = ctx.attr._java_toolchain[java_common.JavaToolchainInfo],
    )
    if abi == "ijar":
        abi_jar = java_common.run_ijar(
            ctx.actions,
            jar = output,
            target_label = ctx.label,
            java_toolchain = ctx.attr._java_toolchain[java_common.JavaToolchainInfo],
        )
    elif abi == "full":
        abi_jar = output
    java_info = JavaInfo(
        output_jar = output,
        compile_jar = abi_jar,
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

# The test/binary macros of a stand-in (kt_jvm_test and kt_jvm_binary; scala_junit_test and
# scala_binary) describe what they create with a struct:
#
#   library_rule:   the rule of their private library (it compiles their srcs);
#   test_lib:       the suffix of its name for a test (`<name>_kt_test_lib`);
#   bin_lib:        the suffix of its name for a binary (`<name>_kt_bin_lib`);
#   library_kwargs: the language's own library arguments besides LIBRARY_KWARGS
#                   (kotlinc_flags, scalacopts, ...).

def split_kwargs(kwargs, language_kwargs):
    """The arguments of a test/binary macro: for its library (compile) and for the rest (run).

    Args:
      kwargs: the macro's **kwargs (not modified).
      language_kwargs: the language's own library arguments besides LIBRARY_KWARGS.

    Returns:
      (library arguments, java_test / java_binary arguments), two new dicts.
    """
    rest = dict(kwargs)
    library = {}
    for key in LIBRARY_KWARGS + language_kwargs:
        if key in rest:
            library[key] = rest.pop(key)
    return library, rest

def macro_target(kwargs, testonly):
    """The arguments of a target that a macro creates besides its own.

    Private, testonly as given, with the tags of the macro's own target.

    Args:
      kwargs: the arguments of the macro's own target (its tags).
      testonly: the target's testonly.

    Returns:
      A dict of testonly, tags and visibility.
    """
    return {
        "testonly": testonly,
        "tags": kwargs.get("tags", []),
        "visibility": ["//visibility:private"],
    }

def _private_library(macros, name, srcs, deps, runtime_deps, testonly, run_kwargs, library_kwargs):
    """The library of a test/binary macro; its label."""
    attrs = dict(library_kwargs)
    attrs.update(macro_target(run_kwargs, testonly))
    macros.library_rule(name = name, srcs = srcs, deps = deps, runtime_deps = runtime_deps, **attrs)
    return ":" + name

def jvm_test(macros, name, test_class, srcs, deps, runtime_deps, data, kwargs, suite = []):
    """A test macro's targets: a testonly library `<name><macros.test_lib>` + java_test `name`.

    Args:
      macros: the stand-in's struct (see above).
      name: the java_test.
      test_class: the JUnit class it runs.
      srcs: test sources (to the library).
      deps: compile dependencies (to the library).
      runtime_deps: runtime dependencies (to the library).
      data: runtime files (to the java_test).
      kwargs: the macro's other arguments: LIBRARY_KWARGS and `macros.library_kwargs` go to
        the library, the rest to the java_test (its tags to the library too).
      suite: labels on the test's runtime classpath before the library (a generated suite).
    """
    library_kwargs, test_kwargs = split_kwargs(kwargs, macros.library_kwargs)
    lib = _private_library(macros, name + macros.test_lib, srcs, deps, runtime_deps, True, test_kwargs, library_kwargs)
    native.java_test(
        name = name,
        test_class = test_class,
        runtime_deps = suite + [lib],
        data = data,
        **test_kwargs
    )

def jvm_binary(macros, name, main_class, srcs, deps, runtime_deps, data, kwargs):
    """A binary macro's targets: java_binary `name` (+ a library `<name><macros.bin_lib>`).

    With srcs or resources, the library compiles them (with deps and runtime_deps) and is the
    binary's runtime classpath; without, deps and runtime_deps are.

    Args:
      macros: the stand-in's struct (see above).
      name: the java_binary.
      main_class: the class with main().
      srcs: the binary's own sources (to the library).
      deps: libraries (compile dependencies of the library, or the runtime classpath).
      runtime_deps: runtime-only dependencies.
      data: runtime files (to the java_binary).
      kwargs: the macro's other arguments: LIBRARY_KWARGS and `macros.library_kwargs` go to
        the library, the rest to the java_binary (its testonly and tags to the library too).
    """
    library_kwargs, binary_kwargs = split_kwargs(kwargs, macros.library_kwargs)
    classpath = deps + runtime_deps
    if srcs or library_kwargs.get("resources"):
        testonly = binary_kwargs.get("testonly", False)
        classpath = [_private_library(macros, name + macros.bin_lib, srcs, deps, runtime_deps, testonly, binary_kwargs, library_kwargs)]
    native.java_binary(
        name = name,
        main_class = main_class,
        runtime_deps = classpath,
        data = data,
        **binary_kwargs
    )
