package migrate.rules.kotlin;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.jetbrains.org.objectweb.asm.AnnotationVisitor;
import org.jetbrains.org.objectweb.asm.ClassReader;
import org.jetbrains.org.objectweb.asm.ClassVisitor;
import org.jetbrains.org.objectweb.asm.ClassWriter;
import org.jetbrains.org.objectweb.asm.FieldVisitor;
import org.jetbrains.org.objectweb.asm.MethodVisitor;
import org.jetbrains.org.objectweb.asm.Opcodes;

/**
 * Makes the ABI directory of a kt_jvm_library stable under changes that keep the ABI.
 *
 * <p>kotlinc's jvm-abi-gen plugin (1.3) drops private members and the bodies of non-inline
 * functions, but keeps each class's SourceDebugExtension (the SMAP of inlined calls) and the
 * constant pool entries behind it: a new inline call (`map`, `trim`, ...) or a moved line in a
 * function body changes the class file, so every dependent would recompile. This tool rewrites,
 * with the ASM copy inside kotlin-compiler.jar (run with it on the classpath):
 *
 * <ul>
 *   <li>Kotlin classes (kotlin.Metadata) that keep no method body: without debug attributes,
 *       constant pool rebuilt;
 *   <li>Kotlin classes with inline function bodies: left alone (the SMAP belongs to them);
 *   <li>Java classes (javac's part of a mixed target): like Bazel's ijar, without private
 *       members, method bodies and debug attributes.
 * </ul>
 *
 * <p>Usage: {@code java -cp <this jar>:kotlin-compiler.jar migrate.rules.kotlin.StableAbi DIR}
 */
public final class StableAbi {
  private static final int API = Opcodes.ASM7;
  private static final String KOTLIN_METADATA = "Lkotlin/Metadata;";

  private StableAbi() {}

  public static void main(String[] args) throws IOException {
    if (args.length != 1) {
      System.err.println("usage: StableAbi CLASSES_DIR");
      System.exit(2);
    }
    List<Path> classes;
    try (Stream<Path> files = Files.walk(Paths.get(args[0]))) {
      classes =
          files.filter(p -> p.toString().endsWith(".class")).sorted().collect(Collectors.toList());
    }
    for (Path path : classes) {
      byte[] stable = stabilize(Files.readAllBytes(path));
      if (stable != null) {
        Files.write(path, stable);
      }
    }
  }

  /** The rewritten class, or null when it stays as it is. */
  static byte[] stabilize(byte[] bytes) {
    ClassReader reader = new ClassReader(bytes);
    Survey survey = new Survey();
    reader.accept(survey, ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
    if (survey.kotlin && survey.hasCode) {
      return null;
    }
    ClassWriter writer = new ClassWriter(0);
    reader.accept(
        new InterfaceOnly(writer, !survey.kotlin),
        ClassReader.SKIP_CODE | ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
    return writer.toByteArray();
  }

  /** Is it a Kotlin class, and does any method keep a body? */
  private static final class Survey extends ClassVisitor {
    boolean kotlin;
    boolean hasCode;

    Survey() {
      super(API);
    }

    @Override
    public AnnotationVisitor visitAnnotation(String descriptor, boolean visible) {
      kotlin |= KOTLIN_METADATA.equals(descriptor);
      return null;
    }

    @Override
    public MethodVisitor visitMethod(
        int access, String name, String descriptor, String signature, String[] exceptions) {
      return new MethodVisitor(API) {
        @Override
        public void visitCode() {
          hasCode = true;
        }
      };
    }
  }

  /** Copies a class without private members (when asked to) and without source debug info. */
  private static final class InterfaceOnly extends ClassVisitor {
    private final boolean dropPrivate;

    InterfaceOnly(ClassVisitor next, boolean dropPrivate) {
      super(API, next);
      this.dropPrivate = dropPrivate;
    }

    @Override
    public void visitSource(String source, String debug) {}

    @Override
    public FieldVisitor visitField(
        int access, String name, String descriptor, String signature, Object value) {
      if (dropPrivate && (access & Opcodes.ACC_PRIVATE) != 0) {
        return null;
      }
      return super.visitField(access, name, descriptor, signature, value);
    }

    @Override
    public MethodVisitor visitMethod(
        int access, String name, String descriptor, String signature, String[] exceptions) {
      if (dropPrivate && (access & Opcodes.ACC_PRIVATE) != 0) {
        return null;
      }
      return super.visitMethod(access, name, descriptor, signature, exceptions);
    }
  }
}
