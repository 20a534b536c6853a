"""Third-party Maven artifacts, in one place: coordinates, ``@maven//:`` labels, the versions
projects pin, the offline mirror, reading jars, and the caches kept about them.

One module per job: :mod:`~migrate.maven.coordinates` (parsing ``group:artifact:version``),
:mod:`~migrate.maven.labels` (rules_jvm_external's names), :mod:`~migrate.maven.pins` (which
version each project pins, which repository serves it), :mod:`~migrate.maven.mirror` (the
offline ``@maven`` over a local Maven-layout mirror), :mod:`~migrate.maven.jars` (what a jar
holds) and :mod:`~migrate.maven.cache` (where what is learnt about jars is kept).
"""
