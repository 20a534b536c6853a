package com.github.bazel_contrib.contrib_rules_jvm.junit5;

import java.io.PrintWriter;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Runs a TestNG class with TestNG itself, for want of a JUnit Platform TestNG engine offline
 * (online, org.junit.support:testng-engine runs it through the Launcher). Only reflection: the
 * runner library does not depend on TestNG (written for 6.9, checked with Debian's 6.9.12;
 * TestNG 7 has the same listener API). The test cases are named as
 * Gradle's TestNG support names them: the class, and the method (with "[invocation](arguments)"
 * for data-provider tests); a failing configuration method (@BeforeClass & co.) is a test case
 * of its own.
 */
final class TestNGRunner {

  /** The engine id of the JUnit Platform TestNG engine (for JUNIT5_INCLUDE/EXCLUDE_ENGINES). */
  static final String ENGINE_ID = "testng";

  private static final String TESTNG = "org.testng.TestNG";

  private final ClassLoader loader;
  private final Map<Object, String> started = new IdentityHashMap<>();
  private final Map<Object, Boolean> failedConfigurations = new IdentityHashMap<>();
  private final List<XmlReports.Case> cases = new ArrayList<>();
  private final Pattern testFilter = Selection.testFilter();

  TestNGRunner(ClassLoader loader) {
    this.loader = loader;
  }

