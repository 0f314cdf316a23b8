package org.eventsync.files;

import com.google.gson.Gson;
import com.google.gson.JsonIOException;
import java.io.IOException;
import java.io.Writer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Objects;

/** Replaces a file so that a crash leaves either the old content or the new, never a mix. */
public final class AtomicFiles {

  private AtomicFiles() {}

  /** Replaces {@code target} with {@code text}, as {@link #write(Path, Body)} does. */
  public static void write(Path target, String text) throws IOException {
    write(target, out -> out.write(text));
  }

  /** Replaces {@code target} with {@code value} in JSON, written as it is made. */
  public static void writeJson(Path target, Gson gson, Object value) throws IOException {
    write(target, out -> {
      try {
        gson.toJson(value, out);
      } catch (JsonIOException e) {
        throw e.getCause() instanceof IOException io ? io : new IOException(e.getMessage(), e);
      }
    });
  }

  /** What goes into the file, written as it is made (a large cache need not be one string). */
  @FunctionalInterface
  public interface Body {
    void writeTo(Writer out) throws IOException;
  }

  /**
   * Writes {@code body} to a temporary file beside {@code target}, forces it to disk, and renames
   * it over {@code target}.
   */
  public static void write(Path target, Body body) throws IOException {
    Path dir = Objects.requireNonNull(target.toAbsolutePath().getParent(), "target has no folder");
    Files.createDirectories(dir);
    Path temp = Files.createTempFile(dir, target.getFileName().toString(), ".tmp");
    try {
      try (Writer out = Files.newBufferedWriter(temp, StandardCharsets.UTF_8)) {
        body.writeTo(out);
      }
      try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
        channel.force(true);
      }
      try {
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(temp);
    }
  }
}
