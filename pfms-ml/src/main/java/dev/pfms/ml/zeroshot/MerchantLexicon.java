package dev.pfms.ml.zeroshot;

import dev.pfms.api.model.Category;
import dev.pfms.api.model.Taxonomy;
import dev.pfms.ml.text.BankText;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Common merchant and bank-statement phrases mapped to standard categories, shipped as two resources
 * (their headers document where they come from): {@code dev/pfms/ml/zeroshot/merchant-lexicon.csv},
 * written by hand, and {@code brand-lexicon.csv}, about 14,500 brand names of shops, restaurants, fuel
 * stations, services, car parks and transport networks worldwide, generated from the OpenStreetMap
 * name-suggestion-index (BSD-3-Clause) by {@code tools/lexicon/nsi_brand_lexicon.py}. On a tie of length
 * the hand-written phrase wins.
 *
 * <p>A phrase matches when its tokens occur contiguously in a description's tokens
 * ({@link BankText#tokens}); entries can be limited to money in or money out. The longest matching
 * phrase wins; ties go to the earlier entry. Immutable and thread-safe.
 */
public final class MerchantLexicon {

  /** One lexicon entry. */
  record Entry(List<String> tokens, String phrase, Category category, int sign, int line) {}

  /** A lexicon match. @param category the category @param phrase the phrase that matched */
  public record Match(Category category, String phrase) {}

  private final Map<String, List<Entry>> byFirstToken;
  private final int size;

  private MerchantLexicon(Map<String, List<Entry>> byFirstToken, int size) {
    this.byFirstToken = byFirstToken;
    this.size = size;
  }

  private static final class Holder {
    static final MerchantLexicon SHIPPED = load();
  }

  /**
   * The shipped lexicon.
   *
   * @return the lexicon
   */
  public static MerchantLexicon shipped() {
    return Holder.SHIPPED;
  }

  /** Resources read, in order: a phrase of an earlier one wins a tie of length over a later one's. */
  private static final List<String> RESOURCES = List.of("merchant-lexicon.csv", "brand-lexicon.csv");
  /** Lines of a later resource are numbered after every line of an earlier one. */
  private static final int RESOURCE_LINES = 10_000_000;

  private static MerchantLexicon load() {
    Map<String, List<Entry>> map = new HashMap<>();
    int count = 0;
    for (int r = 0; r < RESOURCES.size(); r++) {
      count += load(RESOURCES.get(r), r * RESOURCE_LINES, map);
    }
    return new MerchantLexicon(map, count);
  }

  private static int load(String resource, int firstLine, Map<String, List<Entry>> map) {
    int count = 0;
    try (InputStream in = MerchantLexicon.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("resource dev/pfms/ml/zeroshot/" + resource + " is missing");
      }
      BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      String line;
      int no = 0;
      while ((line = r.readLine()) != null) {
        no++;
        if (line.isBlank() || line.startsWith("#") || line.startsWith("phrase,")) {
          continue;
        }
        String[] f = line.split(",");
        if (f.length != 3) {
          throw new IllegalStateException(resource + ":" + no + ": expected phrase,category,sign");
        }
        Category c = Taxonomy.standard().find(f[1].trim()).orElseThrow(
            () -> new IllegalStateException(resource + ":" + f[1] + " is not a standard category"));
        int sign = switch (f[2].trim()) {
          case "in" -> 1;
          case "out" -> -1;
          case "any" -> 0;
          default -> throw new IllegalStateException(resource + ":" + line + ": sign must be in, out or any");
        };
        List<String> tokens = BankText.tokens(f[0]);
        if (tokens.isEmpty()) {
          throw new IllegalStateException(resource + ":" + line + ": phrase has no tokens");
        }
        map.computeIfAbsent(tokens.get(0), k -> new ArrayList<>())
            .add(new Entry(tokens, f[0].trim(), c, sign, firstLine + no));
        count++;
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return count;
  }

  /** Whether the entry's tokens follow at {@code i} (its first token is known to match). */
  private static boolean matchesAt(List<String> tokens, int i, Entry e) {
    List<String> et = e.tokens();
    for (int k = 1; k < et.size(); k++) {
      if (!et.get(k).equals(tokens.get(i + k))) {
        return false;
      }
    }
    return true;
  }

  /**
   * Number of entries.
   *
   * @return the size
   */
  public int size() {
    return size;
  }

  /**
   * The best match for a description.
   *
   * @param description the raw description
   * @param amount the signed amount (negative = money out)
   * @return the match, if any phrase matches
   */
  public Optional<Match> match(String description, BigDecimal amount) {
    return match(BankText.tokens(description), amount.signum());
  }

  Optional<Match> match(List<String> tokens, int signum) {
    Entry best = null;
    for (int i = 0; i < tokens.size(); i++) {
      List<Entry> es = byFirstToken.get(tokens.get(i));
      if (es == null) {
        continue;
      }
      for (Entry e : es) {
        if (e.sign() != 0 && e.sign() != (signum < 0 ? -1 : 1)) {
          continue;
        }
        int len = e.tokens().size();
        if (i + len > tokens.size() || (best != null && len < best.tokens().size()) || !matchesAt(tokens, i, e)) {
          continue;
        }
        if (best == null || len > best.tokens().size() || (len == best.tokens().size() && e.line() < best.line())) {
          best = e;
        }
      }
    }
    return best == null ? Optional.empty() : Optional.of(new Match(best.category(), best.phrase()));
  }
}
