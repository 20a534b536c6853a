package com.example.util.io;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.commons.io.FileUtils;
import org.apache.commons.io.FilenameUtils;
import org.apache.commons.io.IOUtils;

/** Thin, unchecked wrappers over commons-io for reading and writing UTF-8 text. */
public final class TextFiles {
    private TextFiles() {
    }

    public static List<String> readLines(File file) {
        try {
            return FileUtils.readLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** Reads a classpath resource relative to {@code anchor}'s class loader. */
    public static List<String> readResource(Class<?> anchor, String name) {
        try (InputStream in = anchor.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalArgumentException("no resource " + name);
            }
            return IOUtils.readLines(in, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read resource " + name, e);
        }
    }

    public static void write(File file, String text) {
        try {
            FileUtils.writeStringToFile(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** File extension without the dot, lower case ("" if none). */
    public static String extension(File file) {
        return FilenameUtils.getExtension(file.getName()).toLowerCase(java.util.Locale.ROOT);
    }
}
