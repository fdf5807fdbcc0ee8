package dev.pfms.spark;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Where a model lives and what its bytes must hash to: a provider name, a URI any executor can read
 * ({@code file:}, {@code hdfs:}, {@code s3a:}, … through Hadoop's FileSystem) and the SHA-256 of the
 * file. Executors fetch the file, check the hash (a mismatch fails the task: fail closed) and load it
 * once per JVM. Small and serializable, so it is what Spark closures carry — never the model.
 *
 * <p>This is pfms-spark's seam until {@code pfms-api} has a model-registry reference; converting is
 * one constructor call.
 *
 * @param provider the provider that loads it, e.g. {@code "rules"}, {@code "tfidf-gbm"}, {@code "robust-zscore"}
 * @param uri where the file is
 * @param sha256 the file's SHA-256, 64 lower-case hex digits
 */
public record ModelReference(String provider, URI uri, String sha256) implements Serializable {

  /** Validates the fields. */
  public ModelReference {
    Objects.requireNonNull(provider, "provider");
    Objects.requireNonNull(uri, "uri");
    Objects.requireNonNull(sha256, "sha256");
    sha256 = sha256.toLowerCase(Locale.ROOT);
    if (!sha256.matches("[0-9a-f]{64}")) {
      throw new IllegalArgumentException("sha256 must be 64 hex digits");
    }
  }

  /**
   * A reference to a local file, hashing it now.
   *
   * @param provider the provider that loads it
   * @param file the file
   * @return the reference
   * @throws UncheckedIOException when the file cannot be read
   */
  public static ModelReference of(String provider, Path file) {
    return new ModelReference(provider, file.toAbsolutePath().toUri(), sha256(file));
  }

  /**
   * Packs a saved model directory (what {@code Categorizer.save} writes) into one zip file and
   * references it. Entries are sorted and undated, so the same directory gives the same hash.
   *
   * @param provider the provider that loads it
   * @param savedDirectory the directory
   * @param zip the zip file to write
   * @return the reference
   * @throws UncheckedIOException when reading or writing fails
   */
  public static ModelReference zip(String provider, Path savedDirectory, Path zip) {
    try (Stream<Path> walk = Files.walk(savedDirectory); OutputStream os = Files.newOutputStream(zip);
        ZipOutputStream out = new ZipOutputStream(os)) {
      List<Path> files = walk.filter(Files::isRegularFile).sorted().toList();
      for (Path f : files) {
        ZipEntry e = new ZipEntry(savedDirectory.relativize(f).toString().replace('\\', '/'));
        e.setTime(0);
        out.putNextEntry(e);
        Files.copy(f, out);
        out.closeEntry();
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot pack " + savedDirectory + ": " + e.getMessage(), e);
    }
    return of(provider, zip);
  }

  /**
   * The SHA-256 of a file.
   *
   * @param file the file
   * @return 64 lower-case hex digits
   * @throws UncheckedIOException when the file cannot be read
   */
  public static String sha256(Path file) {
    try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
      in.transferTo(OutputStream.nullOutputStream());
      return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot hash " + file + ": " + e.getMessage(), e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every JDK", e);
    }
  }

  /** Shows the provider, the URI's scheme and the hash prefix only (a URI can carry credentials). */
  @Override
  public String toString() {
    return "ModelReference[" + provider + " " + uri.getScheme() + ":… sha256=" + sha256.substring(0, 12) + "…]";
  }
}
