"""classpath_aspect: what Bazel puts on the compile classpath of a JVM target, as JSON.

    bazel build //libs/core \\
        --override_repository=migrate_rules=/path/to/rules/bazel/migrate_rules \\
        --aspects=@migrate_rules//:classpath.bzl%classpath_aspect \\
        --output_groups=migrate_classpath

writes, for every requested target that provides a JavaInfo (java_library, java_import,
kt_jvm_library, scala_library, ...), `<package>/<name>.migrate_classpath.json` in bazel-bin
(output group `migrate_classpath`):

    {
      "version": 1,
      "label": "//libs/core:core",
      "kind": "java_library",
      "file": "bazel-out/k8-fastbuild/bin/libs/core/core.migrate_classpath.json",
      "deps": [labels], "exports": [labels], "runtime_deps": [labels],
      "compile_jars": [jar, ...],                  # JavaInfo.compile_jars: this target's own
                                                   # interface jar(s) + its exports'
      "direct_dep_compile_jars": [jar, ...],       # compile_jars of deps + exports: the direct
                                                   # classpath under strict deps
      "transitive_compile_time_jars": [jar, ...],  # what the compiler is given
      "transitive_runtime_jars": [jar, ...],
      "declared": [label, ...],                    # Gradle-like compile classpath (below)
      "producers": [[path, label], ...],           # jar -> the dependency target that made it
      "maven_coordinates": [[label, coordinate], ...]  # from java_import tags
    }

with each jar `{"path": <exec-root relative path>, "owner": <File.owner label or null>}`.
File.owner of a generated jar (an ijar, a library's output) is the target that created it;
a jar imported from a source file (java_import's runtime jar) is owned by the file's own label
(`@maven//:com/google/...jar`), so `producers` maps such jars to the target that imported them.

`declared` is the classpath Gradle would give the target for the same declarations: the
labels of its deps and exports, plus, through each of them, the labels they re-export:
first-party targets re-export only their `exports` (Gradle `api`, not `implementation`);
imported third-party jars (java_import, or any target of an external repository) re-export
their `deps` too (Maven `compile` scope is transitive). Bazel without strict deps compiles
against all of transitive_compile_time_jars instead.

The JSON is expanded lazily (Args with map_each), so applying the aspect to a large graph does
not flatten every target's transitive classpath during analysis.

Uses only JavaInfo fields that exist from Bazel 4.2 (Debian's 4.2.3) to 7.x: compile_jars,
full_compile_jars, transitive_compile_time_jars, transitive_runtime_jars, runtime_output_jars
(the optional ones through getattr), and the global JavaInfo symbol: loading it from
@rules_java//java/common:java_info.bzl (what buildifier's native-java-info warning asks) does not
work with Bazel 4.2.3's rules_java; Bazel 8+ still provides the global through autoloads.
Needs the `json` module (Bazel 4.0+).
"""

MigrateClasspathInfo = provider(
    doc = "What classpath_aspect knows about a target, for its dependents.",
    fields = {
        "api": "depset of JSON-encoded labels: this target and what it re-exports (Gradle api)",
        "producers": "depset of JSON-encoded [jar path, label] pairs (own jars of the closure)",
        "coordinates": "depset of JSON-encoded [label, maven coordinate] pairs",
    },
)

_ATTRS = ("deps", "exports", "runtime_deps")

def _jar_json(file):
    return json.encode({
        "path": file.path,
        "owner": str(file.owner) if file.owner else None,
    })

def _same(text):
    return text

def _labels(targets):
    return [str(t.label) for t in targets]

def _attr_targets(ctx, name):
    value = getattr(ctx.rule.attr, name, None)
    if value == None:
        return []
    if type(value) != "list":
        value = [value]
    return [t for t in value if type(t) == "Target"]

def _is_imported(target, ctx):
    return ctx.rule.kind.endswith("_import") or target.label.workspace_name != ""

