package dev.pfms.store;

import dev.pfms.api.store.StoreException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * Saved model directories as the bytes the model registry keeps: a zip of the directory's regular
 * files (sorted, fixed timestamps, so equal models give equal bytes and one content address).
 */
public final class ModelArchives {

  /** The most bytes {@link #unzip} writes, so a hostile archive cannot fill the disk. */
  public static final long MAX_UNPACKED = 2L << 30;

  private ModelArchives() {}

  /**
   * Zips a saved model directory (regular files only, recursively).
   *
   * @param directory the model directory
   * @return the archive bytes
   * @throws IOException when a file cannot be read
   */
  public static byte[] zip(Path directory) throws IOException {
    List<Path> files;
    try (Stream<Path> s = Files.walk(directory)) {
      files = s.filter(Files::isRegularFile).sorted().toList();
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
      for (Path f : files) {
        ZipEntry e = new ZipEntry(directory.relativize(f).toString().replace('\\', '/'));
        e.setTime(0);
        zip.putNextEntry(e);
        Files.copy(f, zip);
        zip.closeEntry();
      }
    }
    return bytes.toByteArray();
  }

  /**
   * Unpacks an archive made by {@link #zip} into a directory. Entries that would land outside it are
   * refused.
   *
   * @param archive the bytes
   * @param directory the target directory (created when missing)
   * @throws IOException when a file cannot be written
   * @throws StoreException when the archive is malformed, escapes the directory, or unpacks to more
   *     than {@link #MAX_UNPACKED} bytes
   */
  public static void unzip(byte[] archive, Path directory) throws IOException {
    Path root = Files.createDirectories(directory).toRealPath();
    long total = 0;
    try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(archive))) {
      for (ZipEntry e; (e = zip.getNextEntry()) != null; ) {
        Path target = root.resolve(e.getName()).normalize();
        if (!target.startsWith(root) || e.getName().isEmpty()) {
          throw new StoreException("model archive entry '" + e.getName() + "' would be written outside " + root);
        }
        if (e.isDirectory()) {
          Files.createDirectories(target);
          continue;
        }
        Files.createDirectories(target.getParent());
        try (OutputStream out = Files.newOutputStream(target)) {
          total += copy(zip, out, MAX_UNPACKED - total);
        }
      }
    } catch (java.util.zip.ZipException e) {
      throw new StoreException("malformed model archive: " + e.getMessage(), e);
    }
  }

  private static long copy(InputStream in, OutputStream out, long budget) throws IOException {
    byte[] buf = new byte[64 * 1024];
    long n = 0;
    for (int r; (r = in.read(buf)) > 0; ) {
      n += r;
      if (n > budget) {
        throw new StoreException("model archive unpacks to more than " + MAX_UNPACKED + " bytes");
      }
      out.write(buf, 0, r);
    }
    return n;
  }
}
