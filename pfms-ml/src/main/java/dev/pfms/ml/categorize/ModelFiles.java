package dev.pfms.ml.categorize;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pfms.api.ModelException;
import dev.pfms.api.categorize.CorrectionStore;
import dev.pfms.api.io.ModelDirectory;
import dev.pfms.api.io.SavedModel;
import dev.pfms.api.model.Category;
import dev.pfms.api.model.ModelKind;
import dev.pfms.api.model.Money;
import dev.pfms.api.model.ModelMetadata;
import dev.pfms.api.model.Provenance;
import dev.pfms.api.model.Transaction;
import java.io.BufferedWriter;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Currency;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The on-disk form of a {@code tfidf-gbm} model: a directory with
 * <ul>
 *   <li>{@code model.bin}: labels, temperature, vocabulary with idf, selected n-grams and the compiled
 *       trees, in a versioned binary layout (no Java serialization);
 *   <li>{@code metadata.json}: the common metadata of every saved model (see {@link ModelDirectory});
 *   <li>{@code training.jsonl} and {@code corrections.jsonl}: the examples a later {@code retrain()}
 *       needs. They hold transaction descriptions: protect the directory like the statements.
 * </ul>
 * Saved and read through {@link ModelDirectory} (atomic, locked, every file checksummed in
 * {@code metadata.json}); directories of pfms 0.1 (with {@code modelSha256}) still load. Loading
 * checks provider, version, checksums and label set, and fails with a {@link ModelException}
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
    Map<String, ModelDirectory.Content> files = new LinkedHashMap<>();
    files.put(MODEL, raw -> {
      DataOutputStream out = new DataOutputStream(raw);
      out.writeUTF(MAGIC);
      out.writeInt(TfidfGbmModel.FORMAT_VERSION);
      m.write(out);
      out.flush();
    });
    files.put(TRAINING, out -> writeExamples(out, training));
    if (!corrections.isEmpty()) {
      Path scratch = Files.createTempFile("pfms-corrections", ".jsonl");
      try {
        Files.delete(scratch);
        CorrectionStore copy = CorrectionStore.jsonLines(scratch);
        corrections.forEach(copy::add);
        byte[] c = Files.readAllBytes(scratch);
        files.put(CORRECTIONS, out -> out.write(c));
      } finally {
        Files.deleteIfExists(scratch);
      }
    }
    ModelDirectory.save(dir, m.metadata(), files);
  }

  static Loaded load(Path dir) throws IOException {
    SavedModel saved = ModelDirectory.read(dir)
        .expect(TfidfGbmModel.PROVIDER, ModelKind.CATEGORIZER, TfidfGbmModel.FORMAT_VERSION, TfidfGbmModel.FORMAT_VERSION);
    ModelMetadata md = saved.metadata();
    List<String> labels = md.labels();
    TfidfGbmModel m;
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(saved.bytes(MODEL)))) {
      String magic = in.readUTF();
      int v = in.readInt();
      if (!MAGIC.equals(magic) || v != md.formatVersion()) {
        throw new ModelException(dir.resolve(MODEL) + " is not a tfidf-gbm model of format " + md.formatVersion());
      }
      m = TfidfGbmModel.read(in, md);
    } catch (IOException | RuntimeException e) {
      if (e instanceof ModelException me) {
        throw me;
      }
      throw new ModelException(dir.resolve(MODEL) + " is corrupt: " + e.getMessage(), e);
    }
    List<String> modelLabels = m.labels().stream().map(Category::code).toList();
    if (!modelLabels.equals(labels)) {
      throw new ModelException(dir + ": label set in " + METADATA + " " + labels + " differs from the model's "
          + modelLabels);
    }
    List<Transaction> training = readExamples(dir.resolve(TRAINING), saved.find(TRAINING).orElse(null));
    List<CorrectionStore.Correction> corrections = List.of();
    byte[] c = saved.find(CORRECTIONS).orElse(null);
    if (c != null) {
      Path scratch = Files.createTempFile("pfms-corrections", ".jsonl");
      try {
        Files.write(scratch, c);
        corrections = CorrectionStore.jsonLines(scratch).all();
      } finally {
        Files.deleteIfExists(scratch);
      }
    }
    return new Loaded(m, training, corrections);
  }

  static String sha256(byte[] data) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void writeExamples(java.io.OutputStream out, List<Transaction> examples) throws IOException {
    BufferedWriter w = new BufferedWriter(new java.io.OutputStreamWriter(out, StandardCharsets.UTF_8));
    {
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
    w.flush();
  }

  private static List<Transaction> readExamples(Path file, byte[] content) {
    if (content == null) {
      return List.of();
    }
    List<String> lines = new String(content, StandardCharsets.UTF_8).lines().toList();
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
