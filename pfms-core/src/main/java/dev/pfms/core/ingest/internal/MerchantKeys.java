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

  /** One thread's slots: the hash of each slot's description is kept apart so a miss reads no string. */
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
    int h = description.hashCode();
    int slot = (h ^ (h >>> 16)) & (SLOTS - 1);
    if (c.hashes[slot] == h) {
      String k = c.entries[slot << 1];
      if (k != null && k.equals(description)) {
        return c.entries[(slot << 1) + 1];
      }
    }
    String v = Merchants.normalize(description);
    c.hashes[slot] = h;
    c.entries[slot << 1] = description;
    c.entries[(slot << 1) + 1] = v;
    return v;
  }
}
