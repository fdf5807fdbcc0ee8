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
import java.util.ArrayList;
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
   * A store that lives as long as the process.
   *
   * @return a new, empty store
   */
  static CorrectionStore inMemory() {
    return new CorrectionStore() {
      private final List<Correction> list = new CopyOnWriteArrayList<>();

      @Override
      public void add(Correction correction) {
        list.add(Objects.requireNonNull(correction));
      }

      @Override
      public List<Correction> all() {
        return List.copyOf(list);
      }
    };
  }

  /**
   * A store in a JSON-lines file, created when missing.
   *
   * @param file the file
   * @return the store, holding what the file already had
   * @throws PfmsException naming the file and line when an existing line cannot be read
   */
  static CorrectionStore jsonLines(Path file) {
    return new JsonLinesCorrectionStore(file);
  }
}

/** The JSON-lines store. */
final class JsonLinesCorrectionStore implements CorrectionStore {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final Path file;
  private final List<Correction> list = new CopyOnWriteArrayList<>();

  JsonLinesCorrectionStore(Path file) {
    this.file = file;
    if (Files.exists(file)) {
      try {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        for (int i = 0; i < lines.size(); i++) {
          if (lines.get(i).isBlank()) {
            continue;
          }
          try {
            JsonNode n = JSON.readTree(lines.get(i));
            list.add(new Correction(n.get("id").asText(), n.get("merchant").asText(), n.get("description").asText(),
                new Money(new BigDecimal(n.get("amount").asText()), Currency.getInstance(n.get("currency").asText())),
                LocalDate.parse(n.get("date").asText()), Category.of(n.get("category").asText()),
                Instant.parse(n.get("at").asText())));
          } catch (IOException | RuntimeException e) {
            throw new PfmsException(file + ":" + (i + 1) + ": unreadable correction: " + e.getMessage(), e);
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read corrections from " + file, e);
      }
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
      try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
          StandardOpenOption.APPEND)) {
        ch.write(java.nio.ByteBuffer.wrap((JSON.writeValueAsString(n) + "\n").getBytes(StandardCharsets.UTF_8)));
        ch.force(true);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot append correction to " + file, e);
    }
    list.add(c);
  }

  @Override
  public List<Correction> all() {
    return new ArrayList<>(list);
  }

  @Override
  public String toString() {
    return "CorrectionStore[" + file + ", " + list.size() + " corrections]";
  }
}
