"""What the repository rules of the offline rules_kotlin and rules_scala stand-ins share.

Its one source is migrate's rules/bazel/jvm_common/; migrate places it into each stand-in it
writes (rules_kotlin/kotlin/private/local_compiler.bzl, rules_scala/scala/private/...), as it
does jvm_common.bzl. kotlin/repositories.bzl and scala/repositories.bzl declare with it a
repository over a locally installed compiler (kotlinc, scalac) instead of downloading one:

* local_compiler() describes the compiler (launcher, environment variable, jars, messages);
* local_compiler_repository_rule() is the repository rule, with one attribute: the path of the
  launcher (empty: $<ENV>, the launcher on PATH, /usr/bin/<launcher>); declare_local_compiler()
  declares it, as <language>_repositories();
* its implementation calls write_local_compiler() (finds the compiler's home, links its bin/
  and lib/ into the repository, writes the BUILD file: the launcher, :compiler_files, the
  language's own lines, a java_import per jar present, :stdlibs).
"""

def local_compiler(language, repository, launcher, home, stdlibs, others):
    """The description of a local compiler that the functions below take.

    Args:
      language: e.g. "Kotlin": names the WORKSPACE function (kotlin_repositories), the
        stand-in (rules_kotlin) and the Debian package (kotlin) in messages.
      repository: the name of the compiler's repository, e.g. "com_github_jetbrains_kotlin".
      launcher: the launcher's name in bin/ and on PATH, the repository rule's attribute for
        its path and, in upper case, the environment variable for it: e.g. "kotlinc", KOTLINC.
      home: (what the compiler's home directory is called, the jar in its lib/ that marks
        it), e.g. ("Kotlin compiler home", "kotlin-compiler.jar").
      stdlibs: {target name: jar under lib/} of :stdlibs (what every target compiles and runs
        with), the stdlib first: a java_import each when the jar is there; the stdlib must be.
      others: {target name: jar under lib/}: more java_import targets, when the jar is there.

    Returns:
      A struct: language, repository, launcher, env, home_name, key_jar, function, rule_set,
      debian_package, stdlibs, others.
    """
    name = language.lower()
    home_name, key_jar = home
    return struct(
        language = language,
        repository = repository,
        launcher = launcher,
        env = launcher.upper(),
        home_name = home_name,
        key_jar = key_jar,
        function = name + "_repositories",
        rule_set = "rules_" + name,
        debian_package = name,
        stdlibs = stdlibs,
        others = others,
    )

def local_compiler_repository_rule(implementation, compiler):
    """The repository rule of a local compiler.

    Args:
      implementation: its implementation (calls write_local_compiler).
      compiler: the local_compiler().

    Returns:
      The repository_rule, with the attribute `<launcher>` (a path; empty: the default).
    """
    return repository_rule(
        implementation = implementation,
        attrs = {
            compiler.launcher: attr.string(
                doc = "Path to the %s launcher; empty: $%s, PATH, /usr/bin/%s." % (compiler.launcher, compiler.env, compiler.launcher),
            ),
        },
        environ = [compiler.env, "PATH"],
        local = True,
        doc = "A local %s compiler as @%s (see %s in the module docstring)." % (compiler.language, compiler.repository, compiler.function),
    )

def declare_local_compiler(repository_rule, compiler, launcher):
    """Declares the compiler's repository unless the WORKSPACE already has one of its name.

    What <language>_repositories() does.

    Args:
      repository_rule: the local_compiler_repository_rule().
      compiler: the local_compiler().
      launcher: the path of the launcher (None or empty: $<env>, PATH, /usr/bin/<launcher>).
    """
    if not native.existing_rule(compiler.repository):
        repository_rule(**{"name": compiler.repository, compiler.launcher: launcher or ""})

def _compiler_home(rctx, compiler):
    """Finds the compiler and links its bin/ and lib/ into the repository.

    The launcher: the rule's attribute, else $<env>, else <launcher> on PATH, else
    /usr/bin/<launcher>; symlinks are followed to the home (the directory of bin/<launcher>
    and lib/<key_jar>).

    Args:
      rctx: the repository context.
      compiler: the local_compiler().

    Returns:
      (the home's path, the launcher as requested).
    """
    requested = getattr(rctx.attr, compiler.launcher) or rctx.os.environ.get(compiler.env, "")
    if not requested:
        found = rctx.which(compiler.launcher)
        requested = str(found) if found else "/usr/bin/" + compiler.launcher
    launcher = rctx.path(requested)
    if not launcher.exists:
        fail("%s: no %s compiler at %s (install Debian's '%s' package, " % (compiler.function, compiler.language, requested, compiler.debian_package) +
             "or pass %s(%s = ...) / set %s)" % (compiler.function, compiler.launcher, compiler.env))
    home = launcher.realpath.dirname.dirname
    lib = home.get_child("lib")
    if not lib.get_child(compiler.key_jar).exists:
        fail("%s: %s does not look like a %s " % (compiler.function, home, compiler.home_name) +
             "(no lib/%s next to bin/%s, resolved from %s)" % (compiler.key_jar, compiler.launcher, requested))

    rctx.symlink(home.get_child("bin"), "bin")
    rctx.symlink(lib, "lib")
    return home, requested

def _write_build_file(rctx, compiler, home, requested, lines):
    """Writes the repository's BUILD.bazel and WORKSPACE.

    Args:
      rctx: the repository context.
      compiler: the local_compiler().
      home: the compiler's home (_compiler_home()).
      requested: the launcher as requested (_compiler_home()).
      lines: the language's own lines of the BUILD file, after :compiler_files.
    """
    lines = [
        "# Generated by %s() (migrate's offline %s stand-in)." % (compiler.function, compiler.rule_set),
        "# %s: %s (from %s)" % (compiler.home_name, home, requested),
        "",
        'package(default_visibility = ["//visibility:public"])',
        "",
        'filegroup(name = "%s", srcs = ["bin/%s"])' % (compiler.launcher, compiler.launcher),
        "",
        'filegroup(name = "compiler_files", srcs = glob(["bin/*", "lib/*.jar"]))',
    ] + lines
    stdlibs = []
    jars = compiler.stdlibs.items() + compiler.others.items()
    for name, jar in jars:
        if not home.get_child("lib").get_child(jar).exists:
            continue
        lines += ["", 'java_import(name = "%s", jars = ["lib/%s"])' % (name, jar)]
        if name in compiler.stdlibs:
            stdlibs.append(name)
    stdlib, stdlib_jar = jars[0]
    if stdlib not in stdlibs:
        fail("%s: %s/lib has no %s" % (compiler.function, home, stdlib_jar))
    lines += [
        "",
        "java_library(",
        '    name = "stdlibs",',
        "    exports = [%s]," % ", ".join(['":%s"' % n for n in stdlibs]),
        ")",
        "",
    ]
    rctx.file("BUILD.bazel", "\n".join(lines))
    rctx.file("WORKSPACE", 'workspace(name = "%s")\n' % rctx.name)

def write_local_compiler(rctx, compiler, lines):
    """The implementation of a local_compiler_repository_rule(), with the language's own lines.

    Finds the compiler (_compiler_home), links its bin/ and lib/ into the repository and writes
    its BUILD.bazel (the launcher, :compiler_files, `lines`, a java_import per jar of lib/ that
    is there, :stdlibs) and WORKSPACE.

    Args:
      rctx: the repository context.
      compiler: the local_compiler().
      lines: the language's own lines of the BUILD file, after :compiler_files.
    """
    home, requested = _compiler_home(rctx, compiler)
    _write_build_file(rctx, compiler, home, requested, lines)
