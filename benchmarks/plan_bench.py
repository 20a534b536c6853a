"""Time the rollout planner on a synthetic project graph (issue: 10,000 projects in under 2 s).

    python benchmarks/plan_bench.py [--projects 10000] [--max-wave-size 200] [--seed 1]

The graph is layered like a real monorepo (libraries at the bottom, services on top, each
project depending on 1-6 projects of lower layers), with a few dependency cycles, owners from a
handful of teams, and source-file counts; it is planned without limits, with a wave size limit
and team limit, and re-planned against its own previous plan (the hand-edit path).
"""

from __future__ import annotations

import argparse
import random
import resource
import time

import networkx as nx

from migrate.plan import PlanConstraints, ProjectFacts, plan_waves


def synthetic_graph(projects: int, seed: int) -> tuple[nx.DiGraph, dict[str, ProjectFacts]]:
    rng = random.Random(seed)
    layers = 12
    names = [f":layer{i * layers // projects}:p{i:05d}" for i in range(projects)]
    graph = nx.DiGraph()
    graph.add_nodes_from(names)
    facts = {}
    for i, name in enumerate(names):
        layer = i * layers // projects
        lower = i * layer // layers  # projects of lower layers
        if lower:
            for _ in range(rng.randint(1, 6)):
                graph.add_edge(name, names[rng.randrange(lower)])
        team = f"@team-{rng.randrange(25)}"
        language = rng.choice(["java"] * 8 + ["kotlin", "scala"])
        facts[name] = ProjectFacts(name, rng.randint(5, 60), (language,), (team,))
    for _ in range(projects // 1000):  # a few cycles, as real monorepos have
        a, b = rng.sample(names, 2)
        graph.add_edge(a, b)
        graph.add_edge(b, a)
    return graph, facts


def timed(label: str, call) -> object:
    start = time.perf_counter()
    result = call()
    print(f"{label:<44} {time.perf_counter() - start:6.2f} s")
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--projects", type=int, default=10_000)
    parser.add_argument("--max-wave-size", type=int, default=200)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    graph, facts = timed(
        f"build graph ({args.projects} projects)", lambda: synthetic_graph(args.projects, args.seed)
    )
    print(f"  {graph.number_of_edges()} edges")
    plan = timed("plan, no limits", lambda: plan_waves(graph, facts))
    print(f"  {len(plan.waves)} waves, {len(plan.cycles)} cycles")
    limited = PlanConstraints(max_wave_size=args.max_wave_size, max_owners_per_wave=5)
    plan = timed(
        f"plan, max {args.max_wave_size}/wave, 5 teams/wave",
        lambda: plan_waves(graph, facts, limited),
    )
    print(f"  {len(plan.waves)} waves")
    timed(
        "re-plan against the previous plan",
        lambda: plan_waves(graph, facts, limited, previous=plan.wave_of()),
    )
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(f"peak resident memory of this process: {peak / 1024:.0f} MiB")


if __name__ == "__main__":
    main()
