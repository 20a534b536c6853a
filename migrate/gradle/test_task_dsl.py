"""The ``test`` task as build scripts configure it (``test {}``, ``tasks.test {}``,
``tasks.withType(Test) {}``, ``tasks.named("test") {}``): its framework, filters, JVM arguments,
system properties and environment, which Bazel's test targets must repeat.

A setting that cannot be evaluated statically is reported at file:line, never guessed."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from migrate.gradle.interpreter import NOT_FOUND, UNKNOWN, CallArgs, Host, Interpreter, to_str
from migrate.model import TestSettings

# Calls on a Test task that do not change which tests run or how the JVM is set up for them.
_IGNORED = frozenset(
    {
        "testLogging",
        "reports",
        "dependsOn",
        "finalizedBy",
        "mustRunAfter",
        "shouldRunAfter",
        "onlyIf",
        "doFirst",
        "doLast",
        "outputs",
        "inputs",
        "beforeTest",
        "afterTest",
        "beforeSuite",
        "afterSuite",
        "addTestListener",
        "addTestOutputListener",
        "onOutput",
        "jacoco",
        "retry",
        "develocity",
        "distribution",
        "predictiveSelection",
        "testClassesDirs",
        "classpath",
        "javaLauncher",
        "maxParallelForks",
        "forkEvery",
        "failFast",
        "setFailFast",
        "ignoreFailures",
        "setIgnoreFailures",
        "enabled",
        "setEnabled",
        "description",
        "group",
        "useJUnit",
        "jvmArgumentProviders",
    }
)
_FRAMEWORKS = {"useJUnit": "junit", "useJUnitPlatform": "junit-platform", "useTestNG": "testng"}
# Options of each framework's block, as TestSettings fields.
_OPTIONS = {
    "includeTags": "include_tags",
    "excludeTags": "exclude_tags",
    "includeEngines": "include_engines",
    "excludeEngines": "exclude_engines",
    "includeGroups": "include_tags",  # TestNG groups are JUnit Platform tags to its engine
    "excludeGroups": "exclude_tags",
    "includeCategories": "include_tags",  # JUnit 4 categories
    "excludeCategories": "exclude_tags",
}


@dataclass
class TestTaskState:
    """The test task's settings while the scripts are read (frozen into TestSettings)."""

    __test__ = False  # not a pytest test class

    framework: str | None = None
    lists: dict[str, list[str]] = field(default_factory=dict)
    system_properties: dict[str, str] = field(default_factory=dict)
    environment: dict[str, str] = field(default_factory=dict)
    max_heap_size: str | None = None
    min_heap_size: str | None = None
    file: str | None = None
    line: int | None = None

    def freeze(self) -> TestSettings:
        lists = {k: tuple(dict.fromkeys(v)) for k, v in self.lists.items()}
        settings = TestSettings(
            framework=self.framework,
            include_tags=lists.get("include_tags", ()),
            exclude_tags=lists.get("exclude_tags", ()),
            include_engines=lists.get("include_engines", ()),
            exclude_engines=lists.get("exclude_engines", ()),
            jvm_args=lists.get("jvm_args", ()),
            system_properties=tuple(sorted(self.system_properties.items())),
            environment=tuple(sorted(self.environment.items())),
            max_heap_size=self.max_heap_size,
            min_heap_size=self.min_heap_size,
            includes=lists.get("includes", ()),
            excludes=lists.get("excludes", ()),
            file=self.file,
            line=self.line,
        )
        return TestSettings() if settings.is_default() else settings  # no location of nothing


def _strings(values: list[Any]) -> list[str] | None:
    """Flattened string values; None when one of them is not known statically."""
    out: list[str] = []
    for value in values:
        if isinstance(value, list | tuple):
            inner = _strings(list(value))
            if inner is None:
                return None
            out += inner
            continue
        text = to_str(value)
        if not isinstance(text, str):
            return None
        out.append(text)
    return out


