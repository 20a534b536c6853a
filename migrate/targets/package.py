"""Package granularity: one target per source directory, Gazelle-style; deps from imports.

Each directory of main sources becomes a library in its own BUILD file. Its deps are what its
``import`` lines name, resolved against an index of every project's source packages (first
party) and of the declared third-party jars' packages. Directories that import each other
(including directories sharing one JVM package, which see each other without imports) form
strongly connected components, merged into one target in the first member's directory (in
path order), named after the member directories; each other member's BUILD file holds a
``filegroup`` of its files for it. (A common ancestor would be a package taking in other
directories: other units', tests', resources', whose targets could then not see their files.)
The project's own directory keeps a library named like the module-mode one that exports all
its units, so ``//libs/core`` keeps meaning the whole module; tests and binaries stay there, as
in module mode. Every BUILD file is written once, its content independent of the order files
and components are found in. Undeclared uses and unused declarations are reported, never
silently changed.

Failure modes: imports are read textually (see sources/scanner.py), so a class used through a
fully-qualified name without an import, or reflection, adds no edge.
"""

from __future__ import annotations

import os
from collections import defaultdict
from dataclasses import dataclass, field

import networkx as nx

from migrate.bazel.label import Label, project_package, target_label
from migrate.bazel.rule import BuildFile, Glob, Rule
from migrate.maven.labels import maven_label
from migrate.model import Project
from migrate.paths import relative
from migrate.sources.scanner import SourceFile
from migrate.targets.context import GenerationContext, ProjectSources
from migrate.targets.findings import Finding, GenerationError
from migrate.targets.module import ModuleTargets, _sorted

# The filegroup through which a cycle member's directory gives its sources to the cycle's target.
MEMBER_SOURCES = "srcs"

# Packages of the JDK and of language runtimes, which every target has without a dependency.
PLATFORM_PREFIXES = (
    "java.",
    "javax.annotation.",
    "javax.lang.",
    "javax.net.",
    "javax.crypto.",
    "javax.xml.",
    "javax.naming.",
    "javax.sql.",
    "javax.security.",
    "jdk.",
    "sun.",
    "com.sun.",
    "org.w3c.dom.",
    "org.xml.sax.",
    "kotlin.",
    "scala.",
)


@dataclass
class Unit:
    """The main sources of one directory (before cycles are merged)."""

    project: str
    directory: str  # absolute
    files: list[SourceFile] = field(default_factory=list)

    @property
    def packages(self) -> set[str]:
        return {f.package for f in self.files}


class PackageIndex:
    """JVM package → the unit directories declaring classes in it, across the whole build;
    and where each unit's target lands once a project's cycles are merged."""

    def __init__(self, ctx: GenerationContext) -> None:
        self.ctx = ctx
        self.units: dict[str, Unit] = {}
        self.by_package: dict[str, list[str]] = defaultdict(list)
        self.by_project: dict[str, list[str]] = defaultdict(list)
        self._placement: dict[str, dict[str, tuple[str, str]]] = {}
        for project in ctx.model.projects:
            if ctx.is_jvm_project(project):
                for source in ctx.sources(project).files("main"):
                    if ctx.left_out(source.path):
                        continue  # module-info.java: reported by the module targets
                    directory = os.path.dirname(source.path)
                    unit = self.units.setdefault(directory, Unit(project.path, directory))
                    unit.files.append(source)
        for directory in sorted(self.units):
            unit = self.units[directory]
            self.by_project[unit.project].append(directory)
            for package in sorted(unit.packages):
                self.by_package[package].append(directory)

    def owners(self, imported: str) -> list[str]:
        """Directories of the units an import names (the longest package prefix that exists)."""
        name = imported.removesuffix(".*")
        parts = name.split(".")
        for end in range(len(parts), 0, -1):
            candidate = ".".join(parts[:end])
            if candidate in self.by_package:
                return self.by_package[candidate]
        return []

    def internal_graph(self, project: str) -> nx.DiGraph:
        """Edges between one project's units: its own imports and shared JVM packages."""
        graph = nx.DiGraph()
        mine = set(self.by_project[project])
        for directory in self.by_project[project]:
            graph.add_node(directory)
            unit = self.units[directory]
            for source in unit.files:
                for imported in source.imports:
                    for owner in self.owners(imported):
                        if owner in mine and owner != directory:
                            graph.add_edge(directory, owner)
            for package in unit.packages:
                for other in self.by_package[package]:
                    if other in mine and other != directory:
                        graph.add_edge(directory, other)
        return graph

    def placement(self, project: str) -> dict[str, tuple[str, str]]:
        """unit directory → (target directory, target name), cycles merged. A cycle's target
        lives in its first member's directory, never in a common ancestor: a BUILD file there
        would take in other units' directories, test or resource directories, whose targets
        then silently lose (globs) or cannot name (lists) the files."""
        if project not in self._placement:
            graph = self.internal_graph(project)
            placed: dict[str, tuple[str, str]] = {}
            for component in nx.strongly_connected_components(graph):
                members = sorted(component)
                home = members[0]
                name = _unit_name(members, self._reserved(project, home), project)
                placed.update(dict.fromkeys(members, (home, name)))
            self._placement[project] = placed
        return self._placement[project]

    def _reserved(self, project: str, home: str) -> frozenset[str]:
        """Names units must not take in ``home``: the module targets, in the project's dir."""
        owner = self.ctx.projects[project]
        if home != os.path.normpath(os.path.join(self.ctx.model.root, owner.dir)):
            return frozenset()
        return self.ctx.tables.role_names(self.ctx.project_name(owner)) | {MEMBER_SOURCES}

    def names_in(self, project: str, directory: str) -> frozenset[str]:
        """The unit targets of ``project`` whose BUILD file is in ``directory``."""
        placed = self.placement(project)
        home, name = placed.get(directory, (None, None))
        if name is None:
            return frozenset()
        return frozenset({name if home == directory else MEMBER_SOURCES})

    def label(self, directory: str) -> str:
        home, name = self.placement(self.units[directory].project)[directory]
        return target_label(self.rel(home), name)

    def rel(self, path: str) -> str:
        return relative(path, self.ctx.model.root)


