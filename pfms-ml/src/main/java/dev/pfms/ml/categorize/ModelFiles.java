package dev.pfms.ml.categorize;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pfms.api.ModelException;
import dev.pfms.api.categorize.CorrectionStore;
import dev.pfms.api.model.Category;
import dev.pfms.api.model.Money;
import dev.pfms.api.model.ModelMetadata;
import dev.pfms.api.model.Provenance;
import dev.pfms.api.model.Transaction;
import java.io.BufferedInputStream;
import java.io.BufferedWriter;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Currency;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The on-disk form of a {@code tfidf-gbm} model: a directory with
 * <ul>
 *   <li>{@code model.bin}: labels, temperature, vocabulary with idf, selected n-grams and the compiled
 *       trees, in a versioned binary layout (no Java serialization);
 *   <li>{@code metadata.json}: provider, format version, training-data hash and size, label set,
 *       held-out metrics, created-at, training parameters and the SHA-256 of {@code model.bin};
 *   <li>{@code training.jsonl} and {@code corrections.jsonl}: the examples a later {@code retrain()}
 *       needs. They hold transaction descriptions: protect the directory like the statements.
 * </ul>
 * Loading checks provider, version, checksum and label set, and fails with a {@link ModelException}
 * naming what does not match.
 */
final class ModelFiles {

  static final String MODEL = "model.bin";
  static final String METADATA = "metadata.json";
  static final String TRAINING = "training.jsonl";
  static final String CORRECTIONS = "corrections.jsonl";
  private static final String MAGIC = "pfms/tfidf-gbm";
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private ModelFiles() {}

  /** A loaded model and the examples it was trained from. */
  record Loaded(TfidfGbmModel model, List<Transaction> training, List<CorrectionStore.Correction> corrections) {}

