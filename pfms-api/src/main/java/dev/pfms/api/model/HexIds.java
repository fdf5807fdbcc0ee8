package dev.pfms.api.model;

import java.util.HexFormat;

/**
 * Transaction ids as two {@code long}s: what {@link TransactionIds} makes (32 lower-case hex digits)
 * is kept compactly by the compact lists; any other id is kept as it is by the caller.
 */
final class HexIds {

  private static final HexFormat HEX = HexFormat.of();

  private HexIds() {}

  /** Whether an id is exactly 32 lower-case hex digits. */
  static boolean compact(String id) {
    if (id.length() != 32) {
      return false;
    }
    for (int k = 0; k < 32; k++) {
      char c = id.charAt(k);
      if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
        return false;
      }
    }
    return true;
  }

  /** The first 16 hex digits of a {@link #compact} id. */
  static long hi(String id) {
    return HEX.fromHexDigitsToLong(id, 0, 16);
  }

  /** The last 16 hex digits of a {@link #compact} id. */
  static long lo(String id) {
    return HEX.fromHexDigitsToLong(id, 16, 32);
  }

  /** The id back from its two halves. */
  static String id(long hi, long lo) {
    return HEX.toHexDigits(hi) + HEX.toHexDigits(lo);
  }
}
