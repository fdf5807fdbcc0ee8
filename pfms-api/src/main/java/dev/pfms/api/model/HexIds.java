package dev.pfms.api.model;

import java.util.HexFormat;

/**
 * Transaction ids as two {@code long}s: what {@link TransactionIds} makes (32 lower-case hex digits)
 * is kept compactly by the compact lists; any other id is kept as it is by the caller.
 */
final class HexIds {

  private static final HexFormat HEX = HexFormat.of();

  private HexIds() {}

  /**
   * Parses an id of exactly 32 lower-case hex digits into {@code hi[i]} (its first 16 digits) and
   * {@code lo[i]} (the last 16); leaves both untouched and returns false for any other id.
   */
  static boolean parseInto(String id, long[] hi, long[] lo, int i) {
    long[] halves = new long[2]; // scalar-replaced once inlined
    if (!parse(id, halves)) {
      return false;
    }
    hi[i] = halves[0];
    lo[i] = halves[1];
    return true;
  }

  /** {@link #parseInto} into {@code out[0]} and {@code out[1]}, in one pass over the id. */
  static boolean parse(String id, long[] out) {
    if (id.length() != 32) {
      return false;
    }
    long h = 0;
    long l = 0;
    for (int k = 0; k < 16; k++) {
      int a = digit(id.charAt(k));
      int b = digit(id.charAt(k + 16));
      if ((a | b) < 0) {
        return false;
      }
      h = h << 4 | a;
      l = l << 4 | b;
    }
    out[0] = h;
    out[1] = l;
    return true;
  }

  /** The value of a lower-case hex digit, or -1. */
  private static int digit(char c) {
    return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
  }

  /** The id back from its two halves. */
  static String id(long hi, long lo) {
    return HEX.toHexDigits(hi) + HEX.toHexDigits(lo);
  }
}
