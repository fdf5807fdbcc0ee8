package dev.pfms.ml.zeroshot;

import dev.pfms.api.model.Category;
import dev.pfms.api.model.Taxonomy;
import dev.pfms.api.model.Transaction;
import dev.pfms.ml.embed.OptionalEmbeddings;
import dev.pfms.ml.text.BankText;
import dev.pfms.ml.text.SparseVector;
import dev.pfms.ml.text.TfidfVectorizer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Categorizes without labels: the shipped {@link MerchantLexicon} first, then the similarity of the
 * description to each standard category's description (TF-IDF word and character n-grams always,
 * plus sentence embeddings when the DJL engine is present). The sign of the amount restricts the
 * candidates (money in is income or a transfer in; money out is anything else).
 *
 * <p>Immutable and thread-safe.
 */
public final class ZeroShotModel {

  /** How sure a lexicon match is taken to be (it is a curated, exact phrase). */
  static final double LEXICON_CONFIDENCE = 0.85;
  private static final double SIMILARITY_SHARPNESS = 20;

  /**
   * A zero-shot guess.
   *
   * @param category the detailed category
   * @param confidence in [0, 1]
   * @param fromLexicon whether a lexicon phrase decided
   * @param evidence what decided, for the explanation
   */
  public record Guess(Category category, double confidence, boolean fromLexicon, String evidence) {}

  private final MerchantLexicon lexicon;
  private final List<Category> categories;
  private final TfidfVectorizer vectorizer;
  private final SparseVector[] docs;
  private final float[][] docEmbeddings;
  private final OptionalEmbeddings embeddings;

  private ZeroShotModel(MerchantLexicon lexicon, List<Category> categories, TfidfVectorizer vectorizer,
      SparseVector[] docs, float[][] docEmbeddings, OptionalEmbeddings embeddings) {
    this.lexicon = lexicon;
    this.categories = categories;
    this.vectorizer = vectorizer;
    this.docs = docs;
    this.docEmbeddings = docEmbeddings;
    this.embeddings = embeddings;
  }

  /**
   * Builds the model over the standard taxonomy and the shipped lexicon.
   *
   * @param embeddings sentence embeddings, or null for TF-IDF alone
   * @return the model
   */
  public static ZeroShotModel create(OptionalEmbeddings embeddings) {
    Map<String, String> desc = DESCRIPTIONS;
    List<Category> cats = new ArrayList<>();
    List<List<String>> tokens = new ArrayList<>();
    List<String> texts = new ArrayList<>();
    Taxonomy tax = Taxonomy.standard();
    for (Category c : tax.all()) {
      if (c.isPrimary()) {
        continue;
      }
      String text = tax.label(c) + " " + desc.getOrDefault(c.code(), "");
      cats.add(c);
      tokens.add(BankText.tokens(text));
      texts.add(text.toLowerCase(Locale.ROOT));
    }
    TfidfVectorizer v = TfidfVectorizer.fit(tokens, 50_000);
    SparseVector[] docs = new SparseVector[cats.size()];
    for (int i = 0; i < docs.length; i++) {
      docs[i] = v.transform(tokens.get(i));
    }
    float[][] de = embeddings == null ? null : embeddings.embed(texts);
    return new ZeroShotModel(MerchantLexicon.shipped(), List.copyOf(cats), v, docs, de, embeddings);
  }

  /**
   * The text that stands for a label: for a standard category its taxonomy label and shipped
   * description (what the zero-shot categorizer compares descriptions with); for any other label
   * its own words (underscores as spaces, lower case), plus its primary group's words when they differ.
   *
   * @param label the label
   * @return lower-case text, never empty for a valid category
   */
  public static String describe(Category label) {
    Taxonomy tax = Taxonomy.standard();
    StringBuilder b = new StringBuilder();
    Optional<Category> known = tax.find(label.code());
    if (known.isPresent()) {
      b.append(tax.label(known.get())).append(' ').append(DESCRIPTIONS.getOrDefault(label.code(), ""));
    } else {
      b.append(label.code().replace('_', ' '));
    }
    if (!label.primary().equals(label.code())) {
      Optional<Category> p = tax.find(label.primary());
      b.append(' ').append(p.isPresent() ? tax.label(p.get()) : label.primary().replace('_', ' '));
    }
    return b.toString().toLowerCase(Locale.ROOT).trim();
  }

