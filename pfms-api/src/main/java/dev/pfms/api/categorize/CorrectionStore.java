package dev.pfms.api.categorize;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pfms.api.PfmsException;
import dev.pfms.api.model.Category;
import dev.pfms.api.model.Money;
import dev.pfms.api.model.Provenance;
import dev.pfms.api.model.Transaction;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.LocalDate;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import java.util.Currency;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Where user corrections are kept so that no retrain ever loses one. Thread-safe.
 *
 * <p>{@link #inMemory()} keeps them for the life of the process; {@link #jsonLines(Path)} appends one
 * JSON object per line to a file (fsync'd) and reads them back on open.
 */
public interface CorrectionStore {

  /**
   * A user's correction.
   *
   * @param transactionId the corrected transaction's id
   * @param merchant its merchant key
   * @param description its raw description
   * @param amount its amount
   * @param date its booking date
   * @param category the right category
   * @param at when the user corrected it
   */
  record Correction(String transactionId, String merchant, String description, Money amount, LocalDate date,
      Category category, Instant at) {

    /** Validates the fields. */
    public Correction {
      Objects.requireNonNull(transactionId, "transactionId");
      Objects.requireNonNull(merchant, "merchant");
      Objects.requireNonNull(description, "description");
      Objects.requireNonNull(amount, "amount");
      Objects.requireNonNull(date, "date");
      Objects.requireNonNull(category, "category");
      Objects.requireNonNull(at, "at");
    }

    /**
     * A correction of a transaction.
     *
     * @param t the transaction
     * @param category the right category
     * @param at when
     * @return the correction
     */
    public static Correction of(Transaction t, Category category, Instant at) {
      return new Correction(t.id(), t.merchant(), t.description(), t.amount(), t.bookingDate(), category, at);
    }

    /**
     * The corrected transaction as a labelled training example.
     *
     * @return the transaction, with the corrected category
     */
    public Transaction toTransaction() {
      return Transaction.builder().id(transactionId).account("corrections").bookingDate(date).amount(amount)
          .description(description).merchant(merchant).category(category)
          .provenance(new Provenance("corrections", 0)).build();
    }

    /** Shows no description: it can carry personal data. */
    @Override
    public String toString() {
      return "Correction[" + transactionId + " -> " + category + "]";
    }
  }

  /**
   * Appends a correction.
   *
   * @param correction the correction
   */
  void add(Correction correction);

  /**
   * Every correction so far, oldest first.
   *
   * @return the corrections
   */
  List<Correction> all();

  /**
   * The latest correction per transaction id, as labelled training examples, oldest first.
   *
   * @return the examples
   */
  default List<Transaction> asTrainingExamples() {
    java.util.LinkedHashMap<String, Transaction> latest = new java.util.LinkedHashMap<>();
    for (Correction c : all()) {
      latest.remove(c.transactionId());
      latest.put(c.transactionId(), c.toTransaction());
    }
    return List.copyOf(latest.values());
  }

  /**
   * The latest correction per merchant key (blank merchants excluded): what
   * {@link ModelCategorizer} applies at once. Stores should override this with a maintained map;
   * the default recomputes it from {@link #all()}.
   *
   * @return merchant key to category, unmodifiable
   */
  default Map<String, Category> latestByMerchant() {
    Map<String, Category> out = new HashMap<>();
    for (Correction c : all()) {
      if (!c.merchant().isBlank()) {
        out.put(c.merchant(), c.category());
      }
    }
    return Collections.unmodifiableMap(out);
  }

  /**
   * A store that lives as long as the process.
   *
   * @return a new, empty store
   */
  static CorrectionStore inMemory() {
    return new CorrectionStore() {
      private final List<Correction> list = new CopyOnWriteArrayList<>();
      private final Map<String, Category> byMerchant = new ConcurrentHashMap<>();
      private final Map<String, Category> view = Collections.unmodifiableMap(byMerchant);

      @Override
      public synchronized void add(Correction correction) {
        list.add(Objects.requireNonNull(correction));
        if (!correction.merchant().isBlank()) {
          byMerchant.put(correction.merchant(), correction.category());
        }
      }

      @Override
      public List<Correction> all() {
        return List.copyOf(list);
      }

      @Override
      public Map<String, Category> latestByMerchant() {
        return view;
      }

      @Override
      public String toString() {
        return "CorrectionStore[in memory, " + list.size() + " corrections]";
      }
    };
  }

  /**
   * A store in a JSON-lines file, created when missing.
   *
   * @param file the file
   * @return the store, holding what the file already had
   * @throws PfmsException naming the file and line when an existing line other than the last cannot
   *     be read (a torn last line, left by a crash during an append, is skipped with a warning)
   */
  static CorrectionStore jsonLines(Path file) {
    return new JsonLinesCorrectionStore(file);
  }
}

/**
 * The JSON-lines store. The file is created owner-only ({@code rw-------}) where the file system
 * supports it: corrections carry descriptions and amounts.
 */
final class JsonLinesCorrectionStore implements CorrectionStore {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Logger LOG = LoggerFactory.getLogger(JsonLinesCorrectionStore.class);
  private final Path file;
  private final List<Correction> list = new CopyOnWriteArrayList<>();
  private final Map<String, Category> byMerchant = new ConcurrentHashMap<>();
  private final Map<String, Category> view = Collections.unmodifiableMap(byMerchant);
  /**
   * Where a torn last line (an append that never finished, so its {@link #add} never returned)
   * starts, or -1: the next append cuts it off first, so it never becomes a broken middle line.
   */
  private long tornAt = -1;

  JsonLinesCorrectionStore(Path file) {
    this.file = file;
    if (Files.exists(file)) {
      try {
        byte[] bytes = Files.readAllBytes(file);
        boolean torn = bytes.length > 0 && bytes[bytes.length - 1] != '\n';
        List<String> lines = new String(bytes, StandardCharsets.UTF_8).lines().toList();
        for (int i = 0; i < lines.size(); i++) {
          if (lines.get(i).isBlank()) {
            continue;
          }
          try {
            remember(parse(lines.get(i)));
          } catch (IOException | RuntimeException e) {
            if (i == lines.size() - 1 && torn) {
              int lastNewline = bytes.length - 1;
              while (lastNewline >= 0 && bytes[lastNewline] != '\n') {
                lastNewline--;
              }
              tornAt = lastNewline + 1;
              LOG.warn("{}:{}: skipping a torn last correction (an append was interrupted); every earlier one is kept",
                  file, i + 1);
              continue;
            }
            throw new PfmsException(file + ":" + (i + 1) + ": unreadable correction: " + e.getMessage(), e);
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read corrections from " + file, e);
      }
    }
  }

  private static Correction parse(String line) throws IOException {
    JsonNode n = JSON.readTree(line);
    return new Correction(field(n, "id"), field(n, "merchant"), field(n, "description"),
        new Money(new BigDecimal(field(n, "amount")), Currency.getInstance(field(n, "currency"))),
        LocalDate.parse(field(n, "date")), Category.of(field(n, "category")), Instant.parse(field(n, "at")));
  }

  private static String field(JsonNode n, String name) {
    JsonNode v = n == null ? null : n.get(name);
    if (v == null || v.isNull()) {
      throw new IllegalArgumentException("field '" + name + "' is missing");
    }
    return v.asText();
  }

  private void remember(Correction c) {
    list.add(c);
    if (!c.merchant().isBlank()) {
      byMerchant.put(c.merchant(), c.category());
    }
  }

  @Override
  public synchronized void add(Correction c) {
    ObjectNode n = JSON.createObjectNode();
    n.put("id", c.transactionId());
    n.put("merchant", c.merchant());
    n.put("description", c.description());
    n.put("amount", c.amount().amount().toPlainString());
    n.put("currency", c.amount().currency().getCurrencyCode());
    n.put("date", c.date().toString());
    n.put("category", c.category().code());
    n.put("at", c.at().toString());
    try {
      if (file.getParent() != null) {
        Files.createDirectories(file.getParent());
      }
      if (!Files.exists(file)) {
        createOwnerOnly(file);
      }
      try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
        if (tornAt >= 0) {
          ch.truncate(tornAt);
          tornAt = -1;
        }
        ch.position(ch.size());
        String line = JSON.writeValueAsString(n) + "\n";
        ch.write(java.nio.ByteBuffer.wrap(line.getBytes(StandardCharsets.UTF_8)));
        ch.force(true);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot append correction to " + file, e);
    }
    remember(c);
  }

  private static void createOwnerOnly(Path file) throws IOException {
    try {
      Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    } catch (UnsupportedOperationException e) {
      Files.createFile(file);
    } catch (java.nio.file.FileAlreadyExistsException e) {
      // another writer created it first
    }
  }

  @Override
  public List<Correction> all() {
    return new ArrayList<>(list);
  }

  @Override
  public Map<String, Category> latestByMerchant() {
    return view;
  }

  @Override
  public String toString() {
    return "CorrectionStore[" + file + ", " + list.size() + " corrections]";
  }
}
