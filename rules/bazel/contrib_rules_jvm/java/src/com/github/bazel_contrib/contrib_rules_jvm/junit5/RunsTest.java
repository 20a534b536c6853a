package com.github.bazel_contrib.contrib_rules_jvm.junit5;

/** Runs one test class; true when it passed (see JUnit5Runner). */
public interface RunsTest {
  boolean run(String testClassName) throws Exception;
}