  static boolean available(ClassLoader loader) {
    try {
      Class.forName(TESTNG, false, loader);
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }

  boolean run(Class<?> testClass) throws Exception {
    System.out.println(
        "No JUnit Platform engine found a test in "
            + testClass.getName()
            + ": running it with TestNG (migrate's offline stand-in; online: testng-engine)");
    Class<?> testngClass = Class.forName(TESTNG, true, loader);
    Object testng = testngClass.getConstructor().newInstance();
    Path output = Files.createTempDirectory(Selection.tmpDir(), "testng");
    testngClass.getMethod("setUseDefaultListeners", boolean.class).invoke(testng, false);
    testngClass.getMethod("setOutputDirectory", String.class).invoke(testng, output.toString());
    testngClass.getMethod("setTestClasses", Class[].class).invoke(testng, (Object) new Class<?>[] {testClass});
    List<String> groups = Selection.listProperty("JUNIT5_INCLUDE_TAGS");
    if (!groups.isEmpty()) {
      testngClass.getMethod("setGroups", String.class).invoke(testng, String.join(",", groups));
    }
    List<String> excluded = Selection.listProperty("JUNIT5_EXCLUDE_TAGS");
    if (!excluded.isEmpty()) {
      testngClass
          .getMethod("setExcludedGroups", String.class)
          .invoke(testng, String.join(",", excluded));
    }

    List<Class<?>> interfaces = new ArrayList<>();
    interfaces.add(Class.forName("org.testng.ITestListener", false, loader));
    interfaces.add(Class.forName("org.testng.IConfigurationListener", false, loader));
    if (testFilter != null || Selection.sharded()) {
      interfaces.add(Class.forName("org.testng.IMethodInterceptor", false, loader));
    }
    Object listener =
        Proxy.newProxyInstance(
            testngClass.getClassLoader(), interfaces.toArray(new Class<?>[0]), new Listener());
    addListener(testngClass, testng, listener);
    testngClass.getMethod("run").invoke(testng);

    List<XmlReports.Case> results;
    synchronized (this) {
      results = new ArrayList<>(cases);
    }
    Path out = XmlReports.outputFile();
    if (out != null) {
      XmlReports.write(out, Collections.<Path>emptyList(), testClass.getName(), results);
    }
    return summarize(testClass.getName(), results);
  }

  private static void addListener(Class<?> testngClass, Object testng, Object listener)
      throws ReflectiveOperationException {
    Method chosen = null;
    for (Method method : testngClass.getMethods()) {
      if (method.getName().equals("addListener")
          && method.getParameterTypes().length == 1
          && method.getParameterTypes()[0].isInstance(listener)) {
        String type = method.getParameterTypes()[0].getName();
        if (type.equals("org.testng.ITestNGListener")) {
          chosen = method; // dispatches on every listener interface (TestNG 6.9 and 7)
          break;
        }
        if (type.equals("java.lang.Object")) {
          chosen = method;
        }
      }
    }
    if (chosen == null) {
      throw new NoSuchMethodException(testngClass.getName() + ".addListener(ITestNGListener)");
    }
    chosen.invoke(testng, listener);
  }

  private static boolean summarize(String testClass, List<XmlReports.Case> results) {
    int failed = 0;
    int skipped = 0;
    PrintWriter out = new PrintWriter(System.out, true);
    for (XmlReports.Case c : results) {
      if (c.outcome == XmlReports.Case.Outcome.SKIPPED) {
        skipped++;
      } else if (c.outcome != XmlReports.Case.Outcome.PASSED) {
        failed++;
        out.printf("%nFAILED %s#%s%n", c.classname, c.name);
        if (c.throwable != null) {
          c.throwable.printStackTrace(out);
        }
      }
    }
    out.printf(
        "%nTestNG: %d tests, %d passed, %d failed, %d skipped%n",
        results.size(), results.size() - failed - skipped, failed, skipped);
    if (results.isEmpty()) {
      out.println("No tests found in " + testClass);
      out.flush();
      return Selection.sharded();
    }
    out.flush();
    return failed == 0;
  }

  private static Object call(Object target, String method) throws ReflectiveOperationException {
    Method m = target.getClass().getMethod(method);
    m.setAccessible(true);
    return m.invoke(target);
  }

  private static String className(Object result) throws ReflectiveOperationException {
    return (String) call(call(result, "getTestClass"), "getName");
  }

  /** Gradle's name of a TestNG test: the method, "[invocation](arguments)" when it has any. */
  private static String testName(Object result) throws ReflectiveOperationException {
    String name = (String) call(result, "getName");
    Object[] parameters = (Object[]) call(result, "getParameters");
    if (parameters == null || parameters.length == 0) {
      return name;
    }
    Object invocation = call(call(result, "getMethod"), "getCurrentInvocationCount");
    StringBuilder out = new StringBuilder(name).append('[').append(invocation).append("](");
    for (int i = 0; i < parameters.length; i++) {
      out.append(i > 0 ? ", " : "").append(String.valueOf(parameters[i]));
    }
    return out.append(')').toString();
  }

  private static double seconds(Object result) throws ReflectiveOperationException {
    long start = (Long) call(result, "getStartMillis");
    long end = (Long) call(result, "getEndMillis");
    return end > start ? (end - start) / 1000.0 : 0;
  }

  private synchronized void finished(Object result, XmlReports.Case.Outcome outcome)
      throws ReflectiveOperationException {
    String name = started.remove(result);
    Throwable t = (Throwable) call(result, "getThrowable");
    if (outcome == null) {
      outcome = XmlReports.Case.failure(t);
    }
    cases.add(
        new XmlReports.Case(
            className(result), name != null ? name : testName(result), seconds(result), outcome, t));
  }

  private synchronized void configurationFailed(Object result) throws ReflectiveOperationException {
    if (failedConfigurations.put(result, Boolean.TRUE) != null) {
      return; // some TestNG versions report it twice
    }
    Object method = call(result, "getMethod");
    Throwable t = (Throwable) call(result, "getThrowable");
    cases.add(
        new XmlReports.Case(
            (String) call(call(method, "getTestClass"), "getName"),
            (String) call(method, "getMethodName"),
            seconds(result),
            XmlReports.Case.failure(t),
            t));
  }

  /** The TestNG methods of this run that the test filter and the shard keep. */
  private List<Object> intercept(List<?> methods) throws ReflectiveOperationException {
    List<Object> kept = new ArrayList<>();
    for (Object instance : methods) {
      Object method = call(instance, "getMethod");
      String name =
          ((Class<?>) call(method, "getRealClass")).getName() + "#" + call(method, "getMethodName");
      if (Selection.matches(testFilter, name) && Selection.inShard(name)) {
        kept.add(instance);
      }
    }
    return kept;
  }

  /** ITestListener, IConfigurationListener and IMethodInterceptor in one proxy. */
  private final class Listener implements InvocationHandler {
    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
      String name = method.getName();
      switch (name) {
        case "equals":
          return proxy == args[0];
        case "hashCode":
          return System.identityHashCode(proxy);
        case "toString":
          return "JUnit5Runner's TestNG listener";
        case "onTestStart":
          synchronized (TestNGRunner.this) {
            started.put(args[0], testName(args[0]));
          }
          return null;
        case "onTestSuccess":
        case "onTestFailedButWithinSuccessPercentage": // a pass for Gradle too
          finished(args[0], XmlReports.Case.Outcome.PASSED);
          return null;
        case "onTestFailure":
        case "onTestFailedWithTimeout":
          finished(args[0], null);
          return null;
        case "onTestSkipped":
          finished(args[0], XmlReports.Case.Outcome.SKIPPED);
          return null;
        case "onConfigurationFailure":
          configurationFailed(args[0]);
          return null;
        case "intercept":
          return intercept((List<?>) args[0]);
        default:
          return defaultValue(method.getReturnType());
      }
    }
  }

  /** What a listener method this proxy does not handle returns. */
  private static Object defaultValue(Class<?> type) {
    if (!type.isPrimitive() || type == void.class) {
      return null;
    }
    if (type == boolean.class) {
      return Boolean.FALSE;
    }
    if (type == char.class) {
      return '\0';
    }
    if (type == byte.class) {
      return (byte) 0;
    }
    if (type == short.class) {
      return (short) 0;
    }
    if (type == int.class) {
      return 0;
    }
    if (type == long.class) {
      return 0L;
    }
    return type == float.class ? (Object) 0f : (Object) 0d;
  }
}
