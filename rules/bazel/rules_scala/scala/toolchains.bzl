"""Compatibility shims for WORKSPACE files written for the real rules_scala.

The offline stand-in does not use Bazel toolchain resolution: the compiler comes from
@rules_scala_local_compiler (scala_repositories()), so registering toolchains is a no-op.
"""

def scala_register_toolchains():
    """No-op: the offline scala_* rules take the compiler from @rules_scala_local_compiler."""
    pass
