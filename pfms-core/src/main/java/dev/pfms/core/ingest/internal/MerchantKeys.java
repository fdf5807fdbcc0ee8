package dev.pfms.core.ingest.internal;

import dev.pfms.api.model.Merchants;

/**
 * {@link Merchants#normalize} with a small cache per thread: most rows of a statement repeat a merchant,
 * and the descriptions of one merchant usually differ only in their digits (store and card numbers,
 * dates, references), so the cache is keyed by the description's <em>shape</em> — every ASCII digit
 * written as {@code 0}.
 *
 * <p>That is exact: every pattern of {@code normalize} tells digits apart from other characters but
 * never one digit from another, and a key that keeps any merchant word keeps no digit (tokens with
 * digits are dropped). Only the fallback for a description with no merchant word (the whole
 * description, digits included, upper-cased) depends on the digits; a result that contains a digit is
 * therefore never shared between descriptions (it is cached only for a description without digits,
 * whose shape is itself).
 *
 * <p>The cache is direct-mapped ({@value #SLOTS} slots per thread, a slot chosen by the shape's hash, a
 * collision replaces the slot), holds only descriptions of at most {@value #MAX_CHARS} characters, and so
 * stays bounded whatever is read. Thread-safe (one cache per thread).
 */
public final class MerchantKeys {

  /** Slots per thread. */
  static final int SLOTS = 16384;
  /** Longer descriptions are not cached. */
  static final int MAX_CHARS = 160;

  /** One thread's slots: the hash of each slot's shape is kept apart so a miss reads no string. */
  private static final class Slots {
    final int[] hashes = new int[SLOTS];
    final String[] entries = new String[SLOTS * 2];
  }

  private static final ThreadLocal<Slots> CACHE = ThreadLocal.withInitial(Slots::new);

  private MerchantKeys() {}

  /**
   * The merchant key of a description, as {@link Merchants#normalize} computes it.
   *
   * @param description the raw description
   * @return the merchant key
   */
  public static String normalize(String description) {
    if (description.length() > MAX_CHARS) {
      return Merchants.normalize(description);
    }
    Slots c = CACHE.get();
    int n = description.length();
    int h = 0; // the shape's String.hashCode, without making the shape
    for (int i = 0; i < n; i++) {
      char ch = description.charAt(i);
      h = 31 * h + (ch >= '1' && ch <= '9' ? '0' : ch);
    }
    int slot = (h ^ (h >>> 16)) & (SLOTS - 1);
    if (c.hashes[slot] == h) {
      String k = c.entries[slot << 1];
      if (k != null && sameShape(k, description)) {
        return c.entries[(slot << 1) + 1];
      }
    }
    String v = Merchants.normalize(description);
    if (hasDigit(v)) {
      return v; // the fallback kept this description's own digits: not the key of its shape
    }
    c.hashes[slot] = h;
    c.entries[slot << 1] = shape(description);
    c.entries[(slot << 1) + 1] = v;
    return v;
  }

  /** The description with every ASCII digit written as '0' (the same string when it has none). */
  static String shape(String d) {
    int n = d.length();
    int i = 0;
    while (i < n && (d.charAt(i) < '1' || d.charAt(i) > '9')) {
      i++;
    }
    if (i == n) {
      return d;
    }
    char[] out = new char[n];
    d.getChars(0, n, out, 0);
    for (; i < n; i++) {
      char ch = out[i];
      if (ch >= '1' && ch <= '9') {
        out[i] = '0';
      }
    }
    return new String(out);
  }

  /** Whether {@code shape} is {@link #shape}{@code (d)}. */
  private static boolean sameShape(String shape, String d) {
    int n = d.length();
    if (shape.length() != n) {
      return false;
    }
    for (int i = 0; i < n; i++) {
      char ch = d.charAt(i);
      if (shape.charAt(i) != (ch >= '1' && ch <= '9' ? '0' : ch)) {
        return false;
      }
    }
    return true;
  }

  private static boolean hasDigit(String s) {
    for (int i = 0; i < s.length(); i++) {
      char ch = s.charAt(i);
      if (ch >= '0' && ch <= '9') {
        return true;
      }
    }
    return false;
  }
}
