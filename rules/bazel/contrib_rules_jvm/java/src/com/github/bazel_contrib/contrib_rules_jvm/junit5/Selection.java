package com.github.bazel_contrib.contrib_rules_jvm.junit5;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Which tests run, from what Bazel and the macro pass (no JUnit Platform types: TestNGRunner
 * uses it too): the test filter, sharding and the filter system properties.
 */
final class Selection {

  private Selection() {}

  /**
   * Bazel's --test_filter (TESTBRIDGE_TEST_ONLY) as a regular expression found in
   * "{@code <class>#<method>}", as Bazel's JUnit 4 runner and contrib_rules_jvm's read it;
   * null: no filter. "{@code A#x,y}" means "{@code A#x|A#y}".
   */
  static Pattern testFilter() {
    String filter = System.getenv("TESTBRIDGE_TEST_ONLY");
    if (filter == null || filter.isEmpty()) {
      return null;
    }
    return Pattern.compile(commaSeparated(filter));
  }

  static boolean matches(Pattern filter, String testName) {
    return filter == null || filter.matcher(testName).find();
  }

  private static String commaSeparated(String pattern) {
    String[] selections = pattern.split(",");
    if (selections.length == 1) {
      return pattern;
    }
    String preceding = selections[0];
    int precedingHash = preceding.indexOf('#');
    for (int i = 1; i < selections.length; i++) {
      int hash = selections[i].indexOf('#');
      if (hash > -1) {
        preceding = selections[i];
        precedingHash = hash;
      } else if (precedingHash > -1) {
        selections[i] = preceding.substring(0, precedingHash + 1) + selections[i];
      }
    }
    return String.join("|", selections);
  }

  /** A comma-separated system property (JUNIT5_INCLUDE_TAGS & co.) as a list; empty: unset. */
  static List<String> listProperty(String name) {
    String value = System.getProperty(name);
    if (value == null || value.trim().isEmpty()) {
      return Collections.emptyList();
    }
    List<String> out = new ArrayList<>();
    for (String part : value.split(",")) {
      if (!part.trim().isEmpty()) {
        out.add(part.trim());
      }
    }
    return out;
  }

  /** Whether the engine filters (JUNIT5_INCLUDE_ENGINES / _EXCLUDE_ENGINES) let an engine run. */
  static boolean engineAllowed(String engineId) {
    List<String> include = listProperty("JUNIT5_INCLUDE_ENGINES");
    return (include.isEmpty() || include.contains(engineId))
        && !listProperty("JUNIT5_EXCLUDE_ENGINES").contains(engineId);
  }

  private static int intEnv(String name, int otherwise) {
    try {
      return Integer.parseInt(System.getenv(name));
    } catch (RuntimeException e) {
      return otherwise;
    }
  }

  /** Bazel's test sharding (shard_count > 1): TEST_TOTAL_SHARDS and TEST_SHARD_INDEX. */
  static boolean sharded() {
    return intEnv("TEST_TOTAL_SHARDS", 1) > 1;
  }

  /** Tells Bazel this runner shards (it fails a sharded test whose runner does not). */
  static void acknowledgeSharding() {
    String status = System.getenv("TEST_SHARD_STATUS_FILE");
    if (!sharded() || status == null || status.isEmpty()) {
      return;
    }
    try {
      Path path = Paths.get(status);
      if (path.getParent() != null) {
        Files.createDirectories(path.getParent());
      }
      try (OutputStream out = Files.newOutputStream(path)) {
        out.flush();
      }
    } catch (IOException e) {
      System.err.println("Cannot write TEST_SHARD_STATUS_FILE " + status + ": " + e);
    }
  }

  /** Whether the test with this stable key runs in this shard (always, unsharded). */
  static boolean inShard(String key) {
    int total = intEnv("TEST_TOTAL_SHARDS", 1);
    if (total <= 1) {
      return true;
    }
    return (key.hashCode() & 0x7fffffff) % total == intEnv("TEST_SHARD_INDEX", 0);
  }

  /** Where the runner writes its scratch files: $TEST_TMPDIR, else java.io.tmpdir. */
  static Path tmpDir() throws IOException {
    String tmp = System.getenv("TEST_TMPDIR");
    Path dir = Paths.get(tmp != null && !tmp.isEmpty() ? tmp : System.getProperty("java.io.tmpdir"));
    Files.createDirectories(dir);
    return dir;
  }
}
