"""Breadth-first rollout waves over the project graph.

Pure: a dependency graph, facts per project and the constraints go in, a ``RolloutPlan`` comes
out, the same one for the same input. A project goes into a wave only after every project it
depends on is in an earlier wave or already migrated, so each wave builds on proven ground.

How waves are filled (list scheduling, linear in projects + edges, plus a log for the heaps):

* A dependency cycle cannot be ordered: its projects form one unit, planned together and
  reported with the loop to break. Everything else is a unit of one project.
* Excluded and held-back projects, and every project that depends on one, are left out.
* Pilots and the projects they need come first, in their own waves (Airbnb's proof-of-concept
  service went first the same way).
* Wave ``w`` takes every unit whose dependencies are all in earlier waves. With a maximum wave
  size or team count, the units on the longest dependency chain go first (they hold up the most
  waves), and units are taken by owner group so that a wave touches few teams.
* Hand edits of the plan file are kept: a project stays in the wave the previous plan has it in
  (even if it could go earlier), unless its dependencies are not in earlier waves by then; that
  conflict is reported and the project moves to the first wave that works.
* Already migrated projects keep their waves; new projects go after the last wave that has a
  migrated project, so finished waves stay finished.
"""

from __future__ import annotations

import heapq
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field

import networkx as nx

from migrate.errors import InputError
from migrate.graph import Cycle
from migrate.resources import rule_table


@dataclass(frozen=True)
class ProjectFacts:
    """What the planner knows of one project besides its edges."""

    path: str
    source_files: int | None = None  # None: unknown (planned as if it had sources)
    languages: tuple[str, ...] = ()
    owners: tuple[str, ...] = ()


@dataclass(frozen=True)
class PlanConstraints:
    max_wave_size: int | None = None
    max_owners_per_wave: int | None = None
    pilots: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()  # stays on Gradle: not part of this migration
    hold: tuple[str, ...] = ()  # not now: planned once taken off this list


@dataclass(frozen=True)
class PlannedProject:
    path: str
    reason: str
    migrated: bool = False


@dataclass(frozen=True)
class WaveRisk:
    level: str  # low | medium | high (thresholds in rules/rollout.yaml)
    source_files: int
    dependants: int  # projects outside the wave that depend directly on it
    languages: tuple[str, ...]
    owners: tuple[str, ...]

    def describe(self) -> str:
        langs = "+".join(self.languages) or "no sources"
        owners = f", owners {' '.join(self.owners)}" if self.owners else ""
        return (
            f"{self.level}: {self.source_files} source files, {self.dependants} direct "
            f"dependants, {langs}{owners}"
        )


@dataclass(frozen=True)
class Wave:
    number: int
    projects: tuple[PlannedProject, ...]
    risk: WaveRisk

    @property
    def paths(self) -> tuple[str, ...]:
        return tuple(p.path for p in self.projects)


@dataclass(frozen=True)
class SkippedProject:
    path: str
    reason: str


@dataclass(frozen=True)
class RolloutPlan:
    waves: tuple[Wave, ...]
    skipped: tuple[SkippedProject, ...] = ()
    cycles: tuple[Cycle, ...] = ()
    conflicts: tuple[str, ...] = ()  # hand edits or constraints that could not be honoured

    def wave_of(self) -> dict[str, int]:
        return {p.path: wave.number for wave in self.waves for p in wave.projects}

    def wave(self, number: int) -> Wave | None:
        for wave in self.waves:
            if wave.number == number:
                return wave
        return None


class PlanError(InputError):
    """Constraints that name projects the build does not have, or contradict each other."""


@dataclass
class _Unit:
    """One project, or the projects of one dependency cycle."""

    members: tuple[str, ...]
    deps: set[int] = field(default_factory=set)  # units this one depends on
    dependants: set[int] = field(default_factory=set)
    owners: tuple[str, ...] = ()
    pinned: int | None = None  # wave from the previous plan
    height: int = 0  # longest chain of dependants above it
    pilot: bool = False

    @property
    def key(self) -> str:
        return self.members[0]


