"""Verification: build the same modules with Gradle and with Bazel and prove they agree."""