  private static final Map<String, String> DESCRIPTIONS = descriptions();

  private static Map<String, String> descriptions() {
    Map<String, String> out = new LinkedHashMap<>();
    try (InputStream in = ZeroShotModel.class.getResourceAsStream("category-descriptions.csv")) {
      if (in == null) {
        throw new IllegalStateException("resource dev/pfms/ml/zeroshot/category-descriptions.csv is missing");
      }
      BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      String line;
      while ((line = r.readLine()) != null) {
        if (line.isBlank() || line.startsWith("#") || line.startsWith("code,")) {
          continue;
        }
        int comma = line.indexOf(',');
        out.put(line.substring(0, comma).trim(), line.substring(comma + 1).trim());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  /**
   * Whether sentence embeddings are used.
   *
   * @return true with the DJL engine
   */
  public boolean usesEmbeddings() {
    return embeddings != null;
  }

  /**
   * Guesses the categories of a batch.
   *
   * @param batch the transactions
   * @return one guess per transaction, in order
   */
  public List<Guess> guess(List<Transaction> batch) {
    List<Guess> out = new ArrayList<>(batch.size());
    List<Integer> open = new ArrayList<>();
    for (int i = 0; i < batch.size(); i++) {
      Transaction t = batch.get(i);
      List<String> tokens = BankText.tokens(t.description());
      Optional<MerchantLexicon.Match> m = lexicon.match(tokens, t.amount().amount().signum());
      if (m.isPresent()) {
        out.add(new Guess(m.get().category(), LEXICON_CONFIDENCE, true, "merchant lexicon: '" + m.get().phrase()
            + "' is " + m.get().category().code()));
      } else {
        out.add(null);
        open.add(i);
      }
    }
    if (open.isEmpty()) {
      return out;
    }
    float[][] qe = null;
    if (embeddings != null) {
      List<String> texts = new ArrayList<>(open.size());
      for (int i : open) {
        String d = batch.get(i).description();
        texts.add(BankText.embeddingText(d, BankText.tokens(d)));
      }
      qe = embeddings.embed(texts);
    }
    double[] score = new double[categories.size()];
    for (int k = 0; k < open.size(); k++) {
      int i = open.get(k);
      Transaction t = batch.get(i);
      boolean in = t.amount().amount().signum() > 0;
      SparseVector q = vectorizer.transform(BankText.tokens(t.description()));
      int best = -1;
      double max = Double.NEGATIVE_INFINITY;
      for (int c = 0; c < score.length; c++) {
        if (!allowed(categories.get(c), in)) {
          score[c] = Double.NEGATIVE_INFINITY;
          continue;
        }
        double s = q.dot(docs[c]);
        if (qe != null) {
          s = 0.5 * s + OptionalEmbeddings.cosine(qe[k], docEmbeddings[c]);
        }
        score[c] = s;
        if (s > max) {
          max = s;
          best = c;
        }
      }
      double sum = 0;
      for (double s : score) {
        sum += s == Double.NEGATIVE_INFINITY ? 0 : Math.exp(SIMILARITY_SHARPNESS * (s - max));
      }
      double conf = 1.0 / sum;
      Category c = categories.get(best);
      out.set(i, new Guess(c, conf, false, String.format(Locale.ROOT,
          "no labels: closest category description is %s (%s similarity %.2f)", c.code(),
          qe != null ? "embedding + TF-IDF" : "TF-IDF", max)));
    }
    return out;
  }

  private static boolean allowed(Category c, boolean moneyIn) {
    boolean inward = c.primary().equals("INCOME") || c.primary().equals("TRANSFER_IN");
    return moneyIn == inward;
  }
}