def plan_waves(
    graph: nx.DiGraph,
    facts: Mapping[str, ProjectFacts] | None = None,
    constraints: PlanConstraints = PlanConstraints(),
    migrated: Mapping[str, int] | None = None,
    previous: Mapping[str, int] | None = None,
) -> RolloutPlan:
    """``graph``: an edge a → b when project a depends on project b. ``migrated``: project →
    the wave it was migrated in. ``previous``: project → its wave in the plan file on disk."""
    facts = facts or {}
    migrated = dict(migrated or {})
    previous = dict(previous or {})
    _check_constraints(graph, constraints)
    units, unit_of, cycles = _units(graph)
    skipped = _skipped(graph, facts, constraints, units, unit_of, migrated)
    conflicts: list[str] = []
    pending = _pending_units(units, unit_of, skipped, migrated)
    for index in pending:
        unit = units[index]
        unit.deps = {unit_of[d] for m in unit.members for d in graph.successors(m)} - {index}
        unit.deps &= pending
        unit.owners = tuple(sorted({o for m in unit.members for o in _facts(facts, m).owners}))
        waves_before = {previous[m] for m in unit.members if m in previous}
        unit.pinned = max(waves_before) if waves_before else None
    for index in pending:
        for dep in units[index].deps:
            units[dep].dependants.add(index)
    _heights(units, pending)
    pilot_units = _pilot_closure(constraints, unit_of, units, pending, skipped, conflicts)
    first_free = max(migrated.values(), default=0) + 1
    fresh = _schedule(units, pending, pilot_units, constraints, first_free, {}, [])
    pins = {i: units[i].pinned for i in pending if units[i].pinned is not None}
    placed = (
        _schedule(units, pending, pilot_units, constraints, first_free, pins, conflicts)
        if pins
        else fresh
    )
    waves = _waves(graph, facts, units, placed, fresh, migrated, constraints, cycles, first_free)
    return RolloutPlan(
        waves,
        tuple(sorted(skipped.values(), key=lambda s: s.path)),
        tuple(cycles),
        tuple(conflicts),
    )


def _facts(facts: Mapping[str, ProjectFacts], path: str) -> ProjectFacts:
    return facts.get(path) or ProjectFacts(path)


def _check_constraints(graph: nx.DiGraph, constraints: PlanConstraints) -> None:
    for name in ("pilots", "exclude", "hold"):
        unknown = [p for p in getattr(constraints, name) if p not in graph]
        if unknown:
            raise PlanError(
                f"plan.{name} names project(s) the build does not have: " + ", ".join(unknown)
            )
    both = set(constraints.pilots) & (set(constraints.exclude) | set(constraints.hold))
    if both:
        raise PlanError(f"a pilot cannot also be excluded or held: {', '.join(sorted(both))}")
    for name in ("max_wave_size", "max_owners_per_wave"):
        value = getattr(constraints, name)
        if value is not None and value < 1:
            raise PlanError(f"plan.{name} must be at least 1 (got {value})")


def _units(graph: nx.DiGraph) -> tuple[list[_Unit], dict[str, int], list[Cycle]]:
    units: list[_Unit] = []
    unit_of: dict[str, int] = {}
    cycles = []
    for component in sorted(sorted(c) for c in nx.strongly_connected_components(graph)):
        index = len(units)
        units.append(_Unit(tuple(component)))
        for member in component:
            unit_of[member] = index
        if len(component) > 1 or graph.has_edge(component[0], component[0]):
            loop = nx.find_cycle(graph.subgraph(component), source=component[0])
            cycles.append(Cycle(tuple(component), tuple(e[0] for e in loop) + (loop[0][0],)))
    return units, unit_of, cycles


def _skipped(
    graph: nx.DiGraph,
    facts: Mapping[str, ProjectFacts],
    constraints: PlanConstraints,
    units: list[_Unit],
    unit_of: dict[str, int],
    migrated: Mapping[str, int],
) -> dict[str, SkippedProject]:
    """Projects left out, each with why: excluded, held, behind one of those, or empty."""
    skipped: dict[str, SkippedProject] = {}
    queue: list[str] = []
    for names, why in ((constraints.exclude, "excluded"), (constraints.hold, "held back")):
        for path in names:
            for member in units[unit_of[path]].members:
                if member in skipped or member in migrated:
                    continue
                reason = (
                    f"{why} in migration.yaml"
                    if member == path
                    else f"in a dependency cycle with {path}, which is {why} in migration.yaml"
                )
                skipped[member] = SkippedProject(member, reason)
                queue.append(member)
    blocker = {
        m: p for p in (*constraints.exclude, *constraints.hold) for m in units[unit_of[p]].members
    }
    while queue:  # breadth-first up the dependants, so each names its nearest blocker
        nxt = []
        for path in queue:
            for dependant in sorted(graph.predecessors(path)):
                if dependant in skipped or dependant in migrated:
                    continue
                origin = blocker[path]
                kind = "excluded" if origin in constraints.exclude else "held back"
                skipped[dependant] = SkippedProject(
                    dependant,
                    f"depends on {origin} ({kind})"
                    if graph.has_edge(dependant, origin)
                    else f"depends on {path}, which depends on {origin} ({kind})",
                )
                blocker[dependant] = origin
                nxt.append(dependant)
        queue = nxt
    for path in graph:
        fact = _facts(facts, path)
        if path not in skipped and path not in migrated and fact.source_files == 0:
            skipped[path] = SkippedProject(path, "no source files: nothing for Bazel to build")
    return skipped


