package dev.pfms.api.categorize;

import dev.pfms.api.model.Category;
import dev.pfms.api.model.CompactTransactions;
import dev.pfms.api.model.Transaction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a {@link CategorizerTrainer} fits on: the labelled training set merged with the user's
 * corrections. A correction replaces the training example with the same transaction id, and the
 * corrections come last (so {@link #isCorrection(int)} is an index test), oldest first. Immutable.
 */
public final class TrainingData {

  private final List<Transaction> examples;
  private final int corrections;
  private final List<Category> categories;
  private volatile String hash;

  private TrainingData(List<Transaction> examples, int corrections) {
    this(examples, corrections, List.of());
  }

  private TrainingData(List<Transaction> examples, int corrections, List<Category> categories) {
    this.examples = examples;
    this.corrections = corrections;
    this.categories = categories;
  }

  /**
   * The same examples with declared categories: the user's category list, which may hold categories that
   * no example carries (see {@link dev.pfms.api.spi.Categorizer#train(List, java.util.Collection)}).
   *
   * @param declared the categories; duplicates (by code) are dropped and the rest sorted by code
   * @return the data
   */
  public TrainingData withCategories(java.util.Collection<Category> declared) {
    java.util.TreeMap<String, Category> byCode = new java.util.TreeMap<>();
    for (Category c : declared) {
      byCode.putIfAbsent(Objects.requireNonNull(c, "category").code(), c);
    }
    return new TrainingData(examples, corrections, List.copyOf(byCode.values()));
  }

  /**
   * The declared categories, sorted by code: empty unless {@link #withCategories} set some.
   *
   * @return the categories
   */
  public List<Category> categories() {
    return categories;
  }

  /**
   * A training set without corrections.
   *
   * @param labelled transactions whose category is set
   * @return the data
   * @throws IllegalArgumentException naming the transaction when one has no category
   */
  public static TrainingData of(List<Transaction> labelled) {
    return of(labelled, List.of());
  }

  /**
   * A training set merged with corrections.
   *
   * @param labelled transactions whose category is set
   * @param corrections corrected transactions (e.g. {@link CorrectionStore#asTrainingExamples()})
   * @return the data
   * @throws IllegalArgumentException naming the transaction when one has no category
   */
  public static TrainingData of(List<Transaction> labelled, List<Transaction> corrections) {
    Set<String> corrected = new HashSet<>();
    for (Transaction c : corrections) {
      requireLabel(c);
      corrected.add(c.id());
    }
    if (labelled instanceof CompactTransactions c) {
      return ofCompact(c, corrections, corrected);
    }
    List<Transaction> out = new ArrayList<>(labelled.size() + corrections.size());
    for (Transaction t : labelled) {
      requireLabel(t);
      if (!corrected.contains(t.id())) {
        out.add(t);
      }
    }
    out.addAll(corrections);
    return new TrainingData(List.copyOf(out), corrections.size());
  }

  /**
   * The same examples for a compact (long) history, kept compact: no copy of each row (ADR 0026).
   * The examples are equal, in the same order, to what the list path makes.
   */
  private static TrainingData ofCompact(CompactTransactions labelled, List<Transaction> corrections,
      Set<String> corrected) {
    for (int i = 0; i < labelled.size(); i++) {
      if (labelled.category(i) == null) {
        requireLabel(labelled.get(i));
      }
    }
    CompactTransactions kept = corrected.isEmpty() ? labelled
        : labelled.select(i -> !corrected.contains(labelled.get(i).id()));
    if (corrections.isEmpty()) {
      return new TrainingData(kept, 0);
    }
    CompactTransactions.Builder b = CompactTransactions.builder(kept.size() + corrections.size());
    b.addAll(kept, 0, kept.size());
    corrections.forEach(b::add);
    return new TrainingData(b.build(), corrections.size());
  }

  private static void requireLabel(Transaction t) {
    Objects.requireNonNull(t, "transaction");
    if (t.category() == null) {
      throw new IllegalArgumentException("training transaction " + t.id() + " (" + t.provenance()
          + ") has no category");
    }
  }

  /**
   * Every example: the training set, then the corrections.
   *
   * @return the examples
   */
  public List<Transaction> examples() {
    return examples;
  }

  /**
   * How many examples there are.
   *
   * @return the size
   */
  public int size() {
    return examples.size();
  }

  /**
   * How many of the examples (the last ones) are corrections.
   *
   * @return the count
   */
  public int correctionCount() {
    return corrections;
  }

  /**
   * Whether the example at an index is a user's correction.
   *
   * @param index the index into {@link #examples()}
   * @return true for a correction
   */
  public boolean isCorrection(int index) {
    return index >= examples.size() - corrections;
  }

  /**
   * The label codes, sorted.
   *
   * @return the labels
   */
  public List<String> labels() {
    TreeSet<String> codes = new TreeSet<>();
    for (Transaction t : examples) {
      codes.add(t.category().code());
    }
    return List.copyOf(codes);
  }

  /**
   * {@link #hash(List)} of {@link #examples()}; with declared categories, SHA-256 of that hash and their
   * codes (so that a model can be traced to both).
   *
   * @return lower-case hex
   */
  public String trainingHash() {
    String h = hash;
    if (h == null) {
      h = hash(examples);
      if (!categories.isEmpty()) {
        try {
          MessageDigest md = MessageDigest.getInstance("SHA-256");
          md.update(h.getBytes(StandardCharsets.UTF_8));
          for (Category c : categories) {
            md.update((byte) '\n');
            md.update(c.code().getBytes(StandardCharsets.UTF_8));
          }
          h = HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
          throw new IllegalStateException(e);
        }
      }
      hash = h;
    }
    return h;
  }

  /**
   * SHA-256 over the ids and labels of a training set, in order: what {@code metadata.json} records
   * so that a model can be traced to its data.
   *
   * @param labelled the training set
   * @return lower-case hex
   */
  public static String hash(List<Transaction> labelled) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      for (Transaction t : labelled) {
        md.update(t.id().getBytes(StandardCharsets.UTF_8));
        md.update((byte) 0);
        md.update((t.category() == null ? "" : t.category().code()).getBytes(StandardCharsets.UTF_8));
        md.update((byte) '\n');
      }
      return HexFormat.of().formatHex(md.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public String toString() {
    return "TrainingData[" + examples.size() + " examples, " + corrections + " corrections"
        + (categories.isEmpty() ? "" : ", " + categories.size() + " declared categories") + "]";
  }
}
