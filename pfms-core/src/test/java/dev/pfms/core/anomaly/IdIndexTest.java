package dev.pfms.core.anomaly;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class IdIndexTest {

  @Test
  void agreesWithAHashMapOnHexOddAndRepeatedIds() {
    Random r = new Random(17);
    HexFormat hex = HexFormat.of();
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 50_000; i++) {
      int kind = r.nextInt(10);
      String id = switch (kind) {
        case 0 -> "acct-" + r.nextInt(2_000); // odd ids, some repeated
        case 1 -> hex.toHexDigits(r.nextLong()).toUpperCase() + hex.toHexDigits(r.nextLong()); // upper case: odd
        case 2 -> hex.toHexDigits(r.nextLong()); // 16 digits: odd
        case 3 -> ids.isEmpty() ? "x" : ids.get(r.nextInt(ids.size())); // a repeat
        case 4 -> hex.toHexDigits(r.nextInt(50)) + hex.toHexDigits(0L); // few distinct, high half varies little
        default -> hex.toHexDigits(r.nextLong()) + hex.toHexDigits(r.nextLong());
      };
      ids.add(id);
    }
    IdIndex index = new IdIndex(3); // grows from a small start
    Map<String, Integer> reference = new HashMap<>();
    for (int i = 0; i < ids.size(); i++) {
      index.putIfAbsent(ids.get(i), i);
      reference.putIfAbsent(ids.get(i), i);
    }
    assertThat(index.size()).isEqualTo(reference.size());
    for (String id : ids) {
      assertThat(index.get(id)).isEqualTo(reference.get(id));
    }
    for (int i = 0; i < 10_000; i++) {
      String absent = hex.toHexDigits(r.nextLong()) + hex.toHexDigits(r.nextLong());
      assertThat(index.get(absent)).isEqualTo(reference.getOrDefault(absent, -1));
    }
    assertThat(index.get("")).isEqualTo(-1);
    List<Map.Entry<String, Integer>> expected = new ArrayList<>(reference.entrySet());
    expected.sort(Map.Entry.comparingByValue());
    assertThat(index.entriesByPosition()).isEqualTo(expected);
  }
}
