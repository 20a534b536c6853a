"""migrate: move JVM monorepos from Gradle to Bazel, one safe wave at a time."""

__version__ = "0.1.0"
