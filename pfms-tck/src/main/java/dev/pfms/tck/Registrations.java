package dev.pfms.tck;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Checks that a module registers its providers both ways and the same way: every {@code provides}
 * in {@code module-info.class} appears in {@code META-INF/services}, and the reverse, so the
 * providers are found on the class path and on the module path alike.
 */
public final class Registrations {

  private Registrations() {}

  /**
   * Asserts that the module containing a class registers the same providers both ways.
   *
   * @param anyClassOfTheModule a class from the module's main code
   * @throws Exception when the module's classes cannot be read
   */
  public static void assertModuleInfoMatchesServices(Class<?> anyClassOfTheModule) throws Exception {
    Path root = Path.of(anyClassOfTheModule.getProtectionDomain().getCodeSource().getLocation().toURI());
    if (Files.isDirectory(root)) {
      check(root);
    } else {
      try (FileSystem fs = FileSystems.newFileSystem(URI.create("jar:" + root.toUri()), Map.of())) {
        check(fs.getPath("/"));
      }
    }
  }

  private static void check(Path root) throws IOException {
    Path moduleInfo = root.resolve("module-info.class");
    assertThat(moduleInfo).as("module-info.class in " + root).exists();
    Map<String, Set<String>> fromModule = new TreeMap<>();
    try (InputStream in = Files.newInputStream(moduleInfo)) {
      for (ModuleDescriptor.Provides p : ModuleDescriptor.read(in).provides()) {
        fromModule.put(p.service(), new TreeSet<>(p.providers()));
      }
    }
    Map<String, Set<String>> fromServices = new TreeMap<>();
    Path services = root.resolve("META-INF/services");
    if (Files.isDirectory(services)) {
      try (Stream<Path> files = Files.list(services)) {
        for (Path f : files.toList()) {
          Set<String> names = new TreeSet<>();
          for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
            String cls = line.replaceAll("#.*", "").trim();
            if (!cls.isEmpty()) {
              names.add(cls);
            }
          }
          if (!names.isEmpty()) {
            fromServices.put(f.getFileName().toString(), names);
          }
        }
      }
    }
    assertThat(fromModule).as("module-info provides vs META-INF/services in " + root).isEqualTo(fromServices);
  }
}
