package dev.pfms.core.ingest.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link Texts#firstNonUtf8Line} with its eight-bytes-at-a-time ASCII path (issue 18) names the same
 * line as a byte-by-byte scan, wherever the bad byte and the line breaks fall, across read sizes.
 */
class Utf8ScanTest {

  /** The byte-by-byte scan it replaced. */
  static long reference(byte[] buf) {
    long line = 1;
    int need = 0;
    for (byte x : buf) {
      int b = x & 0xff;
      if (need > 0) {
        if ((b & 0xc0) != 0x80) {
          return line;
        }
        need--;
        continue;
      }
      if (b == '\n') {
        line++;
      } else if (b >= 0x80) {
        if (b >= 0xc2 && b <= 0xdf) {
          need = 1;
        } else if (b >= 0xe0 && b <= 0xef) {
          need = 2;
        } else if (b >= 0xf0 && b <= 0xf4) {
          need = 3;
        } else {
          return line;
        }
      }
    }
    return need > 0 ? line : 0;
  }

  @Test
  void sameLineAsAByteByByteScan() throws IOException {
    Random r = new Random(21);
    byte[][] pieces = {{'a'}, {'\n'}, {'x', 'y', 'z', ','}, {(byte) 0xc3, (byte) 0xa9}, {(byte) 0xe2, (byte) 0x82,
        (byte) 0xac}, {'\r', '\n'}, {(byte) 0x0b}, {(byte) 0x8a}, {(byte) 0xc3}};
    for (int run = 0; run < 3000; run++) {
      java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
      int n = r.nextInt(400);
      boolean clean = r.nextBoolean();
      for (int i = 0; i < n; i++) {
        byte[] p = pieces[r.nextInt(clean ? 7 : pieces.length)];
        out.write(p, 0, p.length);
      }
      byte[] bytes = out.toByteArray();
      int chunk = 1 + r.nextInt(70);
      InputStream in = new ByteArrayInputStream(bytes) {
        @Override
        public synchronized int read(byte[] b, int off, int len) {
          return super.read(b, off, Math.min(len, chunk));
        }
      };
      assertThat(Texts.firstNonUtf8Line(in)).as("run " + run).isEqualTo(reference(bytes));
    }
  }
}
