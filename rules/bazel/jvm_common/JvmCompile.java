package migrate.rules.jvm;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * The one compile action of migrate's offline rules_kotlin / rules_scala stand-ins (one source,
 * rules/bazel/jvm_common/, which migrate places into rules_kotlin/kotlin/private and
 * rules_scala/scala/private of each stand-in it writes).
 *
 * <p>Runs once ({@code JvmCompile @PARAMS_FILE}) or as a Bazel persistent worker ({@code
 * JvmCompile --persistent_worker}: WorkRequests on stdin, WorkResponses on stdout, both
 * length-delimited protocol buffers), where kotlinc / scalac stay loaded and warm between
 * targets, which is most of their cost on small targets.
 *
 * <p>Arguments (one per line in the params file, as the rules write them):
 *
 * <pre>
 *   --lang kotlin|scala          which compiler runs over the .kt / .scala sources
 *   --compiler-classpath CP      ':'-separated jars of that compiler (its lib/*.jar)
 *   --output JAR                 the jar to write
 *   --label LABEL                written into the manifest (Target-Label), like Bazel's javac
 *   --classpath CP               ':'-separated compile classpath (may be empty)
 *   --compiler-flag FLAG         passed to kotlinc/scalac (repeatable)
 *   --friend-path JAR            kotlinc only: a jar whose `internal`s this module sees
 *   --javac-flag FLAG            passed to javac for the .java sources (repeatable)
 *   --resource SRC DEST          copy SRC into the jar as DEST (repeatable)
 *   --src FILE                   a source file (.kt, .scala or .java; repeatable)
 *   --abi-output JAR             kotlinc only: also write the ABI jar dependents compile against
 *   --abi-plugin JAR             kotlinc only: the jvm-abi-gen plugin that makes it
 *   --abi-tool-classpath CP      kotlinc only: the StableAbi jar, which makes it stable
 * </pre>
 *
 * <p>Steps: (1) kotlinc/scalac compile the Kotlin/Scala sources, reading the .java sources of the
 * same target for their declarations (mixed compilation); (2) javac compiles the .java sources
 * against the classes of step 1; (3) resources are copied in; (4) everything is packed into a
 * reproducible jar: entries sorted by name, every timestamp 2010-01-01T00:00:00, fixed manifest.
 * With --abi-output, kotlinc's jvm-abi-gen plugin also writes the Kotlin classes without private
 * members and without the bodies of non-inline functions; the ABI jar packs those, the
 * .kotlin_module files and the classes javac made, after StableAbi has removed what changes with
 * method bodies.
 */
public final class JvmCompile {
  private static final LocalDateTime FIXED_TIME = LocalDateTime.of(2010, 1, 1, 0, 0, 0);

  /** Compiler class loaders by classpath: what keeps a worker's compilers warm. */
  private static final Map<String, ClassLoader> LOADERS = new HashMap<>();

  /** Where System.out/err go while a request runs (the compilers print there). */
  private static final SwitchableStream CONSOLE = new SwitchableStream();

  private JvmCompile() {}

  public static void main(String[] args) throws IOException {
    // IntelliJ's jar cache inside kotlinc keys jars by path and time stamp: a dependency rebuilt
    // within the same second would be read stale. Key by CRC instead (as rules_kotlin does).
    System.setProperty("zip.handler.uses.crc.instead.of.timestamp", "true");
    System.setProperty("java.awt.headless", "true");
    PrintStream protocol = System.out;
    PrintStream stderr = System.err;
    PrintStream console = new PrintStream(CONSOLE, true, "UTF-8");
    System.setOut(console);
    System.setErr(console);
    if (args.length == 1 && args[0].equals("--persistent_worker")) {
      serve(System.in, protocol);
      return;
    }
    if (args.length != 1 || !args[0].startsWith("@")) {
      stderr.println("usage: JvmCompile @PARAMS_FILE | JvmCompile --persistent_worker");
      System.exit(2);
    }
    List<String> lines = Files.readAllLines(Paths.get(args[0].substring(1)), StandardCharsets.UTF_8);
    ByteArrayOutputStream output = new ByteArrayOutputStream();
    int code = runCapturing(lines, output);
    stderr.print(output.toString("UTF-8"));
    stderr.flush();
    System.exit(code);
  }

  // ---- the worker protocol (Bazel's worker_protocol.proto, by hand: no protobuf library) ----

  private static void serve(InputStream in, PrintStream out) throws IOException {
    while (true) {
      byte[] request = readDelimited(in);
      if (request == null) {
        return; // Bazel closed stdin: shut down
      }
      List<String> arguments = new ArrayList<>();
      int requestId = 0;
      Proto reader = new Proto(request);
      while (reader.more()) {
        int tag = (int) reader.varint();
        int field = tag >>> 3;
        int wire = tag & 7;
        if (field == 1 && wire == 2) {
          arguments.add(new String(reader.bytes(), StandardCharsets.UTF_8));
        } else if (field == 3 && wire == 0) {
          requestId = (int) reader.varint();
        } else {
          reader.skip(wire);
        }
      }
      ByteArrayOutputStream output = new ByteArrayOutputStream();
      int code = runCapturing(arguments, output);
      ByteArrayOutputStream response = new ByteArrayOutputStream();
      writeVarintField(response, 1, code);
      byte[] text = output.toByteArray();
      writeVarint(response, (2 << 3) | 2);
      writeVarint(response, text.length);
      response.write(text);
      writeVarintField(response, 3, requestId);
      writeVarint(out, response.size());
      response.writeTo(out);
      out.flush();
    }
  }

  private static byte[] readDelimited(InputStream in) throws IOException {
    long size = 0;
    for (int shift = 0; ; shift += 7) {
      int b = in.read();
      if (b < 0) {
        return null;
      }
      size |= (long) (b & 0x7f) << shift;
      if ((b & 0x80) == 0) {
        break;
      }
    }
    byte[] message = new byte[(int) size];
    int read = 0;
    while (read < message.length) {
      int n = in.read(message, read, message.length - read);
      if (n < 0) {
        return null;
      }
      read += n;
    }
    return message;
  }

  private static void writeVarintField(OutputStream out, int field, int value) throws IOException {
    if (value != 0) {
      writeVarint(out, field << 3);
      writeVarint(out, value & 0xffffffffL);
    }
  }

  private static void writeVarint(OutputStream out, long value) throws IOException {
    while ((value & ~0x7fL) != 0) {
      out.write((int) ((value & 0x7f) | 0x80));
      value >>>= 7;
    }
    out.write((int) value);
  }

  /** A protocol buffer message being read. */
  private static final class Proto {
    private final byte[] data;
    private int pos;

    Proto(byte[] data) {
      this.data = data;
    }

    boolean more() {
      return pos < data.length;
    }

    long varint() {
      long value = 0;
      for (int shift = 0; ; shift += 7) {
        int b = data[pos++] & 0xff;
        value |= (long) (b & 0x7f) << shift;
        if ((b & 0x80) == 0) {
          return value;
        }
      }
    }

    byte[] bytes() {
      int size = (int) varint();
      byte[] out = new byte[size];
      System.arraycopy(data, pos, out, 0, size);
      pos += size;
      return out;
    }

    void skip(int wire) {
      switch (wire) {
        case 0:
          varint();
          break;
        case 1:
          pos += 8;
          break;
        case 2:
          int size = (int) varint(); // not `pos += varint()`: that adds to the old pos
          pos += size;
          break;
        case 5:
          pos += 4;
          break;
        default:
          throw new IllegalStateException("unsupported wire type " + wire + " at byte " + pos);
      }
    }
  }

  /** An OutputStream whose target changes per request (System.out/err point at it). */
  private static final class SwitchableStream extends OutputStream {
    private OutputStream target = System.err;

    synchronized void set(OutputStream next) {
      target = next;
    }

    @Override
    public synchronized void write(int b) throws IOException {
      target.write(b);
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) throws IOException {
      target.write(b, off, len);
    }
  }

  private static int runCapturing(List<String> arguments, ByteArrayOutputStream output) {
    CONSOLE.set(output);
    PrintStream messages;
    try {
      messages = new PrintStream(output, true, "UTF-8");
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    try {
      new Compilation(Options.parse(arguments), messages).run();
      return 0;
    } catch (Failure e) {
      messages.println("jvm_compile: " + e.getMessage());
      return 1;
    } catch (Exception | LinkageError | StackOverflowError e) {
      messages.println("jvm_compile: internal error:");
      e.printStackTrace(messages);
      return 1;
    } finally {
      messages.flush();
      System.out.flush();
      System.err.flush();
      CONSOLE.set(OutputStream.nullOutputStream()); // late output of a finished request
    }
  }

  /** A reported failure: its message is all the user needs (no stack trace). */
  private static final class Failure extends Exception {
    Failure(String message) {
      super(message);
    }
  }

  // ---- the arguments ---------------------------------------------------------------------

  private static final class Options {
    String lang = "";
    String compilerClasspath = "";
    String output = "";
    String label = "";
    String classpath = "";
    String abiOutput = "";
    String abiPlugin = "";
    String abiToolClasspath = "";
    final List<String> compilerFlags = new ArrayList<>();
    final List<String> friends = new ArrayList<>();
    final List<String> javacFlags = new ArrayList<>();
    final List<String[]> resources = new ArrayList<>();
    final List<String> langSources = new ArrayList<>();
    final List<String> javaSources = new ArrayList<>();

    static Options parse(List<String> args) throws Failure {
      Options o = new Options();
      for (int i = 0; i < args.size(); ) {
        String arg = args.get(i);
        switch (arg) {
          case "--lang":
            o.lang = value(args, i);
            i += 2;
            break;
          case "--compiler-classpath":
            o.compilerClasspath = value(args, i);
            i += 2;
            break;
          case "--output":
            o.output = value(args, i);
            i += 2;
            break;
          case "--label":
            o.label = value(args, i);
            i += 2;
            break;
          case "--classpath":
            o.classpath = value(args, i);
            i += 2;
            break;
          case "--compiler-flag":
            o.compilerFlags.add(value(args, i));
            i += 2;
            break;
          case "--friend-path":
            o.friends.add(value(args, i));
            i += 2;
            break;
          case "--javac-flag":
            o.javacFlags.add(value(args, i));
            i += 2;
            break;
          case "--resource":
            if (i + 2 >= args.size()) {
              throw new Failure("--resource needs SRC and DEST");
            }
            o.resources.add(new String[] {args.get(i + 1), args.get(i + 2)});
            i += 3;
            break;
          case "--abi-output":
            o.abiOutput = value(args, i);
            i += 2;
            break;
          case "--abi-plugin":
            o.abiPlugin = value(args, i);
            i += 2;
            break;
          case "--abi-tool-classpath":
            o.abiToolClasspath = value(args, i);
            i += 2;
            break;
          case "--src":
            String src = value(args, i);
            i += 2;
            if (src.endsWith(".java")) {
              o.javaSources.add(src);
            } else if (src.endsWith(".kt") || src.endsWith(".scala")) {
              o.langSources.add(src);
            } else {
              throw new Failure("unsupported source file " + src + " (only .kt, .scala and .java)");
            }
            break;
          default:
            throw new Failure("unknown argument '" + arg + "'");
        }
      }
      if (o.output.isEmpty()) {
        throw new Failure("--output is required");
      }
      if (!o.abiOutput.isEmpty()) {
        if (!o.lang.equals("kotlin")) {
          throw new Failure("--abi-output is only for --lang kotlin");
        }
        if (o.abiPlugin.isEmpty() || o.abiToolClasspath.isEmpty()) {
          throw new Failure("--abi-output needs --abi-plugin and --abi-tool-classpath");
        }
      }
      return o;
    }

    private static String value(List<String> args, int i) throws Failure {
      if (i + 1 >= args.size()) {
        throw new Failure(args.get(i) + " needs a value");
      }
      return args.get(i + 1);
    }
  }

  // ---- one compilation -------------------------------------------------------------------

  private static final class Compilation {
    private final Options o;
    private final PrintStream messages;
    private final Path output;
    private final Path work;
    private final Path classes;
    private final Path abi;

    Compilation(Options options, PrintStream messages) {
      this.o = options;
      this.messages = messages;
      this.output = absolute(options.output);
      String name = output.getFileName().toString().replaceAll("\\.jar$", "");
      // next to the output: always writable, also sandboxed
      this.work = output.resolveSibling(name + ".jvm_compile.d");
      this.classes = work.resolve("classes");
      this.abi = work.resolve("abi");
    }

    void run() throws Exception {
      deleteTree(work);
      Files.createDirectories(classes.resolve("META-INF"));
      Files.createDirectories(abi.resolve("META-INF"));
      try {
        String classpath = absoluteClasspath(o.classpath);
        if (!o.langSources.isEmpty()) {
          compileLanguage(classpath);
        }
        TreeSet<String> beforeJavac = classFiles(classes);
        if (!o.javaSources.isEmpty()) {
          compileJava(classpath);
        }
        for (String[] resource : o.resources) {
          Path dest = classes.resolve(resource[1]);
          Files.createDirectories(dest.getParent());
          Files.copy(Paths.get(resource[0]), dest, StandardCopyOption.REPLACE_EXISTING);
        }
        pack(classes, output);
        if (!o.abiOutput.isEmpty()) {
          writeAbi(beforeJavac);
        }
      } finally {
        deleteTree(work);
      }
    }

    private void compileLanguage(String classpath) throws Exception {
      ClassLoader loader = compilerLoader(o.compilerClasspath);
      List<String> args = new ArrayList<>();
      args.add("-d");
      args.add(classes.toString());
      switch (o.lang) {
        case "kotlin":
          if (!classpath.isEmpty()) {
            args.add("-cp");
            args.add(classpath);
          }
          args.addAll(o.compilerFlags);
          if (!o.friends.isEmpty()) {
            args.add(
                "-Xfriend-paths="
                    + o.friends.stream().map(f -> absolute(f).toString()).collect(Collectors.joining(",")));
          }
          if (!o.abiOutput.isEmpty()) {
            args.add("-Xplugin=" + absolute(o.abiPlugin));
            args.add("-P");
            args.add("plugin:org.jetbrains.kotlin.jvm.abi:outputDir=" + abi);
          }
          args.addAll(o.langSources);
          args.addAll(o.javaSources);
          Class<?> k2jvm = loader.loadClass("org.jetbrains.kotlin.cli.jvm.K2JVMCompiler");
          Object compiler = k2jvm.getConstructor().newInstance();
          Method exec = k2jvm.getMethod("exec", PrintStream.class, String[].class);
          Object exit = invoke(exec, compiler, messages, args.toArray(new String[0]));
          if (!String.valueOf(exit).equals("OK")) {
            throw new Failure("kotlinc failed for " + o.label);
          }
          break;
        case "scala":
          args.add("-classpath");
          args.add(classpath.isEmpty() ? "." : classpath);
          args.addAll(o.compilerFlags);
          args.addAll(o.langSources);
          args.addAll(o.javaSources);
          Class<?> main = loader.loadClass("scala.tools.nsc.Main");
          Method process = main.getMethod("process", String[].class);
          Object ok = invoke(process, null, (Object) args.toArray(new String[0]));
          if (!(ok instanceof Boolean)) { // Scala 2.11: process returns Unit
            Object reporter = main.getMethod("reporter").invoke(null);
            reporter.getClass().getMethod("flush").invoke(reporter);
            ok = !(Boolean) reporter.getClass().getMethod("hasErrors").invoke(reporter);
          }
          if (!Boolean.TRUE.equals(ok)) {
            throw new Failure("scalac failed for " + o.label);
          }
          break;
        default:
          throw new Failure("--lang must be kotlin or scala, not '" + o.lang + "'");
      }
    }

    private void compileJava(String classpath) throws Failure {
      JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
      if (javac == null) {
        throw new Failure("no javac: the Java runtime " + System.getProperty("java.home") + " is not a JDK");
      }
      List<String> args = new ArrayList<>();
      args.add("-d");
      args.add(classes.toString());
      args.add("-cp");
      args.add(classes + (classpath.isEmpty() ? "" : File.pathSeparator + classpath));
      args.add("-encoding");
      args.add("UTF-8");
      args.add("-implicit:none");
      args.addAll(o.javacFlags);
      args.addAll(o.javaSources);
      if (javac.run(null, messages, messages, args.toArray(new String[0])) != 0) {
        throw new Failure("javac failed for " + o.label);
      }
    }

    private void writeAbi(TreeSet<String> beforeJavac) throws Exception {
      // What jvm-abi-gen does not cover: the module files (top-level functions are found
      // through them) and the classes javac compiled.
      for (String rel : files(classes)) {
        boolean module = rel.startsWith("META-INF/") && rel.endsWith(".kotlin_module");
        boolean javaClass = rel.endsWith(".class") && !beforeJavac.contains(rel);
        if (module || javaClass) {
          Path dest = abi.resolve(rel);
          Files.createDirectories(dest.getParent());
          Files.copy(classes.resolve(rel), dest, StandardCopyOption.REPLACE_EXISTING);
        }
      }
      // StableAbi runs on the ASM copy inside the Kotlin compiler.
      ClassLoader tool = compilerLoader(o.abiToolClasspath + File.pathSeparator + o.compilerClasspath);
      Method stabilize = tool.loadClass("migrate.rules.kotlin.StableAbi").getMethod("main", String[].class);
      invoke(stabilize, null, (Object) new String[] {abi.toString()});
      pack(abi, absolute(o.abiOutput));
    }

    /** A reproducible jar: manifest first, then the files sorted by name, fixed times. */
    private void pack(Path dir, Path jar) throws IOException {
      String manifest =
          "Manifest-Version: 1.0\r\n"
              + "Created-By: migrate offline "
              + (o.lang.isEmpty() ? "jvm" : o.lang)
              + " rules\r\n"
              + (o.label.isEmpty() ? "" : "Target-Label: " + o.label + "\r\n")
              + "\r\n";
      Files.deleteIfExists(jar);
      Path partial = jar.resolveSibling(jar.getFileName() + ".partial");
      try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(partial))) {
        putEntry(zip, "META-INF/MANIFEST.MF", manifest.getBytes(StandardCharsets.UTF_8));
        for (String rel : files(dir)) {
          if (!rel.equals("META-INF/MANIFEST.MF")) {
            putEntry(zip, rel, Files.readAllBytes(dir.resolve(rel)));
          }
        }
      }
      Files.move(partial, jar, StandardCopyOption.REPLACE_EXISTING);
    }

    private static void putEntry(ZipOutputStream zip, String name, byte[] data) throws IOException {
      ZipEntry entry = new ZipEntry(name);
      entry.setTimeLocal(FIXED_TIME);
      zip.putNextEntry(entry);
      zip.write(data);
      zip.closeEntry();
    }
  }

  // ---- helpers ---------------------------------------------------------------------------

  private static Object invoke(Method method, Object target, Object... args) throws Exception {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      Throwable cause = e.getCause();
      if (cause instanceof Exception) {
        throw (Exception) cause;
      }
      if (cause instanceof Error) {
        throw (Error) cause;
      }
      throw e;
    }
  }

  private static synchronized ClassLoader compilerLoader(String classpath) throws Failure {
    if (classpath.isEmpty()) {
      throw new Failure("--compiler-classpath is required");
    }
    ClassLoader loader = LOADERS.get(classpath);
    if (loader == null) {
      List<URL> urls = new ArrayList<>();
      for (String entry : classpath.split(File.pathSeparator)) {
        if (!entry.isEmpty()) {
          try {
            urls.add(absolute(entry).toUri().toURL());
          } catch (IOException e) {
            throw new Failure("bad compiler classpath entry " + entry);
          }
        }
      }
      loader = new URLClassLoader(urls.toArray(new URL[0]), ClassLoader.getPlatformClassLoader());
      LOADERS.put(classpath, loader);
    }
    return loader;
  }

  private static Path absolute(String path) {
    return Paths.get(path).toAbsolutePath();
  }

  private static String absoluteClasspath(String classpath) {
    return Stream.of(classpath.split(File.pathSeparator))
        .filter(entry -> !entry.isEmpty())
        .map(entry -> absolute(entry).toString())
        .collect(Collectors.joining(File.pathSeparator));
  }

  /** The files below dir, as '/'-separated relative paths, sorted. */
  private static TreeSet<String> files(Path dir) throws IOException {
    TreeSet<String> out = new TreeSet<>();
    try (Stream<Path> walk = Files.walk(dir)) {
      walk.filter(Files::isRegularFile)
          .forEach(p -> out.add(dir.relativize(p).toString().replace(File.separatorChar, '/')));
    }
    return out;
  }

  private static TreeSet<String> classFiles(Path dir) throws IOException {
    TreeSet<String> out = new TreeSet<>();
    for (String rel : files(dir)) {
      if (rel.endsWith(".class")) {
        out.add(rel);
      }
    }
    return out;
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    Files.walkFileTree(
        dir,
        new SimpleFileVisitor<Path>() {
          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
            Files.delete(file);
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
            Files.delete(d);
            return FileVisitResult.CONTINUE;
          }
        });
  }
}
