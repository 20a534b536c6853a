"""Scanning JVM source trees: which languages, packages and imports a project has."""