class TestTaskHost(Host):
    """A Test task (the project's ``test``): what its configuration block may call."""

    __test__ = False  # not a pytest test class

    def __init__(self, state: TestTaskState) -> None:
        self.state = state
        self.block: tuple[str | None, int | None] = (None, None)  # the block being run

    def configure(self, call: CallArgs) -> None:
        """``test { ... }``: the block runs against the task."""
        outer = self.block
        self.block = (call.interp.file, call.node.line)
        try:
            if call.closure is not None:
                call.closure.run(self, self)
        finally:
            self.block = outer

    def _seen(self, call: CallArgs | None, interp: Interpreter) -> None:
        """The settings' location: the first call or assignment that sets one (an assignment
        has no line of its own here: its block's)."""
        if self.state.file is None:
            self.state.file = interp.file
            self.state.line = call.node.line if call is not None else self.block[1]

    def _add(self, key: str, values: list[Any], call: CallArgs, what: str) -> None:
        strings = _strings(values)
        if strings is None:
            call.report(f"test task: {what} could not be evaluated; not carried over to Bazel")
            return
        self.state.lists.setdefault(key, []).extend(strings)

    def _put(self, target: dict[str, str], pairs: Any, call: CallArgs, what: str) -> None:
        if not isinstance(pairs, dict):
            call.report(f"test task: {what} could not be evaluated; not carried over to Bazel")
            return
        for key, value in pairs.items():
            text = to_str(value)
            if not isinstance(key, str) or not isinstance(text, str):
                call.report(
                    f"test task: {what} {key!r} could not be evaluated; not carried over to Bazel"
                )
                continue
            target[key] = text

    def invoke(self, name: str, call: CallArgs) -> Any:
        if name not in _IGNORED and name not in ("configure", "configureEach", "all"):
            self._seen(call, call.interp)
        if name in _FRAMEWORKS:
            self.state.framework = _FRAMEWORKS[name]
            if call.closure is not None:
                call.closure.run(OptionsHost(self, call))
            return None
        if name == "options" and call.closure is not None:
            call.closure.run(OptionsHost(self, call))
            return None
        if name in ("jvmArgs", "setJvmArgs"):
            if name == "setJvmArgs":
                self.state.lists["jvm_args"] = []
            self._add("jvm_args", list(call.args), call, "jvmArgs")
            return None
        if name in ("include", "exclude", "setIncludes", "setExcludes"):
            key = "includes" if "nclude" in name else "excludes"
            if call.closure is not None:
                call.report(f"test task: {name} with a closure is not carried over to Bazel")
                return None
            self._add(key, list(call.args), call, name)
            return None
        if name == "systemProperty" and len(call.args) == 2:
            self._put(self.state.system_properties, {call.args[0]: call.args[1]}, call, name)
            return None
        if name in ("systemProperties", "setSystemProperties"):
            self._put(self.state.system_properties, _map_arg(call), call, name)
            return None
        if name in ("environment", "setEnvironment"):
            pairs = {call.args[0]: call.args[1]} if len(call.args) == 2 else _map_arg(call)
            self._put(self.state.environment, pairs, call, name)
            return None
        if name in ("maxHeapSize", "setMaxHeapSize", "minHeapSize", "setMinHeapSize"):
            self.set(
                name.removeprefix("set")[0].lower() + name.removeprefix("set")[1:],
                call.args[0] if call.args else UNKNOWN,
                call.interp,
                call,
            )
            return None
        if name == "filter":
            call.report("test task: filter {} is not carried over to Bazel (every test runs)")
            return None
        if name in ("workingDir", "setWorkingDir"):
            call.report("test task: workingDir is not carried over (Bazel runs tests in runfiles)")
            return None
        if name in ("configure", "configureEach", "all"):
            self.configure(call)
            return None
        if name in _IGNORED:
            return None
        return NOT_FOUND

    def get(self, name: str, interp: Interpreter) -> Any:
        values = {
            "systemProperties": lambda: dict(self.state.system_properties),
            "environment": lambda: dict(self.state.environment),
            "jvmArgs": lambda: list(self.state.lists.get("jvm_args", [])),
            "maxHeapSize": lambda: self.state.max_heap_size,
            "minHeapSize": lambda: self.state.min_heap_size,
            "name": lambda: "test",
        }
        return values[name]() if name in values else NOT_FOUND

    def set(self, name: str, value: Any, interp: Interpreter, call: CallArgs | None = None) -> bool:
        if name not in _IGNORED:
            self._seen(call, interp)
        text = to_str(value)
        if name in ("maxHeapSize", "minHeapSize"):
            if not isinstance(text, str):
                interp.diagnostics.add(
                    "warning",
                    interp.file,
                    None,
                    f"test task: {name} could not be evaluated; not carried over to Bazel",
                )
                return True
            setattr(self.state, "max_heap_size" if name == "maxHeapSize" else "min_heap_size", text)
            return True
        if name == "jvmArgs":
            strings = _strings(value if isinstance(value, list) else [value])
            self.state.lists["jvm_args"] = strings or []
            return True
        if name in ("systemProperties", "environment") and isinstance(value, dict):
            target = getattr(self.state, "system_properties" if name[0] == "s" else "environment")
            target.clear()
            target.update({k: v for k, v in value.items() if isinstance(to_str(v), str)})
            return True
        if name in ("includes", "excludes"):
            strings = _strings(value if isinstance(value, list) else [value])
            self.state.lists[name] = strings or []
            return True
        return name in _IGNORED or name in ("ignoreFailures", "maxParallelForks", "forkEvery")


