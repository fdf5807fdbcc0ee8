package dev.pfms.core.ingest.internal;

import dev.pfms.api.model.Merchants;

/**
 * {@link Merchants#normalize} with a small cache per thread: most rows of a statement repeat a merchant
 * description word for word, so the key of a description seen a moment ago is looked up instead of
 * computed again. The cache is direct-mapped ({@value #SLOTS} slots per thread, a slot chosen by the
 * description's hash, a collision replaces the slot), holds only descriptions of at most
 * {@value #MAX_CHARS} characters, and so stays bounded whatever is read (at most ~{@value #SLOTS} ×
 * 2 short strings per thread). The results are exactly those of {@link Merchants#normalize}, which is
 * a pure function of its argument. Thread-safe (one cache per thread).
 */
public final class MerchantKeys {

  /** Slots per thread. */
  static final int SLOTS = 4096;
  /** Longer descriptions are not cached. */
  static final int MAX_CHARS = 160;

  private static final ThreadLocal<String[]> CACHE = ThreadLocal.withInitial(() -> new String[SLOTS * 2]);

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
    String[] c = CACHE.get();
    int h = description.hashCode();
    int slot = ((h ^ (h >>> 16)) & (SLOTS - 1)) << 1;
    String k = c[slot];
    if (k != null && k.equals(description)) {
      return c[slot + 1];
    }
    String v = Merchants.normalize(description);
    c[slot] = description;
    c[slot + 1] = v;
    return v;
  }
}
