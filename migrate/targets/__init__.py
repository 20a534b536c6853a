"""From the BuildModel to Bazel targets: rule kinds, labels, granularity, third-party pins."""
