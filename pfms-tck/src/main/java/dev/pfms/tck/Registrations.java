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
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Checks that a jar registers its providers so that {@link java.util.ServiceLoader} really finds
 * them: every class named in {@code META-INF/services} exists, implements the service, and is
 * returned by {@code ServiceLoader.load(service, loader)}; and, when the jar is a named module
 * (has a {@code module-info.class}), every {@code provides} there appears in
 * {@code META-INF/services} and the reverse, so the providers are found on the class path and on
 * the module path alike. A class-path-only jar (no module-info) passes on its services files alone.
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
      check(root, anyClassOfTheModule.getClassLoader());
    } else {
      try (FileSystem fs = FileSystems.newFileSystem(URI.create("jar:" + root.toUri()), Map.of())) {
        check(fs.getPath("/"), anyClassOfTheModule.getClassLoader());
      }
    }
  }

  private static void check(Path root, ClassLoader loader) throws IOException {
    Map<String, Set<String>> fromServices = services(root);
    assertThat(fromServices).as("META-INF/services in " + root).isNotEmpty();
    for (Map.Entry<String, Set<String>> e : fromServices.entrySet()) {
      Class<?> service = load(e.getKey(), loader);
      Set<String> found = new TreeSet<>();
      ServiceLoader.load(service, loader).stream().forEach(p -> found.add(p.type().getName()));
      for (String impl : e.getValue()) {
        assertThat(service).as(impl + " implements " + service.getName()).isAssignableFrom(load(impl, loader));
        assertThat(found).as("ServiceLoader finds " + impl + " as a " + service.getName()).contains(impl);
      }
    }
    Path moduleInfo = root.resolve("module-info.class");
    if (!Files.exists(moduleInfo)) {
      return; // class-path-only jar: the services files are the whole registration
    }
    Map<String, Set<String>> fromModule = new TreeMap<>();
    try (InputStream in = Files.newInputStream(moduleInfo)) {
      for (ModuleDescriptor.Provides p : ModuleDescriptor.read(in).provides()) {
        fromModule.put(p.service(), new TreeSet<>(p.providers()));
      }
    }
    assertThat(fromModule).as("module-info provides vs META-INF/services in " + root).isEqualTo(fromServices);
  }

  private static Class<?> load(String name, ClassLoader loader) {
    try {
      return Class.forName(name, false, loader);
    } catch (ClassNotFoundException e) {
      throw new AssertionError("META-INF/services names a class that does not exist: " + name, e);
    }
  }

  private static Map<String, Set<String>> services(Path root) throws IOException {
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
    return fromServices;
  }
}
