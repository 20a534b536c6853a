package com.github.bazel_contrib.contrib_rules_jvm.junit5;

import java.io.PrintWriter;
import java.lang.annotation.Annotation;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.ServiceLoader;
import java.util.regex.Pattern;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.engine.FilterResult;
import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.engine.TestEngine;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.TestSource;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.EngineFilter;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.PostDiscoveryFilter;
import org.junit.platform.launcher.TagFilter;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;
import org.junit.platform.reporting.legacy.LegacyReportingUtils;
import org.junit.platform.reporting.legacy.xml.LegacyXmlReportGeneratingListener;

/** Runs one test class on the JUnit Platform (or hands it to TestNGRunner): see JUnit5Runner. */
public class ActualRunner implements RunsTest {

  @Override
  public boolean run(String testClassName) throws Exception {
    ClassLoader loader = getClass().getClassLoader();
    Class<?> testClass;
    try {
      testClass = Class.forName(testClassName, false, loader);
    } catch (ClassNotFoundException | LinkageError e) {
      System.err.println("Test class not found on the runtime classpath: " + testClassName);
      e.printStackTrace(System.err);
      return false;
    }
    Selection.acknowledgeSharding();

    List<DiscoverySelector> selectors = new ArrayList<>();
    selectors.add(DiscoverySelectors.selectClass(testClass));
    if (!isRunWithEnclosed(testClass)) { // JUnit 4 runs an Enclosed class's members itself
      for (Class<?> nested : testClass.getDeclaredClasses()) {
        if (Modifier.isStatic(nested.getModifiers())) {
          selectors.add(DiscoverySelectors.selectClass(nested));
        }
      }
    }

    List<String> engines = engines(loader);
    boolean platform = !engines.isEmpty();
    // (the Launcher refuses to start without an engine: TestNG-only classpaths have none)
    Launcher launcher = platform ? LauncherFactory.create() : null;
    TestPlan plan = platform ? launcher.discover(request(selectors, engines, true)) : null;
    if (plan == null || !plan.containsTests()) {
      boolean platformFindsNone =
          plan == null || !launcher.discover(request(selectors, engines, false)).containsTests();
      if (platformFindsNone
          && TestNGRunner.available(loader)
          && Selection.engineAllowed(TestNGRunner.ENGINE_ID)) {
        return new TestNGRunner(loader).run(testClass);
      }
      if (Selection.sharded() && !platformFindsNone) {
        System.out.println("No tests of " + testClassName + " in this shard");
        return true;
      }
      System.out.println(
          "No tests found in "
              + testClassName
              + (platformFindsNone ? "" : " that match the filters (test filter, tags, engines)")
              + " (engines: "
              + engines
              + ")");
      return false;
    }

    Path reports = Files.createTempDirectory(Selection.tmpDir(), "junit5-reports");
    SummaryGeneratingListener summary = new SummaryGeneratingListener();
    OrphanFailures orphans = new OrphanFailures();
    LegacyXmlReportGeneratingListener legacyXml =
        new LegacyXmlReportGeneratingListener(reports, new PrintWriter(System.err, true));
    launcher.execute(plan, legacyXml, summary, orphans);

    Path out = XmlReports.outputFile();
    if (out != null) {
      XmlReports.write(out, XmlReports.reportFiles(reports), testClassName, orphans.cases);
    } else {
      System.out.println("JUnit XML reports (no XML_OUTPUT_FILE): " + reports);
    }

    TestExecutionSummary result = summary.getSummary();
    PrintWriter writer = new PrintWriter(System.out, true);
    result.printTo(writer);
    result.printFailuresTo(writer, 25);
    writer.flush();
    if (result.getTestsFoundCount() == 0) {
      System.out.println("No tests found in " + testClassName);
      return Selection.sharded() && result.getTotalFailureCount() == 0;
    }
    return result.getTotalFailureCount() == 0;
  }

  /** The ids of the engines on the classpath that the engine filters let run. */
  private static List<String> engines(ClassLoader loader) {
    List<String> ids = new ArrayList<>();
    for (TestEngine engine : ServiceLoader.load(TestEngine.class, loader)) {
      if (Selection.engineAllowed(engine.getId()) && !ids.contains(engine.getId())) {
        ids.add(engine.getId());
      }
    }
    Collections.sort(ids);
    return ids;
  }

