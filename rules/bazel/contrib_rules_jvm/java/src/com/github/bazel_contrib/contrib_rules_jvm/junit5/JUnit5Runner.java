package com.github.bazel_contrib.contrib_rules_jvm.junit5;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;

/**
 * The main class of java_junit5_test (migrate's offline stand-in for contrib_rules_jvm's runner).
 *
 * <p>Runs the class Bazel names in {@code -Dbazel.test_suite} (java_test's test_class) on the
 * JUnit Platform (ActualRunner), or with TestNG when no JUnit Platform engine finds a test in
 * it and TestNG is on the classpath (TestNGRunner). Exit code 0 when tests ran and all passed,
 * 2 otherwise (a failed test, no test found, a runner that cannot start). This class needs
 * only the JRE, so that a missing JUnit Platform jar gets a message naming it.
 */
public final class JUnit5Runner {

  private static final String ACTUAL_RUNNER =
      "com.github.bazel_contrib.contrib_rules_jvm.junit5.ActualRunner";

  private static final String[][] REQUIRED = {
    {"org.junit.platform.commons.JUnitException", "org.junit.platform:junit-platform-commons"},
    {"org.junit.platform.engine.ExecutionRequest", "org.junit.platform:junit-platform-engine"},
    {"org.junit.platform.launcher.TestPlan", "org.junit.platform:junit-platform-launcher"},
    {
      "org.junit.platform.reporting.legacy.xml.LegacyXmlReportGeneratingListener",
      "org.junit.platform:junit-platform-reporting"
    },
  };

  private JUnit5Runner() {}

  public static void main(String[] args) {
    String testSuite = System.getProperty("bazel.test_suite");
    if (testSuite == null || testSuite.trim().isEmpty()) {
      System.err.println("No test suite specified (-Dbazel.test_suite: java_test's test_class)");
      exit(2); // the same code as Bazel's own test runner
    }
    for (String[] required : REQUIRED) {
      try {
        Class.forName(required[0], false, JUnit5Runner.class.getClassLoader());
      } catch (ClassNotFoundException | LinkageError e) {
        String artifact = required[1];
        System.err.printf(
            "JUnit 5 test runner is missing a dependency on %s (@maven//:%s)%n",
            artifact, artifact.replace(':', '_').replace('.', '_').replace('-', '_'));
        exit(2);
      }
    }
    File exitFile = createPrematureExitFile();
    Thread exitGuard = new Thread(JUnit5Runner::haltOnTestExit, "JUnit5Runner exit guard");
    Runtime.getRuntime().addShutdownHook(exitGuard);
    boolean passed;
    try {
      RunsTest runner =
          Class.forName(ACTUAL_RUNNER).asSubclass(RunsTest.class).getConstructor().newInstance();
      passed = runner.run(testSuite.trim());
    } catch (Throwable t) {
      t.printStackTrace(System.err);
      System.err.println("The JUnit 5 test runner failed: " + t);
      passed = false;
    }
    Runtime.getRuntime().removeShutdownHook(exitGuard);
    if (exitFile != null) {
      exitFile.delete();
    }
    // Exit explicitly: threads a test left running must not keep the JVM alive.
    exit(passed ? 0 : 2);
  }

  /**
   * Bazel's TEST_PREMATURE_EXIT_FILE: present while tests run, so a test that ends the JVM
   * (System.exit) makes Bazel report a failure instead of a pass.
   */
  private static File createPrematureExitFile() {
    String name = System.getenv("TEST_PREMATURE_EXIT_FILE");
    if (name == null || name.isEmpty()) {
      return null;
    }
    File file = new File(name);
    try {
      if (file.getParentFile() != null) {
        Files.createDirectories(file.getParentFile().toPath());
      }
      try (OutputStream out = Files.newOutputStream(file.toPath())) {
        out.flush();
      }
      return file;
    } catch (IOException e) {
      return null;
    }
  }

  /**
   * A shutdown hook while tests run: when a test ends the JVM (System.exit / Runtime.exit, even
   * with 0), the run has not finished, so the exit code becomes 121 (as with Bazel's own runner;
   * Bazel 4 does not read TEST_PREMATURE_EXIT_FILE itself). The real contrib_rules_jvm stops the
   * call with a Java agent instead.
   */
  private static void haltOnTestExit() {
    for (StackTraceElement[] stack : Thread.getAllStackTraces().values()) {
      for (int i = 0; i < stack.length; i++) {
        if (stack[i].getClassName().equals("java.lang.Runtime")
            && stack[i].getMethodName().equals("exit")) {
          System.err.println("\nSystem.exit or Runtime.exit was called while the tests ran:");
          for (int j = i; j < stack.length; j++) {
            System.err.println("\tat " + stack[j]);
          }
          System.err.flush();
          Runtime.getRuntime().halt(121);
        }
      }
    }
  }

  private static void exit(int code) {
    System.out.flush();
    System.err.flush();
    System.exit(code);
  }
}
