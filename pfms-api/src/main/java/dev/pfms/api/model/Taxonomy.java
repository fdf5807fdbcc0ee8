package dev.pfms.api.model;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A two-level category taxonomy: primary groups and the detailed categories in each, with display
 * names.
 *
 * <p>{@link #standard()} is shipped as the resource {@code dev/pfms/api/model/taxonomy.csv}
 * (columns {@code primary,detailed,label}); users extend it with {@link #with(Category, String)}.
 * Immutable and thread-safe.
 */
public final class Taxonomy {

  private static final class Holder {
    static final Taxonomy STANDARD = load();
  }

  private final Map<String, Category> byCode;
  private final Map<String, String> labels;

  private Taxonomy(Map<String, Category> byCode, Map<String, String> labels) {
    this.byCode = Collections.unmodifiableMap(byCode);
    this.labels = Collections.unmodifiableMap(labels);
  }

  /**
   * The taxonomy shipped with pfms.
   *
   * @return the standard taxonomy
   */
  public static Taxonomy standard() {
    return Holder.STANDARD;
  }

  private static Taxonomy load() {
    Map<String, Category> byCode = new LinkedHashMap<>();
    Map<String, String> labels = new LinkedHashMap<>();
    try (InputStream in = Taxonomy.class.getResourceAsStream("taxonomy.csv")) {
      if (in == null) {
        throw new IllegalStateException("resource dev/pfms/api/model/taxonomy.csv is missing");
      }
      BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      String line;
      while ((line = r.readLine()) != null) {
        if (line.isBlank() || line.startsWith("#") || line.startsWith("primary,")) {
          continue;
        }
        String[] f = line.split(",", 3);
        String primary = f[0].trim();
        String detailed = f[1].trim();
        byCode.putIfAbsent(primary, new Category(primary, primary));
        labels.putIfAbsent(primary, title(primary));
        byCode.put(detailed, new Category(detailed, primary));
        labels.put(detailed, f.length > 2 ? f[2].trim() : title(detailed));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new Taxonomy(byCode, labels);
  }

  private static String title(String code) {
    String s = code.replace('_', ' ').toLowerCase(java.util.Locale.ROOT);
    return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }

  /**
   * A copy of this taxonomy with one more category.
   *
   * @param category the category (its primary is added too when new)
   * @param label its display name
   * @return the extended taxonomy
   */
  public Taxonomy with(Category category, String label) {
    Objects.requireNonNull(category, "category");
    Objects.requireNonNull(label, "label");
    Map<String, Category> c = new LinkedHashMap<>(byCode);
    Map<String, String> l = new LinkedHashMap<>(labels);
    c.putIfAbsent(category.primary(), new Category(category.primary(), category.primary()));
    l.putIfAbsent(category.primary(), title(category.primary()));
    c.put(category.code(), category);
    l.put(category.code(), label);
    return new Taxonomy(c, l);
  }

  /**
   * Looks a category up by code.
   *
   * @param code the code
   * @return the category, if known
   */
  public Optional<Category> find(String code) {
    return Optional.ofNullable(byCode.get(code));
  }

  /**
   * Looks a category up by code, failing when unknown.
   *
   * @param code the code
   * @return the category
   * @throws IllegalArgumentException naming the code when unknown
   */
  public Category get(String code) {
    Category c = byCode.get(code);
    if (c == null) {
      throw new IllegalArgumentException("unknown category code '" + code + "'");
    }
    return c;
  }

  /**
   * The display name of a category.
   *
   * @param category the category
   * @return its label, or its code when it is not in this taxonomy
   */
  public String label(Category category) {
    return labels.getOrDefault(category.code(), category.code());
  }

  /**
   * The primary categories, in resource order.
   *
   * @return the primary categories
   */
  public List<Category> primaries() {
    List<Category> out = new ArrayList<>();
    for (Category c : byCode.values()) {
      if (c.isPrimary()) {
        out.add(c);
      }
    }
    return List.copyOf(out);
  }

  /**
   * The detailed categories under a primary one.
   *
   * @param primary the primary category
   * @return its detailed categories
   */
  public List<Category> detailed(Category primary) {
    List<Category> out = new ArrayList<>();
    for (Category c : byCode.values()) {
      if (!c.isPrimary() && c.primary().equals(primary.code())) {
        out.add(c);
      }
    }
    return List.copyOf(out);
  }

  /**
   * Every category, primary and detailed.
   *
   * @return all categories
   */
  public List<Category> all() {
    return List.copyOf(byCode.values());
  }

  @Override
  public String toString() {
    return "Taxonomy[" + byCode.size() + " categories]";
  }
}