def _unit_name(members: list[str], reserved: frozenset[str], project: str) -> str:
    """The member directories' names; ``_pkg`` added when that is a name the module targets
    of the project's own directory have."""
    name = "_".join(os.path.basename(m) for m in members)
    if name in reserved:
        name += "_pkg"
    if name in reserved:
        raise GenerationError(
            f"{project}: the unit of {', '.join(members)} cannot get a target name distinct "
            f"from the project's own targets ({name!r})"
        )
    return name


class PackageTargets:
    def __init__(self, project: Project, sources: ProjectSources, ctx: GenerationContext) -> None:
        self.project, self.sources, self.ctx = project, sources, ctx
        self.findings: list[Finding] = []
        self.index: PackageIndex = ctx.cached("package_index", lambda: PackageIndex(ctx))

    def _main_mapping(self, configuration: str) -> dict | None:
        mapping = self.ctx.tables.configuration(configuration)
        return mapping if mapping is not None and mapping["target"] == "main" else None

    def _allowed_projects(self) -> set[str]:
        """Projects whose classes Gradle puts on this project's main compile classpath:
        its declared project deps, and what those export through ``api``, transitively."""
        allowed, pending = {self.project.path}, [self.project.path]
        while pending:
            current = self.ctx.projects[pending.pop()]
            for dep in current.dependencies:
                mapping = self._main_mapping(dep.configuration)
                if dep.project is None or mapping is None or "runtime_deps" in mapping["attrs"]:
                    continue
                own = current.path == self.project.path
                if (own or "exports" in mapping["attrs"]) and dep.project not in allowed:
                    allowed.add(dep.project)
                    pending.append(dep.project)
        return allowed

    def _third_party(self, allowed: set[str]) -> dict[str, str]:
        """Usable external label → coordinate: declared here or exported by an allowed project."""
        repository = self.ctx.maven.repository_for(self.project.path)
        labels: dict[str, str] = {}
        for path in sorted(allowed):
            for dep in self.ctx.projects[path].dependencies:
                mapping = self._main_mapping(dep.configuration)
                if dep.coordinate is None or dep.platform or mapping is None:
                    continue
                if "runtime_deps" in mapping["attrs"]:
                    continue
                if path == self.project.path or "exports" in mapping["attrs"]:
                    labels[maven_label(dep.coordinate, repository)] = dep.coordinate
        return labels

    def build(self) -> tuple[list[BuildFile], list[Finding]]:
        units = self.index.by_project.get(self.project.path, [])
        own_dir = os.path.normpath(os.path.join(self.ctx.model.root, self.project.dir))
        reserved = self.index.names_in(self.project.path, own_dir) if units else frozenset()
        module = ModuleTargets(self.project, self.sources, self.ctx, reserved)
        if not units:
            build_file, found = module.build()
            return ([build_file] if build_file else []), found
        allowed = self._allowed_projects()
        third_party = self._third_party(allowed)
        jars = self.ctx.jar_index(sorted(third_party.items()))
        deps: dict[str, set[str]] = defaultdict(set)  # target label → dep labels
        used: set[str] = set()
        placement = self.index.placement(self.project.path)
        for directory in units:
            me = self.index.label(directory)
            for source in self.index.units[directory].files:
                for imported in source.imports:
                    deps[me] |= self._resolve(imported, directory, allowed, third_party, jars, used)
            deps[me].discard(me)
        if jars is None and third_party:
            for directory in units:
                deps[self.index.label(directory)] |= set(third_party)
            used |= set(third_party)
            self.findings.append(
                Finding(
                    "info",
                    self.project.path,
                    "third-party deps not inferred (no jar index: generate "
                    "with --offline-mirror); every unit gets all declared",
                )
            )
        self._report_unused(third_party, used)
        files = self._unit_files(placement, deps)
        module_file = self._module_file(module, sorted({self.index.label(d) for d in units}))
        return self._with_module_file(files, module_file), self.findings + module.findings

    def _resolve(
        self,
        imported: str,
        directory: str,
        allowed: set[str],
        third_party: dict[str, str],
        jars,
        used: set[str],
    ) -> set[str]:
        owners = self.index.owners(imported)
        if owners:
            found = set()
            for owner in owners:
                owner_project = self.index.units[owner].project
                if owner_project in allowed:
                    found.add(self.index.label(owner))
                    used.add(f"project:{owner_project}")
                else:
                    self.findings.append(
                        Finding(
                            "warning",
                            self.project.path,
                            f"{self.index.rel(directory)} imports {imported} from {owner_project}, "
                            "which this project does not declare: dependency not generated",
                        )
                    )
            return found
        if imported.startswith(PLATFORM_PREFIXES) or jars is None:
            return set()
        name = imported.removesuffix(".*")
        labels = jars.owners(name) or jars.owners(name.rsplit(".", 1)[0])
        declared = {label for label in labels if label in third_party}
        used |= declared
        if labels and not declared:
            self.findings.append(
                Finding(
                    "warning",
                    self.project.path,
                    f"{self.index.rel(directory)} imports {imported} from {', '.join(labels)}, "
                    "which this project does not declare: dependency not generated",
                )
            )
        return declared

    def _report_unused(self, third_party: dict[str, str], used: set[str]) -> None:
        repository = self.ctx.maven.repository_for(self.project.path)
        for dep in self.project.dependencies:
            mapping = self._main_mapping(dep.configuration)
            if (
                mapping is None
                or dep.platform
                or set(mapping["attrs"]) & {"runtime_deps", "neverlink"}
            ):
                continue
            if dep.coordinate is not None:
                unused = maven_label(dep.coordinate, repository) not in used
            else:
                unused = dep.project is not None and f"project:{dep.project}" not in used
            if unused:
                self.findings.append(
                    Finding(
                        "info",
                        self.project.path,
                        f"{dep.configuration} {dep.coordinate or dep.project} is declared but no "
                        "main source imports it (kept on the module target, as Gradle declares it)",
                    )
                )

    def _unit_files(
        self, placement: dict[str, tuple[str, str]], deps: dict[str, set[str]]
    ) -> list[BuildFile]:
        """One BUILD file per unit directory: the unit's library, or (a cycle member that is
        not the cycle's home) a filegroup of its sources for the cycle's library."""
        targets: dict[tuple[str, str], list[str]] = defaultdict(list)
        for directory, target in placement.items():
            targets[target].append(directory)
        header = (
            f"Generated by migrate (package granularity) for Gradle project {self.project.path}.",
        )
        files = []
        for (home, name), members in sorted(targets.items()):
            members = sorted(members)
            rule = self._unit_rule(home, name, members, deps)
            files.append(BuildFile(self.index.rel(home), (rule,), header))
            for member in members[1:]:
                files.append(
                    BuildFile(self.index.rel(member), (self._member_srcs(member, home),), header)
                )
        return sorted(files, key=lambda f: f.package)

    def _own_glob(self, directory: str) -> Glob:
        """The unit's files of one directory (not its subdirectories: other packages)."""
        files = self.index.units[directory].files
        exts = sorted({os.path.splitext(f.path)[1].lstrip(".") for f in files})
        return Glob(tuple(f"*.{ext}" for ext in exts), self._left_out_in(directory))

    def _member_srcs(self, member: str, home: str) -> Rule:
        visibility = (f"//{self.index.rel(home)}:__pkg__",)
        attrs = (("srcs", self._own_glob(member)), ("visibility", visibility))
        return Rule("filegroup", MEMBER_SOURCES, attrs)

    def _unit_rule(
        self, home: str, name: str, members: list[str], deps: dict[str, set[str]]
    ) -> Rule:
        sources = [f for m in members for f in self.index.units[m].files]
        lang = self.ctx.tables.language(
            self.ctx.tables.pick_language({f.language for f in sources})
        )
        package = self.index.rel(home)
        srcs: object = self._own_glob(home)
        if len(members) > 1:
            self._report_cycle(home, name, members)
            own = [os.path.basename(f.path) for f in self.index.units[home].files]
            others = [target_label(self.index.rel(m), MEMBER_SOURCES) for m in members[1:]]
            srcs = tuple(sorted(own) + others)
        label = target_label(package, name)
        deps[label] |= self._stdlib(lang)
        attrs: list[tuple[str, object]] = [
            ("srcs", srcs),
            ("visibility", ("//visibility:public",)),
        ]
        if lang.get("module_name"):
            attrs.append(("module_name", self.ctx.module_name(self.project, lang)))
        local = {_localise(d, package) for d in deps[label]}
        if local:
            attrs.append(("deps", _sorted(local)))
        return Rule(lang["library"], name, tuple(attrs), self.ctx.tables.load_of(lang["library"]))  # type: ignore[arg-type]

    def _report_cycle(self, home: str, name: str, members: list[str]) -> None:
        self.findings.append(
            Finding(
                "info",
                self.project.path,
                f"package cycle merged into //{self.index.rel(home)}:{name}: "
                + ", ".join(self.index.rel(m) for m in members),
            )
        )

    def _left_out_in(self, directory: str) -> tuple[str, ...]:
        """Names of the files in ``directory`` no rule compiles (module-info.java)."""
        return tuple(
            sorted(
                os.path.basename(f.path)
                for f in self.sources.files("main")
                if os.path.dirname(f.path) == directory and self.ctx.left_out(f.path)
            )
        )

    def _stdlib(self, lang: dict) -> set[str]:
        """Kotlin and Scala code uses its runtime without importing it."""
        wanted = set(lang.get("stdlib", ()))
        repository = self.ctx.maven.repository_for(self.project.path)
        return {
            maven_label(d.coordinate, repository)
            for d in self.project.dependencies
            if d.coordinate and d.coordinate.rsplit(":", 1)[0] in wanted
        }

    def _module_file(self, module: ModuleTargets, unit_labels: list[str]) -> BuildFile:
        """The project directory's BUILD: the module library re-exporting the units (so
        ``//libs/core`` means what it means in module mode), resources, tests, binary."""
        build_file, _ = module.build()
        assert build_file is not None
        package = project_package(self.project.dir)
        library = self.ctx.tables.target_name("library", module.name)
        rules = []
        for rule in build_file.rules:
            if rule.name == library:
                exports = set(rule.attr("exports") or ()) | set(rule.attr("deps") or ())
                exports |= {_localise(label, package) for label in unit_labels}
                rule = rule.with_attr("srcs", None).with_attr("deps", None)
                rule = rule.with_attr("exports", _sorted(exports))
            rules.append(rule)
        return BuildFile(build_file.package, tuple(rules), build_file.header)

    def _with_module_file(self, units: list[BuildFile], module: BuildFile) -> list[BuildFile]:
        """The unit files and the module file, the units of the project's own directory (if
        any) appended to the module file: one BuildFile per package."""
        own = [f for f in units if f.package == module.package]
        rules = module.rules + tuple(r for f in own for r in f.rules)
        merged = BuildFile(module.package, rules, module.header)
        return [f for f in units if f.package != module.package] + [merged]


def _localise(label: str, package: str) -> str:
    """``//a/b:x`` inside package a/b is written ``:x``; ``//a/b`` (name b) ``:b``."""
    parsed = Label.parse(label)
    return parsed.rel(package) if not parsed.repo and parsed.package == package else label