class OptionsHost(Host):
    """``useJUnitPlatform { includeTags 'fast' }`` / ``useTestNG { excludeGroups ... }``."""

    def __init__(self, task: TestTaskHost, call: CallArgs) -> None:
        self.task, self.call = task, call

    def invoke(self, name: str, call: CallArgs) -> Any:
        if name in _OPTIONS:
            self.task._add(_OPTIONS[name], list(call.args), call, name)
            return None
        return None  # other options (suiteXmlFiles, listeners, ...) do not select tests

    def set(self, name: str, value: Any, interp: Interpreter) -> bool:
        if name in _OPTIONS:
            values = value if isinstance(value, list | tuple | set) else [value]
            self.task._add(_OPTIONS[name], list(values), self.call, name)
        return True


def _map_arg(call: CallArgs) -> Any:
    if call.named:
        return dict(call.named)
    return call.args[0] if call.args else UNKNOWN


def is_test_type(call: CallArgs, index: int = 0) -> bool:
    """Whether a call names the Test task type: ``withType(Test)``, ``withType<Test>``,
    ``named("test", Test)``, ``withType(org.gradle.api.tasks.testing.Test.class)``."""
    nodes = call.arg_nodes[index:] if len(call.arg_nodes) > index else []
    texts = [call.snippet(n).strip().removesuffix(".class").removesuffix("::class") for n in nodes]
    if any(t.rsplit(".", 1)[-1] in ("Test", "Test::class.java") for t in texts):
        return True
    return "<Test>" in call.snippet().replace(" ", "")


class TasksHost(Host):
    """``project.tasks``: the parts of it that configure the ``test`` task."""

    def __init__(self, test: TestTaskHost) -> None:
        self.test = test

    def get(self, name: str, interp: Interpreter) -> Any:
        return self.test if name == "test" else NOT_FOUND

    def invoke(self, name: str, call: CallArgs) -> Any:
        first = to_str(call.args[0]) if call.args else None
        named = name in ("named", "getByName", "getAt", "findByName") and first == "test"
        if (name == "withType" and is_test_type(call)) or named or name == "test":
            self.test.configure(call)
            return self.test
        return NOT_FOUND
