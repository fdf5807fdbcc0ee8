package dev.pfms.api.spi;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;

/**
 * A named source of bytes an {@link Ingestor} reads: a file, an upload, a test string. It can be
 * opened more than once (detection reads the head, ingestion reads it all).
 */
public final class IngestSource {

  /** Opens the bytes. */
  @FunctionalInterface
  public interface Opener {
    /**
     * Opens a new stream over the source from its beginning.
     *
     * @return the stream; the caller closes it
     * @throws IOException when it cannot be opened
     */
    InputStream open() throws IOException;
  }

  private final String name;
  private final Opener opener;

  private IngestSource(String name, Opener opener) {
    this.name = Objects.requireNonNull(name, "name");
    this.opener = Objects.requireNonNull(opener, "opener");
  }

  /**
   * A file.
   *
   * @param path the file
   * @return the source, named by the file name
   */
  public static IngestSource of(Path path) {
    Objects.requireNonNull(path, "path");
    return new IngestSource(path.getFileName().toString(), () -> Files.newInputStream(path));
  }

  /**
   * Bytes in memory.
   *
   * @param name the name errors will use
   * @param bytes the content (not copied; don't change it afterwards)
   * @return the source
   */
  public static IngestSource of(String name, byte[] bytes) {
    Objects.requireNonNull(bytes, "bytes");
    return new IngestSource(name, () -> new ByteArrayInputStream(bytes));
  }

  /**
   * Text in memory, as UTF-8.
   *
   * @param name the name errors will use
   * @param text the content
   * @return the source
   */
  public static IngestSource ofText(String name, String text) {
    return of(name, text.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Any re-openable stream.
   *
   * @param name the name errors will use
   * @param opener opens the content from its beginning
   * @return the source
   */
  public static IngestSource of(String name, Opener opener) {
    return new IngestSource(name, opener);
  }

  /**
   * The name used in transactions' provenance and in errors.
   *
   * @return the name
   */
  public String name() {
    return name;
  }

  /**
   * Opens the content from its beginning.
   *
   * @return a new stream; the caller closes it
   * @throws IOException when it cannot be opened
   */
  public InputStream open() throws IOException {
    return opener.open();
  }

  /**
   * The first bytes, for format detection.
   *
   * @param max how many bytes at most
   * @return up to {@code max} bytes
   * @throws UncheckedIOException when the source cannot be read
   */
  public byte[] head(int max) {
    try (InputStream in = open()) {
      byte[] buf = in.readNBytes(max);
      return buf.length == max ? buf : Arrays.copyOf(buf, buf.length);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + name + ": " + e.getMessage(), e);
    }
  }

  @Override
  public String toString() {
    return "IngestSource[" + name + "]";
  }
}
