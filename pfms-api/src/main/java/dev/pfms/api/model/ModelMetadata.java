package dev.pfms.api.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pfms.api.ModelException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a trained model is, saved beside it as {@code metadata.json}.
 *
 * @param provider the provider that trained it, e.g. {@code "tfidf-gbm"}
 * @param formatVersion the provider's model format version; loading a different one fails clearly
 * @param trainingHash SHA-256 (hex) of the training data (ids and labels, in order)
 * @param trainingSize the number of training examples
 * @param labels the label set, sorted
 * @param metrics held-out metrics, e.g. {@code accuracy}, {@code macroF1}
 * @param createdAt when it was trained
 * @param parameters the provider's training options, for reproduction
 */
public record ModelMetadata(
    String provider, int formatVersion, String trainingHash, int trainingSize, List<String> labels,
    Map<String, Double> metrics, Instant createdAt, Map<String, String> parameters) {

  /** Validates the fields and copies the collections. */
  public ModelMetadata {
    Objects.requireNonNull(provider, "provider");
    Objects.requireNonNull(trainingHash, "trainingHash");
    Objects.requireNonNull(createdAt, "createdAt");
    labels = List.copyOf(labels);
    metrics = Map.copyOf(metrics);
    parameters = Map.copyOf(parameters);
  }

  /** The file name a model directory keeps its metadata in. */
  public static final String FILE_NAME = "metadata.json";

  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /**
   * Writes {@code metadata.json} into a model directory (created if missing).
   *
   * @param directory the model directory
   * @throws IOException when it cannot be written
   */
  public void writeTo(Path directory) throws IOException {
    Files.createDirectories(directory);
    ObjectNode n = JSON.createObjectNode();
    n.put("provider", provider);
    n.put("formatVersion", formatVersion);
    n.put("trainingHash", trainingHash);
    n.put("trainingSize", trainingSize);
    labels.forEach(n.putArray("labels")::add);
    ObjectNode m = n.putObject("metrics");
    new java.util.TreeMap<>(metrics).forEach(m::put);
    n.put("createdAt", createdAt.toString());
    ObjectNode p = n.putObject("parameters");
    new java.util.TreeMap<>(parameters).forEach(p::put);
    JSON.writeValue(directory.resolve(FILE_NAME).toFile(), n);
  }

  /**
   * Reads {@code metadata.json} from a model directory and checks that it was written by the
   * expected provider in the expected format version.
   *
   * @param directory the model directory
   * @param expectedProvider the provider that must have written it
   * @param expectedFormatVersion the format version the caller can read
   * @return the metadata
   * @throws IOException when the file cannot be read
   * @throws ModelException naming the directory when the file is missing or malformed, or was
   *     written by another provider or format version
   */
  public static ModelMetadata readFrom(Path directory, String expectedProvider, int expectedFormatVersion)
      throws IOException {
    Path file = directory.resolve(FILE_NAME);
    if (!Files.isRegularFile(file)) {
      throw new ModelException(directory + " is not a saved model: " + FILE_NAME + " is missing");
    }
    ModelMetadata m;
    try {
      JsonNode n = JSON.readTree(file.toFile());
      List<String> labels = new ArrayList<>();
      n.path("labels").forEach(l -> labels.add(l.asText()));
      Map<String, Double> metrics = new LinkedHashMap<>();
      n.path("metrics").fields().forEachRemaining(e -> metrics.put(e.getKey(), e.getValue().asDouble()));
      Map<String, String> params = new LinkedHashMap<>();
      n.path("parameters").fields().forEachRemaining(e -> params.put(e.getKey(), e.getValue().asText()));
      m = new ModelMetadata(n.get("provider").asText(), n.get("formatVersion").asInt(), n.get("trainingHash").asText(),
          n.get("trainingSize").asInt(), labels, metrics, Instant.parse(n.get("createdAt").asText()), params);
    } catch (RuntimeException e) {
      throw new ModelException(file + ": malformed model metadata: " + e.getMessage(), e);
    }
    if (!m.provider().equals(expectedProvider)) {
      throw new ModelException(directory + " holds a model of provider '" + m.provider() + "', not '"
          + expectedProvider + "'; load it with that provider");
    }
    if (m.formatVersion() != expectedFormatVersion) {
      throw new ModelException(directory + " holds a '" + m.provider() + "' model in format version "
          + m.formatVersion() + ", but this pfms reads version " + expectedFormatVersion + "; retrain or use a matching pfms");
    }
    return m;
  }
}
