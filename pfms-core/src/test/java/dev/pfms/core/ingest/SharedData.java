package dev.pfms.core.ingest;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/** Locates {@code ../shared/data} through the {@code pfms.shared.data} system property. */
public final class SharedData {

  private SharedData() {}

  /**
   * A folder under the shared data, skipping the calling test when it is absent.
   *
   * @param sub the sub-folder, e.g. {@code bank-csv/csv2ofx/input}
   * @return the folder
   */
  public static Path dir(String sub) {
    String root = System.getProperty("pfms.shared.data", "../shared/data");
    Path dir = Path.of(root).resolve(sub);
    assumeTrue(Files.isDirectory(dir), "shared data absent: " + dir.toAbsolutePath()
        + " (set -Dpfms.shared.data to the folder holding MANIFEST.md)");
    return dir;
  }

  /**
   * A file under the shared data, skipping the calling test when it is absent.
   *
   * @param sub the path, e.g. {@code labelled/za-bank-transactions.csv}
   * @return the file
   */
  public static Path file(String sub) {
    String root = System.getProperty("pfms.shared.data", "../shared/data");
    Path f = Path.of(root).resolve(sub);
    assumeTrue(Files.isRegularFile(f), "shared data absent: " + f.toAbsolutePath());
    return f;
  }
}