def _pending_units(
    units: list[_Unit],
    unit_of: dict[str, int],
    skipped: Mapping[str, object],
    migrated: Mapping[str, int],
) -> set[int]:
    return {
        i
        for i, unit in enumerate(units)
        if any(m not in skipped and m not in migrated for m in unit.members)
    }


def _heights(units: list[_Unit], pending: set[int]) -> None:
    """Longest chain of dependants above each unit, in one pass over a topological order."""
    order = _topological(units, pending)
    for index in order:  # dependants come first in this order
        unit = units[index]
        unit.height = 1 + max((units[d].height for d in unit.dependants), default=0)


def _topological(units: list[_Unit], pending: set[int]) -> list[int]:
    """Pending units, every unit after all of its dependants (Kahn, deterministic)."""
    waiting = {i: len(units[i].dependants) for i in pending}
    ready = sorted((units[i].key, i) for i, n in waiting.items() if n == 0)
    heapq.heapify(ready)
    order = []
    while ready:
        _, index = heapq.heappop(ready)
        order.append(index)
        for dep in units[index].deps:
            waiting[dep] -= 1
            if waiting[dep] == 0:
                heapq.heappush(ready, (units[dep].key, dep))
    return order


def _pilot_closure(
    constraints: PlanConstraints,
    unit_of: dict[str, int],
    units: list[_Unit],
    pending: set[int],
    skipped: Mapping[str, SkippedProject],
    conflicts: list[str],
) -> dict[int, str]:
    """Units the pilots need (pilots included) → the pilot that pulls them in."""
    closure: dict[int, str] = {}
    for pilot in constraints.pilots:
        if pilot in skipped:
            conflicts.append(f"pilot {pilot} cannot go first: {skipped[pilot].reason}")
            continue
        start = unit_of[pilot]
        if start not in pending:
            continue
        stack = [start]
        while stack:
            index = stack.pop()
            if index in closure:
                continue
            closure[index] = pilot
            units[index].pilot = True
            stack.extend(units[index].deps)
    return closure


def _schedule(
    units: list[_Unit],
    pending: set[int],
    pilot_units: dict[int, str],
    constraints: PlanConstraints,
    first_free: int,
    pins: Mapping[int, int],
    conflicts: list[str],
) -> dict[int, int]:
    """Unit → wave number. ``pins``: unit → its wave in the plan file (kept where valid)."""
    placed: dict[int, int] = {}
    remaining = {i: len(units[i].deps) for i in pending}
    future: list[tuple[int, str, int]] = []  # (earliest wave, key, unit)
    after_pilots: list[int] = []
    pilots_left = len(pilot_units)

    def earliest(index: int, allowed: int) -> int:
        return max(pins.get(index, first_free), allowed)

    for index in sorted(pending, key=lambda i: units[i].key):
        if remaining[index] == 0:
            heapq.heappush(future, (earliest(index, 1), units[index].key, index))
    wave = 0
    while len(placed) < len(pending):
        if not future:  # cannot happen on a condensed graph; never loop forever if it does
            raise AssertionError("planner: units left but none ready")
        wave = max(wave + 1, future[0][0])
        eligible: list[int] = []
        while future and future[0][0] <= wave:
            _, _, index = heapq.heappop(future)
            unit = units[index]
            if pilots_left and not unit.pilot and index not in pins:
                after_pilots.append(index)  # released once every pilot unit is placed
            else:
                eligible.append(index)
        chosen = _choose(units, eligible, constraints, pins)
        for index in eligible:
            if index not in chosen:
                heapq.heappush(future, (wave + 1, units[index].key, index))
        for index in chosen:
            placed[index] = wave
            unit = units[index]
            if index in pins and pins[index] < wave:
                conflicts.append(
                    f"{', '.join(unit.members)}: plan.yaml has wave {pins[index]}, but a "
                    f"dependency is only ready by wave {wave}: moved to wave {wave}"
                )
            if unit.pilot:
                pilots_left -= 1
            for dependant in unit.dependants:
                remaining[dependant] -= 1
                if remaining[dependant] == 0:
                    heapq.heappush(
                        future, (earliest(dependant, wave + 1), units[dependant].key, dependant)
                    )
        if not pilots_left and after_pilots:
            for index in after_pilots:
                heapq.heappush(future, (wave + 1, units[index].key, index))
            after_pilots = []
    return placed


