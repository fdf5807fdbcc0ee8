package dev.pfms.api.store;

import dev.pfms.api.model.ModelMetadata;
import java.net.URI;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One registered model version.
 *
 * <p>The bytes are content-addressed: {@code sha256} names them, and either the store holds them
 * ({@code location} is {@code null}; read them with {@link Store#modelBytes}) or they live at
 * {@code location} and whoever fetches them must check the digest.
 *
 * @param name the registry name, e.g. {@code "categorizer"}
 * @param version 1, 2, … per name
 * @param metadata the model's {@code metadata.json} content
 * @param sha256 lowercase hex SHA-256 of the model bytes
 * @param size the byte length, or -1 when only referenced
 * @param location where the bytes live when the store does not hold them, or {@code null}
 * @param registeredAt when it was registered
 * @param active whether it is the active version of its name
 * @param promotedAt when it was last promoted, or {@code null}
 * @param promotionMetrics the held-out metrics it was promoted with (empty until promoted)
 */
public record ModelRecord(String name, int version, ModelMetadata metadata, String sha256, long size,
    URI location, Instant registeredAt, boolean active, Instant promotedAt, Map<String, Double> promotionMetrics) {

  /** Validates the fields and copies the map. */
  public ModelRecord {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(metadata, "metadata");
    Objects.requireNonNull(sha256, "sha256");
    Objects.requireNonNull(registeredAt, "registeredAt");
    promotionMetrics = Map.copyOf(promotionMetrics);
    if (version < 1) {
      throw new IllegalArgumentException("version must be >= 1: " + version);
    }
  }

  /**
   * The label categorizations made with this model carry: {@code name@version}.
   *
   * @return the version label
   */
  public String label() {
    return name + "@" + version;
  }

  /**
   * Where the bytes live when the store does not hold them.
   *
   * @return the location
   */
  public Optional<URI> findLocation() {
    return Optional.ofNullable(location);
  }
}
