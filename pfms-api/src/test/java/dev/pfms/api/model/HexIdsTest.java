package dev.pfms.api.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;

class HexIdsTest {

  /** The reference: the id is 32 lower-case hex digits, parsed by {@link HexFormat}. */
  private static boolean reference(String id) {
    return id.length() == 32 && id.chars().allMatch(c -> c >= '0' && c <= '9' || c >= 'a' && c <= 'f');
  }

  @Test
  void parseIntoAgreesWithHexFormatAndRoundTrips() {
    Random r = new Random(23);
    HexFormat hex = HexFormat.of();
    String alphabet = "0123456789abcdefABCDEFgz/:`@G \u00e9";
    long[] hi = new long[1];
    long[] lo = new long[1];
    for (int n = 0; n < 200_000; n++) {
      String id;
      if (n % 2 == 0) {
        id = hex.toHexDigits(r.nextLong()) + hex.toHexDigits(r.nextLong());
      } else {
        StringBuilder b = new StringBuilder(hex.toHexDigits(r.nextLong()) + hex.toHexDigits(r.nextLong()));
        int edits = 1 + r.nextInt(2);
        for (int e = 0; e < edits; e++) {
          int at = r.nextInt(b.length());
          switch (r.nextInt(3)) {
            case 0 -> b.setCharAt(at, alphabet.charAt(r.nextInt(alphabet.length())));
            case 1 -> b.deleteCharAt(at);
            default -> b.insert(at, alphabet.charAt(r.nextInt(16)));
          }
        }
        id = b.toString();
      }
      hi[0] = 7;
      lo[0] = 9;
      boolean parsed = HexIds.parseInto(id, hi, lo, 0);
      assertThat(parsed).as(id).isEqualTo(reference(id));
      long[] halves = {7, 9};
      assertThat(TransactionIds.halves(id, halves)).isEqualTo(parsed);
      assertThat(halves).containsExactly(hi[0], lo[0]);
      if (parsed) {
        assertThat(hi[0]).isEqualTo(hex.fromHexDigitsToLong(id, 0, 16));
        assertThat(lo[0]).isEqualTo(hex.fromHexDigitsToLong(id, 16, 32));
        assertThat(HexIds.id(hi[0], lo[0])).isEqualTo(id);
      } else {
        assertThat(hi[0]).isEqualTo(7);
        assertThat(lo[0]).isEqualTo(9);
      }
    }
  }
}