  static void save(Path dir, TfidfGbmModel m, List<Transaction> training,
      List<CorrectionStore.Correction> corrections) throws IOException {
    Files.createDirectories(dir);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeUTF(MAGIC);
      out.writeInt(TfidfGbmModel.FORMAT_VERSION);
      m.write(out);
    }
    byte[] model = bytes.toByteArray();
    Files.write(dir.resolve(MODEL), model);
    writeExamples(dir.resolve(TRAINING), training);
    Path corr = dir.resolve(CORRECTIONS);
    Files.deleteIfExists(corr);
    if (!corrections.isEmpty()) {
      CorrectionStore copy = CorrectionStore.jsonLines(corr);
      corrections.forEach(copy::add);
    }
    ModelMetadata md = m.metadata();
    ObjectNode n = JSON.createObjectNode();
    n.put("provider", md.provider());
    n.put("formatVersion", md.formatVersion());
    n.put("trainingHash", md.trainingHash());
    n.put("trainingSize", md.trainingSize());
    n.putPOJO("labels", md.labels());
    n.putPOJO("metrics", new TreeMap<>(md.metrics()));
    n.put("createdAt", md.createdAt().toString());
    n.putPOJO("parameters", new TreeMap<>(md.parameters()));
    n.put("modelSha256", sha256(model));
    Files.writeString(dir.resolve(METADATA), JSON.writeValueAsString(n) + "\n", StandardCharsets.UTF_8);
  }

  static Loaded load(Path dir) throws IOException {
    Path metaFile = dir.resolve(METADATA);
    if (!Files.isRegularFile(metaFile)) {
      throw new ModelException(dir + " is not a saved model: " + METADATA + " is missing");
    }
    JsonNode n;
    try {
      n = JSON.readTree(metaFile.toFile());
    } catch (IOException e) {
      throw new ModelException(metaFile + ": unreadable metadata: " + e.getMessage(), e);
    }
    String provider = text(n, "provider", metaFile);
    if (!TfidfGbmModel.PROVIDER.equals(provider)) {
      throw new ModelException(dir + " was saved by provider '" + provider + "', not '" + TfidfGbmModel.PROVIDER
          + "': load it with that provider");
    }
    int version = n.path("formatVersion").asInt(-1);
    if (version != TfidfGbmModel.FORMAT_VERSION) {
      throw new ModelException(dir + " has tfidf-gbm model format " + version + "; this version reads format "
          + TfidfGbmModel.FORMAT_VERSION + ": retrain the model");
    }
    byte[] model = Files.readAllBytes(dir.resolve(MODEL));
    String sha = text(n, "modelSha256", metaFile);
    if (!sha.equals(sha256(model))) {
      throw new ModelException(dir.resolve(MODEL) + " does not match the checksum in " + METADATA
          + ": the model file was changed or truncated");
    }
    List<String> labels = new ArrayList<>();
    n.path("labels").forEach(l -> labels.add(l.asText()));
    Map<String, Double> metrics = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = n.path("metrics").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      metrics.put(e.getKey(), e.getValue().asDouble());
    }
    Map<String, String> params = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = n.path("parameters").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      params.put(e.getKey(), e.getValue().asText());
    }
    ModelMetadata md;
    try {
      md = new ModelMetadata(provider, version, text(n, "trainingHash", metaFile),
          n.path("trainingSize").asInt(), labels, metrics, Instant.parse(text(n, "createdAt", metaFile)), params);
    } catch (RuntimeException e) {
      throw new ModelException(metaFile + ": invalid metadata: " + e.getMessage(), e);
    }
    TfidfGbmModel m;
    try (DataInputStream in = new DataInputStream(new BufferedInputStream(new ByteArrayInputStream(model)))) {
      String magic = in.readUTF();
      int v = in.readInt();
      if (!MAGIC.equals(magic) || v != version) {
        throw new ModelException(dir.resolve(MODEL) + " is not a tfidf-gbm model of format " + version);
      }
      m = TfidfGbmModel.read(in, md);
    } catch (IOException e) {
      throw new ModelException(dir.resolve(MODEL) + " is corrupt: " + e.getMessage(), e);
    }
    List<String> modelLabels = m.labels().stream().map(Category::code).toList();
    if (!modelLabels.equals(labels)) {
      throw new ModelException(dir + ": label set in " + METADATA + " " + labels + " differs from the model's "
          + modelLabels);
    }
    List<Transaction> training = readExamples(dir.resolve(TRAINING));
    Path corr = dir.resolve(CORRECTIONS);
    List<CorrectionStore.Correction> corrections = Files.exists(corr) ? CorrectionStore.jsonLines(corr).all()
        : List.of();
    return new Loaded(m, training, corrections);
  }

  private static String text(JsonNode n, String field, Path file) {
    JsonNode v = n.get(field);
    if (v == null || v.isNull() || v.asText().isEmpty()) {
      throw new ModelException(file + ": field '" + field + "' is missing");
    }
    return v.asText();
  }

  static String sha256(byte[] data) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void writeExamples(Path file, List<Transaction> examples) throws IOException {
    try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      for (Transaction t : examples) {
        ObjectNode n = JSON.createObjectNode();
        n.put("id", t.id());
        n.put("account", t.account());
        n.put("date", t.bookingDate().toString());
        n.put("amount", t.amount().amount().toPlainString());
        n.put("currency", t.amount().currency().getCurrencyCode());
        n.put("description", t.description());
        n.put("merchant", t.merchant());
        n.put("category", t.category().code());
        n.put("primary", t.category().primary());
        w.write(JSON.writer().without(SerializationFeature.INDENT_OUTPUT).writeValueAsString(n));
        w.write('\n');
      }
    }
  }

  private static List<Transaction> readExamples(Path file) throws IOException {
    if (!Files.exists(file)) {
      return List.of();
    }
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    List<Transaction> out = new ArrayList<>(lines.size());
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).isBlank()) {
        continue;
      }
      try {
        JsonNode n = JSON.readTree(lines.get(i));
        out.add(Transaction.builder().id(n.get("id").asText()).account(n.get("account").asText())
            .bookingDate(LocalDate.parse(n.get("date").asText()))
            .amount(new Money(new BigDecimal(n.get("amount").asText()), Currency.getInstance(n.get("currency").asText())))
            .description(n.get("description").asText()).merchant(n.get("merchant").asText())
            .category(new Category(n.get("category").asText(), n.get("primary").asText()))
            .provenance(new Provenance(file.getFileName().toString(), i + 1)).build());
      } catch (IOException | RuntimeException e) {
        throw new ModelException(file + ":" + (i + 1) + ": unreadable training example: " + e.getMessage(), e);
      }
    }
    return out;
  }
}
