"""Compatibility shims for WORKSPACE files written for the real rules_kotlin.

The offline stand-in does not use Bazel toolchain resolution: the compiler comes from
@com_github_jetbrains_kotlin (kotlin_repositories()), so registering toolchains is a no-op.
"""

def kt_register_toolchains():
    """No-op: the offline kt_jvm_* rules take the compiler from @com_github_jetbrains_kotlin."""
    pass
