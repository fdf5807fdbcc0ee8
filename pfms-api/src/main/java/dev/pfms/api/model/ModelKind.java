package dev.pfms.api.model;

import java.util.Locale;

/** What a saved model does: the {@code kind} field of {@code metadata.json}. */
public enum ModelKind {
  /** A trained {@link dev.pfms.api.spi.Categorizer} model. */
  CATEGORIZER,
  /** A fitted {@link dev.pfms.api.spi.AnomalyModel}. */
  ANOMALY;

  /**
   * The name written to {@code metadata.json}: lower case, e.g. {@code "anomaly"}.
   *
   * @return the name
   */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * The kind a {@code metadata.json} name stands for.
   *
   * @param id the name, e.g. {@code "categorizer"}
   * @return the kind
   * @throws IllegalArgumentException naming the known kinds when it is none of them
   */
  public static ModelKind ofId(String id) {
    for (ModelKind k : values()) {
      if (k.id().equals(id)) {
        return k;
      }
    }
    throw new IllegalArgumentException("unknown model kind '" + id + "'; known: categorizer, anomaly");
  }
}