def _choose(
    units: list[_Unit], eligible: list[int], constraints: PlanConstraints, pins: Mapping[int, int]
) -> set[int]:
    """The eligible units that go into this wave: pinned ones always (a hand edit is honoured
    even past the size limit), then the rest by owner group within the limits."""
    chosen = {i for i in eligible if i in pins}
    size = sum(len(units[i].members) for i in chosen)
    teams = {o for i in chosen for o in units[i].owners}
    free = [i for i in eligible if i not in chosen]
    cap = constraints.max_wave_size
    max_teams = constraints.max_owners_per_wave
    if cap is None and max_teams is None:
        return chosen | set(free)
    groups: dict[tuple[str, ...], list[int]] = defaultdict(list)
    for index in free:
        groups[units[index].owners].append(index)

    def priority(index: int) -> tuple[int, str]:
        return (-units[index].height, units[index].key)

    for members in groups.values():
        members.sort(key=priority)
    order = sorted(groups, key=lambda owners: (priority(groups[owners][0]), owners))
    for owners in order:
        new_teams = set(owners) - teams
        if max_teams is not None and new_teams and len(teams | new_teams) > max_teams:
            continue
        took = False
        for index in groups[owners]:
            weight = len(units[index].members)
            if cap is not None and size + weight > cap and (size or took):
                break
            chosen.add(index)
            size += weight
            took = True
        if took:
            teams |= new_teams
        if cap is not None and size >= cap:
            break
    if not chosen and free:  # a cycle larger than the limit still has to go somewhere
        chosen.add(min(free, key=priority))
    return chosen


def _waves(
    graph: nx.DiGraph,
    facts: Mapping[str, ProjectFacts],
    units: list[_Unit],
    placed: dict[int, int],
    fresh: dict[int, int],
    migrated: Mapping[str, int],
    constraints: PlanConstraints,
    cycles: list[Cycle],
    first_free: int,
) -> tuple[Wave, ...]:
    wave_of = dict(migrated)
    for index, number in placed.items():
        for member in units[index].members:
            wave_of.setdefault(member, number)
    in_cycle = {m: c for c in cycles for m in c.projects}
    by_wave: dict[int, list[PlannedProject]] = defaultdict(list)
    for path, number in migrated.items():
        by_wave[number].append(PlannedProject(path, "migrated", migrated=True))
    for index, number in placed.items():
        unit = units[index]
        for member in unit.members:
            if member in migrated:
                continue
            if unit.pinned == number and fresh[index] != number:
                reason = (
                    f"kept in wave {number} as plan.yaml has it (a fresh plan would put it in "
                    f"wave {fresh[index]})"
                )
            else:
                reason = _reason(
                    graph, member, number, wave_of, unit, in_cycle, constraints, first_free
                )
            by_wave[number].append(PlannedProject(member, reason))
    waves = []
    for number in sorted(by_wave):
        projects = tuple(sorted(by_wave[number], key=lambda p: p.path))
        waves.append(Wave(number, projects, _risk(graph, facts, projects)))
    return tuple(waves)


def _reason(
    graph: nx.DiGraph,
    path: str,
    number: int,
    wave_of: Mapping[str, int],
    unit: _Unit,
    in_cycle: Mapping[str, Cycle],
    constraints: PlanConstraints,
    first_free: int,
) -> str:
    deps = [d for d in graph.successors(path) if d in wave_of and d not in unit.members]
    pending = [d for d in deps if wave_of[d] < number]
    parts = []
    if path in constraints.pilots:
        parts.append("pilot (migration.yaml)")
    elif unit.pilot:
        parts.append("needed by a pilot")
    if not deps:
        parts.append("leaf: depends on no project left to migrate")
    else:
        last = max(sorted(deps), key=lambda d: wave_of[d])
        others = len(pending) - 1
        more = f", and {others} other dependenc{'y' if others == 1 else 'ies'}" if others else ""
        parts.append(f"after {last} (wave {wave_of[last]}){more}")
    if path in in_cycle:
        parts.append(f"dependency cycle planned as one unit: {in_cycle[path].describe()}")
    natural = max([wave_of[d] + 1 for d in deps] + [first_free])
    if number > natural:
        if not unit.pilot and constraints.pilots:
            parts.append(f"after the pilot waves (could be wave {natural})")
        else:
            parts.append(f"deferred from wave {natural}: wave limits in migration.yaml")
    return "; ".join(parts)


def _risk(
    graph: nx.DiGraph, facts: Mapping[str, ProjectFacts], projects: tuple[PlannedProject, ...]
) -> WaveRisk:
    thresholds = rule_table("rollout.yaml")["risk"]
    members = {p.path for p in projects}
    files = sum(_facts(facts, p).source_files or 0 for p in members)
    dependants = {d for p in members for d in graph.predecessors(p)} - members
    languages = tuple(sorted({lang for p in members for lang in _facts(facts, p).languages}))
    owners = tuple(sorted({o for p in members for o in _facts(facts, p).owners}))
    level = "low"
    for name in ("high", "medium"):
        limit = thresholds[name]
        if (
            files >= limit["source_files"]
            or len(dependants) >= limit["dependants"]
            or len(languages) >= limit["languages"]
        ):
            level = name
            break
    return WaveRisk(level, files, len(dependants), languages, owners)