  private static LauncherDiscoveryRequest request(
      List<DiscoverySelector> selectors, List<String> engines, boolean filtered) {
    LauncherDiscoveryRequestBuilder request =
        LauncherDiscoveryRequestBuilder.request()
            .selectors(selectors)
            .filters(EngineFilter.includeEngines(engines))
            .configurationParameter("junit.platform.output.capture.stdout", "true")
            .configurationParameter("junit.platform.output.capture.stderr", "true");
    if (!filtered) {
      return request.build();
    }
    Pattern testFilter = Selection.testFilter();
    if (testFilter != null) {
      request.filters(new PatternFilter(testFilter));
    }
    if (Selection.sharded()) {
      request.filters(new ShardFilter());
    }
    List<String> include = Selection.listProperty("JUNIT5_INCLUDE_TAGS");
    if (!include.isEmpty()) {
      request.filters(TagFilter.includeTags(include));
    }
    List<String> exclude = Selection.listProperty("JUNIT5_EXCLUDE_TAGS");
    if (!exclude.isEmpty()) {
      request.filters(TagFilter.excludeTags(exclude));
    }
    return request.build();
  }

  /** @RunWith(Enclosed.class), read without JUnit 4 on the runner's classpath. */
  private static boolean isRunWithEnclosed(Class<?> testClass) {
    for (Annotation annotation : testClass.getAnnotations()) {
      if (annotation.annotationType().getName().equals("org.junit.runner.RunWith")) {
        try {
          Object runner = annotation.annotationType().getMethod("value").invoke(annotation);
          return ((Class<?>) runner).getName().equals("org.junit.experimental.runners.Enclosed");
        } catch (ReflectiveOperationException e) {
          return false;
        }
      }
    }
    return false;
  }

  /** Bazel's --test_filter on "{@code <class>#<method>}" (see Selection.testFilter). */
  static final class PatternFilter implements PostDiscoveryFilter {
    private final Pattern pattern;

    PatternFilter(Pattern pattern) {
      this.pattern = pattern;
    }

    @Override
    public FilterResult apply(TestDescriptor descriptor) {
      if (!selectable(descriptor)) {
        return FilterResult.included("a container");
      }
      String name = descriptor.getDisplayName();
      TestSource source = descriptor.getSource().orElse(null);
      if (source instanceof MethodSource) {
        MethodSource method = (MethodSource) source;
        name = method.getClassName() + "#" + method.getMethodName();
      } else if (source instanceof ClassSource) {
        name = ((ClassSource) source).getClassName() + "#";
      }
      return FilterResult.includedIf(
          Selection.matches(pattern, name),
          () -> "matches " + pattern,
          () -> "does not match " + pattern);
    }
  }

  /** The tests of this shard (TEST_TOTAL_SHARDS / TEST_SHARD_INDEX), by their unique id. */
  static final class ShardFilter implements PostDiscoveryFilter {
    @Override
    public FilterResult apply(TestDescriptor descriptor) {
      return FilterResult.includedIf(
          !selectable(descriptor) || Selection.inShard(descriptor.getUniqueId().toString()));
    }
  }

  /**
   * What the test filter and sharding select: tests, and the containers of a method whose tests
   * appear only as they run (@ParameterizedTest, @RepeatedTest, @TestFactory: filters after
   * discovery never see those tests).
   */
  static boolean selectable(TestDescriptor descriptor) {
    return descriptor.isTest()
        || descriptor.getSource().filter(s -> s instanceof MethodSource).isPresent();
  }

  /**
   * Failures of containers without any test (an engine that failed, a class that cannot be
   * initialised before discovery found tests in it): the legacy XML has no test case for them,
   * so they become test cases of a suite named after the test class.
   */
  static final class OrphanFailures implements TestExecutionListener {
    final List<XmlReports.Case> cases = new ArrayList<>();
    private TestPlan plan;

    @Override
    public void testPlanExecutionStarted(TestPlan testPlan) {
      plan = testPlan;
    }

    @Override
    public void executionFinished(TestIdentifier id, TestExecutionResult result) {
      if (id.isTest() || result.getStatus() != TestExecutionResult.Status.FAILED) {
        return;
      }
      for (TestIdentifier descendant : plan.getDescendants(id)) {
        if (descendant.isTest()) {
          return; // reported on its tests
        }
      }
      Throwable t = result.getThrowable().orElse(null);
      cases.add(
          new XmlReports.Case(
              LegacyReportingUtils.getClassName(plan, id),
              id.getLegacyReportingName(),
              0,
              XmlReports.Case.failure(t),
              t));
    }
  }
}
