"""Bazel-side values and files: rules, labels, BUILD and workspace files."""
