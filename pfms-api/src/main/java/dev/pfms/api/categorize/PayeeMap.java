package dev.pfms.api.categorize;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pfms.api.PfmsException;
import dev.pfms.api.model.Merchants;
import dev.pfms.api.model.Transaction;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Learned payees: a raw bank description ({@code "AMZNMKTPLACE 2X3 BRISTOL"}) maps to the canonical
 * payee a user chose ({@code "Amazon"}), taught by corrections and confirmations and applied before
 * categorization, so that every spelling of a merchant shares one payee.
 *
 * <p>Descriptions are reduced to a key (the normalized merchant without digits, lower case); a taught
 * key applies to every description whose key starts with it, the longest taught key winning. A
 * correction records a suggestion; a confirmation (or a correction when {@code confirmedOnly} is off)
 * makes it apply. Kept in memory, appended to a JSON-lines file, or handed to a sink such as a store's
 * table (one entry per teaching, kept before it applies and replayed at start, so nothing taught is lost
 * on restart). Thread-safe.
 */
public final class PayeeMap {

  /** How a mapping was taught. */
  public enum Source {
    /** The user corrected a transaction's payee: a suggestion until confirmed (when so configured). */
    CORRECTION,
    /** The user confirmed a payee: always applies. */
    CONFIRMATION
  }

  /**
   * A learned payee.
   *
   * @param payee the canonical payee
   * @param key the description key it was taught for
   * @param source how it was taught
   * @param confirmed whether it applies (confirmed, or corrections apply at once)
   */
  public record Learned(String payee, String key, Source source, boolean confirmed) {
    /** Counts only: the key and payee can be personal. */
    @Override
    public String toString() {
      return "Learned[" + source + (confirmed ? ", confirmed" : ", suggestion") + "]";
    }
  }

  /**
   * One teaching as it is kept: replaying the teachings in order rebuilds the map.
   *
   * @param key the description key ({@link #key})
   * @param payee the canonical payee
   * @param source correction or confirmation
   * @param at when it was taught
   */
  public record Teaching(String key, String payee, Source source, Instant at) {
    /**
     * Checks the fields.
     *
     * @throws IllegalArgumentException when the key or payee is blank
     */
    public Teaching {
      java.util.Objects.requireNonNull(source, "source");
      java.util.Objects.requireNonNull(at, "at");
      if (key == null || key.isBlank() || payee == null || payee.isBlank()) {
        throw new IllegalArgumentException("a payee teaching needs a non-blank key and payee");
      }
    }

