package com.github.bazel_contrib.contrib_rules_jvm.junit5;

import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.Transformer;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * The JUnit XML Bazel reads from $XML_OUTPUT_FILE: one {@code <testsuites>} document holding
 * the {@code <testsuite>} elements of the legacy listener's TEST-*.xml files unchanged, plus
 * suites this runner writes itself (TestNG classes, failures outside any test).
 */
final class XmlReports {

  /** One test case this runner reports itself. */
  static final class Case {
    enum Outcome {
      PASSED,
      FAILED,
      ERROR,
      SKIPPED
    }

    final String classname;
    final String name;
    final double seconds;
    final Outcome outcome;
    final Throwable throwable;

    Case(String classname, String name, double seconds, Outcome outcome, Throwable throwable) {
      this.classname = classname;
      this.name = name;
      this.seconds = seconds;
      this.outcome = outcome;
      this.throwable = throwable;
    }

    /** FAILED for an assertion (AssertionError), ERROR for any other exception. */
    static Outcome failure(Throwable t) {
      return t == null || t instanceof AssertionError ? Outcome.FAILED : Outcome.ERROR;
    }
  }

  private XmlReports() {}

  /** $XML_OUTPUT_FILE, or null outside `bazel test`. */
  static Path outputFile() {
    String out = System.getenv("XML_OUTPUT_FILE");
    return out == null || out.isEmpty() ? null : Paths.get(out);
  }

  /** The legacy listener's reports (TEST-*.xml, by name) in {@code dir}. */
  static List<Path> reportFiles(Path dir) {
    List<Path> files = new ArrayList<>();
    File[] listed = dir.toFile().listFiles();
    if (listed != null) {
      for (File file : listed) {
        if (file.getName().startsWith("TEST-") && file.getName().endsWith(".xml")) {
          files.add(file.toPath());
        }
      }
    }
    files.sort(null);
    return files;
  }

  /**
   * Writes {@code out}: the suites of {@code reports} that hold a test case, then a suite
   * {@code suiteName} of {@code cases} (when there are any).
   */
  static void write(Path out, List<Path> reports, String suiteName, List<Case> cases)
      throws Exception {
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    try {
      factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
    } catch (Exception e) {
      // not Xerces: nothing to switch off
    }
    DocumentBuilder builder = factory.newDocumentBuilder();
    Document doc = builder.newDocument();
    Element root = doc.createElement("testsuites");
    doc.appendChild(root);
    for (Path report : reports) {
      Element suite = builder.parse(report.toFile()).getDocumentElement();
      if (!"testsuite".equals(suite.getTagName())
          || suite.getElementsByTagName("testcase").getLength() == 0) {
        continue; // an engine that found nothing
      }
      root.appendChild(doc.createTextNode("\n"));
      root.appendChild(doc.importNode(suite, true));
    }
    if (!cases.isEmpty()) {
      root.appendChild(doc.createTextNode("\n"));
      root.appendChild(suite(doc, suiteName, cases));
    }
    root.appendChild(doc.createTextNode("\n"));
    count(root);

    Files.createDirectories(out.toAbsolutePath().getParent());
    Path partial = out.resolveSibling(out.getFileName() + ".partial");
    Transformer transformer = TransformerFactory.newInstance().newTransformer();
    transformer.setOutputProperty(OutputKeys.ENCODING, "UTF-8");
    transformer.setOutputProperty(OutputKeys.STANDALONE, "no");
    transformer.transform(new DOMSource(doc), new StreamResult(partial.toFile()));
    Files.move(partial, out, StandardCopyOption.REPLACE_EXISTING);
  }

  /** The totals of the suites, on the {@code <testsuites>} element. */
  private static void count(Element root) {
    int tests = 0;
    int failures = 0;
    int errors = 0;
    int skipped = 0;
    NodeList testcases = root.getElementsByTagName("testcase");
    for (int i = 0; i < testcases.getLength(); i++) {
      tests++;
      NodeList children = testcases.item(i).getChildNodes();
      for (int j = 0; j < children.getLength(); j++) {
        String tag = children.item(j).getNodeName();
        if (tag.equals("failure")) {
          failures++;
        } else if (tag.equals("error")) {
          errors++;
        } else if (tag.equals("skipped")) {
          skipped++;
        }
      }
    }
    root.setAttribute("tests", Integer.toString(tests));
    root.setAttribute("failures", Integer.toString(failures));
    root.setAttribute("errors", Integer.toString(errors));
    root.setAttribute("skipped", Integer.toString(skipped));
  }

  /** A {@code <testsuite>} as the legacy listener writes one (without its properties). */
  private static Element suite(Document doc, String name, List<Case> cases) {
    Element suite = doc.createElement("testsuite");
    int failures = 0;
    int errors = 0;
    int skipped = 0;
    double seconds = 0;
    for (Case c : cases) {
      failures += c.outcome == Case.Outcome.FAILED ? 1 : 0;
      errors += c.outcome == Case.Outcome.ERROR ? 1 : 0;
      skipped += c.outcome == Case.Outcome.SKIPPED ? 1 : 0;
      seconds += c.seconds;
    }
    suite.setAttribute("name", name);
    suite.setAttribute("tests", Integer.toString(cases.size()));
    suite.setAttribute("skipped", Integer.toString(skipped));
    suite.setAttribute("failures", Integer.toString(failures));
    suite.setAttribute("errors", Integer.toString(errors));
    suite.setAttribute(
        "timestamp",
        LocalDateTime.now().truncatedTo(ChronoUnit.SECONDS).format(DateTimeFormatter.ISO_LOCAL_DATE_TIME));
    suite.setAttribute("hostname", hostname());
    suite.setAttribute("time", seconds(seconds));
    for (Case c : cases) {
      suite.appendChild(doc.createTextNode("\n"));
      Element testcase = doc.createElement("testcase");
      testcase.setAttribute("name", c.name);
      testcase.setAttribute("classname", c.classname);
      testcase.setAttribute("time", seconds(c.seconds));
      if (c.outcome == Case.Outcome.SKIPPED) {
        Element skip = doc.createElement("skipped");
        if (c.throwable != null && c.throwable.getMessage() != null) {
          skip.setAttribute("message", c.throwable.getMessage());
        }
        testcase.appendChild(skip);
      } else if (c.outcome != Case.Outcome.PASSED) {
        testcase.appendChild(failure(doc, c));
      }
      suite.appendChild(testcase);
    }
    suite.appendChild(doc.createTextNode("\n"));
    return suite;
  }

  private static Node failure(Document doc, Case c) {
    Element element = doc.createElement(c.outcome == Case.Outcome.ERROR ? "error" : "failure");
    if (c.throwable != null) {
      if (c.throwable.getMessage() != null) {
        element.setAttribute("message", c.throwable.getMessage());
      }
      element.setAttribute("type", c.throwable.getClass().getName());
      StringWriter trace = new StringWriter();
      c.throwable.printStackTrace(new PrintWriter(trace));
      element.setTextContent(trace.toString());
    }
    return element;
  }

  private static String seconds(double value) {
    return String.format(Locale.ROOT, "%.3f", value);
  }

  private static String hostname() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (Exception e) {
      return "localhost";
    }
  }
}