def _own_jars(ctx, java_info, exports):
    """The jars this target itself produced or imported (not those of its exports)."""
    exported = {}
    for dep in exports:
        if JavaInfo in dep:
            for jar in dep[JavaInfo].compile_jars.to_list():
                exported[jar] = True
            for jar in getattr(dep[JavaInfo], "full_compile_jars", depset()).to_list():
                exported[jar] = True
    own = []
    candidates = java_info.compile_jars.to_list()
    candidates += getattr(java_info, "full_compile_jars", depset()).to_list()
    candidates += list(getattr(java_info, "runtime_output_jars", []) or [])
    if ctx.rule.kind.endswith("_import"):
        candidates += getattr(ctx.rule.files, "jars", [])
    for jar in candidates:
        if jar not in exported and jar not in own:
            own.append(jar)
    return own

def _add_list(args, name, values, last = False):
    args.add_joined(
        values,
        join_with = ",",
        map_each = _same,
        format_joined = '"%s": [%%s]%s' % (name, "" if last else ","),
        omit_if_empty = False,
    )

def _classpath_aspect_impl(target, ctx):
    if JavaInfo not in target:
        return []
    java_info = target[JavaInfo]
    label = str(target.label)

    deps = _attr_targets(ctx, "deps")
    exports = _attr_targets(ctx, "exports")
    runtime_deps = _attr_targets(ctx, "runtime_deps")
    infos = {
        name: [t[MigrateClasspathInfo] for t in _attr_targets(ctx, name) if MigrateClasspathInfo in t]
        for name in _ATTRS
    }

    # What a dependent of this target sees: the target, its exports' api and, for imported
    # jars (Maven compile scope), its deps' api too.
    reexported = infos["exports"] + (infos["deps"] if _is_imported(target, ctx) else [])
    api = depset([json.encode(label)], transitive = [i.api for i in reexported])

    own = [json.encode([jar.path, label]) for jar in _own_jars(ctx, java_info, exports)]
    all_infos = infos["deps"] + infos["exports"] + infos["runtime_deps"]
    producers = depset(own, transitive = [i.producers for i in all_infos])

    own_coordinates = [
        json.encode([label, tag[len("maven_coordinates="):]])
        for tag in getattr(ctx.rule.attr, "tags", [])
        if tag.startswith("maven_coordinates=")
    ]
    coordinates = depset(own_coordinates, transitive = [i.coordinates for i in all_infos])

    info = MigrateClasspathInfo(api = api, producers = producers, coordinates = coordinates)

    declared = depset(transitive = [i.api for i in infos["deps"] + infos["exports"]])
    direct_jars = depset(transitive = [
        t[JavaInfo].compile_jars
        for t in deps + exports
        if JavaInfo in t
    ])

    output = ctx.actions.declare_file(ctx.label.name + ".migrate_classpath.json")
    args = ctx.actions.args()
    args.set_param_file_format("multiline")
    args.add("{")
    args.add('"version": 1,')
    args.add('"label": %s,' % json.encode(label))
    args.add('"kind": %s,' % json.encode(ctx.rule.kind))
    args.add('"file": %s,' % json.encode(output.path))
    args.add('"deps": %s,' % json.encode(_labels(deps)))
    args.add('"exports": %s,' % json.encode(_labels(exports)))
    args.add('"runtime_deps": %s,' % json.encode(_labels(runtime_deps)))
    for name, jars in [
        ("compile_jars", java_info.compile_jars),
        ("direct_dep_compile_jars", direct_jars),
        ("transitive_compile_time_jars", java_info.transitive_compile_time_jars),
        ("transitive_runtime_jars", java_info.transitive_runtime_jars),
    ]:
        args.add_joined(
            jars,
            join_with = ",",
            map_each = _jar_json,
            format_joined = '"%s": [%%s],' % name,
            omit_if_empty = False,
        )
    _add_list(args, "declared", declared)
    _add_list(args, "producers", producers)
    _add_list(args, "maven_coordinates", coordinates, last = True)
    args.add("}")

    ctx.actions.write(output, args)
    return [info, OutputGroupInfo(migrate_classpath = depset([output]))]

classpath_aspect = aspect(
    implementation = _classpath_aspect_impl,
    attr_aspects = list(_ATTRS),
    doc = "Writes <name>.migrate_classpath.json (output group migrate_classpath): see above.",
)