    /** The source and time only: the key and payee can be personal. */
    @Override
    public String toString() {
      return "Teaching[" + source + ", " + at + "]";
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Provider option: a JSON-lines file of learned payees, applied before categorization. */
  public static final dev.pfms.api.spi.ConfigKey<Path> FILE_OPTION = dev.pfms.api.spi.ConfigKey.ofPath("payees", null,
      "JSON-lines file of learned payees (raw description -> canonical payee), applied before categorization");
  /** Provider option: a map the application teaches (instead of the file), e.g. a store's. */
  public static final dev.pfms.api.spi.ConfigKey<PayeeMap> MAP_OPTION = dev.pfms.api.spi.ConfigKey.ofObject("payee-map",
      PayeeMap.class, null, "a PayeeMap the application teaches (instead of the payees file)");
  /** Provider option: corrections are suggestions until confirmed (payees file only). */
  public static final dev.pfms.api.spi.ConfigKey<Boolean> CONFIRM_OPTION = dev.pfms.api.spi.ConfigKey.ofBoolean(
      "confirm-payees", false, "a payee taught by a correction is only a suggestion until confirmed (payees file only)");
  /** The three payee options, for a categorizer provider's {@code options()}. */
  public static final List<dev.pfms.api.spi.ConfigKey<?>> OPTIONS = List.of(FILE_OPTION, MAP_OPTION, CONFIRM_OPTION);

  /**
   * The payee map a provider's options ask for: the given map, else the file, else none.
   *
   * @param config the provider's options (declaring {@link #OPTIONS})
   * @return the map, or null for none
   */
  public static PayeeMap fromConfig(dev.pfms.api.spi.ProviderConfig config) {
    PayeeMap m = config.get(MAP_OPTION);
    if (m == null && config.get(FILE_OPTION) != null) {
      m = jsonLines(config.get(FILE_OPTION), config.get(CONFIRM_OPTION));
    }
    return m;
  }

  private final Path file;
  private final java.util.function.Consumer<Teaching> sink;
  private final boolean confirmedOnly;
  private final Map<String, Learned> byKey = new LinkedHashMap<>();

  private PayeeMap(Path file, java.util.function.Consumer<Teaching> sink, boolean confirmedOnly) {
    this.file = file;
    this.sink = sink;
    this.confirmedOnly = confirmedOnly;
  }

  /**
   * A payee map kept elsewhere (a store's table, say): the teachings so far are replayed in order and
   * each new teaching is handed to {@code sink} before it applies, so a sink that fails leaves the map
   * unchanged and nothing taught is lost on restart.
   *
   * @param history the teachings so far, oldest first
   * @param confirmedOnly when true, a correction is only a suggestion until confirmed
   * @param sink keeps each new teaching durably (throwing when it cannot)
   * @return the map
   */
  public static PayeeMap replaying(List<Teaching> history, boolean confirmedOnly,
      java.util.function.Consumer<Teaching> sink) {
    java.util.Objects.requireNonNull(sink, "sink");
    PayeeMap m = new PayeeMap(null, sink, confirmedOnly);
    for (Teaching t : history) {
      m.apply(t.key(), t.payee(), t.source());
    }
    return m;
  }

  /**
   * A payee map in memory.
   *
   * @param confirmedOnly when true, a correction is only a suggestion until confirmed
   * @return the map
   */
  public static PayeeMap inMemory(boolean confirmedOnly) {
    return new PayeeMap(null, null, confirmedOnly);
  }

  /**
   * A payee map kept in a JSON-lines file (created when missing; existing lines are replayed).
   *
   * @param file the file
   * @param confirmedOnly when true, a correction is only a suggestion until confirmed
   * @return the map
   * @throws PfmsException naming the file and line when a line cannot be read
   */
  public static PayeeMap jsonLines(Path file, boolean confirmedOnly) {
    PayeeMap m = new PayeeMap(file, null, confirmedOnly);
    if (Files.isRegularFile(file)) {
      try {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        for (int i = 0; i < lines.size(); i++) {
          if (lines.get(i).isBlank()) {
            continue;
          }
          try {
            JsonNode n = JSON.readTree(lines.get(i));
            m.apply(n.get("key").asText(), n.get("payee").asText(), Source.valueOf(n.get("source").asText()));
          } catch (IOException | RuntimeException e) {
            throw new PfmsException(file + ":" + (i + 1) + ": not a payee entry (" + e.getClass().getSimpleName() + ")");
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read payee map " + file, e);
      }
    }
    return m;
  }

  /**
   * The key of a description: its normalized merchant without digit-bearing words, lower case.
   *
   * @param description the raw description
   * @return the key, possibly empty
   */
  public static String key(String description) {
    StringBuilder sb = new StringBuilder();
    for (String w : Merchants.normalize(description).toLowerCase(Locale.ROOT).split("\\s+")) {
      if (!w.isEmpty() && w.chars().noneMatch(Character::isDigit)) {
        sb.append(sb.length() == 0 ? "" : " ").append(w);
      }
    }
    return sb.toString();
  }

  /**
   * Teaches the payee of a transaction's description (and of every description whose key starts
   * with its key).
   *
   * @param transaction the transaction the user corrected or confirmed
   * @param payee the canonical payee
   * @param source correction or confirmation
   */
  public synchronized void teach(Transaction transaction, String payee, Source source) {
    String k = key(transaction.description());
    if (k.isEmpty() || payee.isBlank()) {
      throw new IllegalArgumentException("a payee needs a non-blank name and a description with words");
    }
    Teaching t = new Teaching(k, payee.trim(), source, Instant.now());
    if (sink != null) {
      sink.accept(t);
    }
    if (file != null) {
      ObjectNode n = JSON.createObjectNode().put("key", k).put("payee", t.payee()).put("source", source.name())
          .put("at", t.at().toString());
      try {
        Files.writeString(file, n + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
            StandardOpenOption.APPEND, StandardOpenOption.SYNC);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot append to payee map " + file, e);
      }
    }
    apply(k, t.payee(), source);
  }

  private void apply(String key, String payee, Source source) {
    Learned old = byKey.get(key);
    boolean confirmed = source == Source.CONFIRMATION || !confirmedOnly
        || (old != null && old.confirmed() && old.payee().equals(payee));
    byKey.put(key, new Learned(payee, key, source, confirmed));
  }

  /**
   * The learned payee of a description that applies (confirmed, or any when corrections apply at once).
   *
   * @param description the raw description
   * @return the payee, if one was taught for its key or a prefix of it
   */
  public Optional<Learned> payee(String description) {
    return find(description, true);
  }

  /**
   * A learned payee that is only a suggestion (taught by a correction, not yet confirmed).
   *
   * @param description the raw description
   * @return the suggestion, if any
   */
  public Optional<Learned> suggestion(String description) {
    return find(description, false).filter(l -> !l.confirmed());
  }

  private synchronized Optional<Learned> find(String description, boolean confirmed) {
    List<String> words = Arrays.asList(key(description).split(" "));
    for (int len = words.size(); len >= 1; len--) {
      Learned l = byKey.get(String.join(" ", words.subList(0, len)));
      if (l != null && (!confirmed || l.confirmed())) {
        return Optional.of(l);
      }
    }
    return Optional.empty();
  }

  /**
   * Rewrites a transaction's merchant to its learned payee (when one applies).
   *
   * @param t the transaction
   * @return the transaction with the canonical payee as merchant, or {@code t} itself
   */
  public Transaction canonicalize(Transaction t) {
    Optional<Learned> l = payee(t.description());
    return l.isEmpty() ? t : t.toBuilder().merchant(l.get().payee()).build();
  }

  /**
   * Every learned entry, in teaching order.
   *
   * @return the entries
   */
  public synchronized List<Learned> entries() {
    return new ArrayList<>(byKey.values());
  }

  /** Counts only: keys and payees can be personal. */
  @Override
  public synchronized String toString() {
    return "PayeeMap[" + byKey.size() + " payees" + (file != null ? "" : sink != null ? ", replayed" : ", in memory") + "]";
  }
}
