package dev.pfms.core.ingest.internal;

import dev.pfms.api.IngestException;
import dev.pfms.api.spi.IngestSource;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Charset detection for bank exports: a byte-order mark decides; else bytes that are valid UTF-8
 * are UTF-8; else the file is read as Windows-1252 (a superset of ISO-8859-1 for printable
 * characters, which is what European banks export). Stateless.
 */
public final class Texts {

  /** Windows-1252. */
  public static final Charset WINDOWS_1252 = Charset.forName("windows-1252");

  private Texts() {}

  /** A detected charset and the length of the byte-order mark to skip. */
  public record Detected(Charset charset, int bomLength) {}

  /**
   * Detects the charset of a head of bytes.
   *
   * @param head the first bytes (a multi-byte sequence cut at the end is tolerated)
   * @return the charset and BOM length
   */
  public static Detected detect(byte[] head) {
    if (head.length >= 4 && (head[0] & 0xff) == 0xff && (head[1] & 0xff) == 0xfe && head[2] == 0 && head[3] == 0) {
      return new Detected(Charset.forName("UTF-32LE"), 4);
    }
    if (head.length >= 4 && head[0] == 0 && head[1] == 0 && (head[2] & 0xff) == 0xfe && (head[3] & 0xff) == 0xff) {
      return new Detected(Charset.forName("UTF-32BE"), 4);
    }
    if (head.length >= 3 && (head[0] & 0xff) == 0xef && (head[1] & 0xff) == 0xbb && (head[2] & 0xff) == 0xbf) {
      return new Detected(StandardCharsets.UTF_8, 3);
    }
    if (head.length >= 2 && (head[0] & 0xff) == 0xff && (head[1] & 0xff) == 0xfe) {
      return new Detected(StandardCharsets.UTF_16LE, 2);
    }
    if (head.length >= 2 && (head[0] & 0xff) == 0xfe && (head[1] & 0xff) == 0xff) {
      return new Detected(StandardCharsets.UTF_16BE, 2);
    }
    Charset wide = wideWithoutBom(head);
    if (wide != null) {
      return new Detected(wide, 0);
    }
    if (isUtf8(head)) {
      return new Detected(StandardCharsets.UTF_8, 0);
    }
    long[] st = utf8Stats(head);
    // mostly UTF-8 with a few broken bytes: UTF-8, the broken bytes become U+FFFD (and are reported)
    return new Detected(st[0] > st[1] ? StandardCharsets.UTF_8 : WINDOWS_1252, 0);
  }

  /**
   * Counts valid multi-byte UTF-8 sequences and invalid bytes.
   *
   * @param b the bytes
   * @return {valid multi-byte sequences, invalid bytes, 1-based line of the first invalid byte (0 if none)}
   */
  public static long[] utf8Stats(byte[] b) {
    long valid = 0;
    long invalid = 0;
    long firstBadLine = 0;
    long line = 1;
    int n = b.length;
    int i = 0;
    while (i < n) {
      int c = b[i] & 0xff;
      if (c == '\n') {
        line++;
      }
      if (c < 0x80) {
        i++;
        continue;
      }
      int need = c >= 0xc2 && c <= 0xdf ? 1 : c >= 0xe0 && c <= 0xef ? 2 : c >= 0xf0 && c <= 0xf4 ? 3 : -1;
      if (need > 0 && i + need >= n) {
        break; // a sequence cut by the end of a head is not judged
      }
      boolean ok = need > 0;
      for (int k = 1; ok && k <= need; k++) {
        ok = (b[i + k] & 0xc0) == 0x80;
      }
      if (ok) {
        valid++;
        i += need + 1;
      } else {
        invalid++;
        if (firstBadLine == 0) {
          firstBadLine = line;
        }
        i++;
      }
    }
    return new long[] {valid, invalid, firstBadLine};
  }

  /**
   * A whole document decoded, with the line of the first byte that its charset could not decode.
   *
   * @param text the text, BOM skipped
   * @param charset the charset used
   * @param badLine the 1-based line of the first undecodable byte (now U+FFFD), or 0
   */
  public record Decoded(String text, Charset charset, long badLine) {}

  /**
   * Decodes a whole document: charset as {@link #detect}, judged on all of it.
   *
   * @param bytes the document
   * @return the text and what could not be decoded
   */
  public static Decoded decodeDocument(byte[] bytes) {
    Detected d = detect(bytes);
    String text = decode(bytes, d);
    long bad = 0;
    if (d.charset().equals(StandardCharsets.UTF_8) && text.indexOf('\ufffd') >= 0) {
      bad = utf8Stats(bytes)[2];
    }
    return new Decoded(text, d.charset(), bad);
  }

  /**
   * UTF-16 or UTF-32 text without a byte-order mark, told by where its NUL bytes fall: ASCII text
   * in UTF-16LE has a NUL at every odd offset, in UTF-16BE at every even one; UTF-32 has three
   * in every four bytes.
   */
  private static Charset wideWithoutBom(byte[] head) {
    int n = Math.min(head.length, 4096) & ~3;
    if (n < 8) {
      return null;
    }
    int[] zeros = new int[4];
    int total = 0;
    for (int i = 0; i < n; i++) {
      if (head[i] == 0) {
        zeros[i & 3]++;
        total++;
      }
    }
    if (total == 0) {
      return null;
    }
    int quarter = n / 4;
    if (zeros[1] > quarter * 0.9 && zeros[2] > quarter * 0.9 && zeros[3] > quarter * 0.9 && zeros[0] < quarter / 10) {
      return Charset.forName("UTF-32LE");
    }
    if (zeros[0] > quarter * 0.9 && zeros[1] > quarter * 0.9 && zeros[2] > quarter * 0.9 && zeros[3] < quarter / 10) {
      return Charset.forName("UTF-32BE");
    }
    int even = zeros[0] + zeros[2];
    int odd = zeros[1] + zeros[3];
    if (odd > n / 2 * 0.8 && even < n / 20) {
      return StandardCharsets.UTF_16LE;
    }
    if (even > n / 2 * 0.8 && odd < n / 20) {
      return StandardCharsets.UTF_16BE;
    }
    return null;
  }

  /**
   * Where a stream stops being valid UTF-8, scanning all of it in constant memory.
   *
   * @param in the bytes (not closed)
   * @return the 1-based line of the first byte that is not UTF-8, or 0 when all of it is
   * @throws IOException when reading fails
   */
  public static long firstNonUtf8Line(InputStream in) throws IOException {
    byte[] buf = new byte[1 << 16];
    long line = 1;
    int need = 0;
    int r;
    while ((r = in.read(buf)) > 0) {
      int i = 0;
      for (; i < r; i++) {
        if (need == 0) {
          // eight ASCII bytes at a time: only their line breaks matter
          while (i + 8 <= r) {
            long w = (long) LONGS.get(buf, i);
            if ((w & 0x8080808080808080L) != 0) {
              break;
            }
            line += newlines(w);
            i += 8;
          }
          if (i >= r) {
            break;
          }
        }
        int b = buf[i] & 0xff;
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
    }
    return need > 0 ? line : 0;
  }

  private static final java.lang.invoke.VarHandle LONGS = java.lang.invoke.MethodHandles.byteArrayViewVarHandle(
      long[].class, java.nio.ByteOrder.LITTLE_ENDIAN);

  /** The '\n' bytes among eight bytes that are all below 0x80. */
  private static int newlines(long w) {
    long x = w ^ 0x0a0a0a0a0a0a0a0aL; // a '\n' byte becomes 0; every byte stays below 0x80
    return Long.bitCount(~(x + 0x7f7f7f7f7f7f7f7fL) & 0x8080808080808080L);
  }

  /**
   * Whether bytes are valid UTF-8, tolerating a sequence cut at the very end.
   *
   * @param b the bytes
   * @return true when valid
   */
  public static boolean isUtf8(byte[] b) {
    int n = b.length;
    int cut = n;
    // don't judge a multi-byte sequence cut by the head limit
    for (int k = 1; k <= 3 && n - k >= 0; k++) {
      int c = b[n - k] & 0xff;
      if (c >= 0xc0) {
        cut = n - k;
        break;
      }
      if (c < 0x80) {
        break;
      }
    }
    CharsetDecoder d = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
    try {
      d.decode(ByteBuffer.wrap(b, 0, cut));
      return true;
    } catch (CharacterCodingException e) {
      return false;
    }
  }

  /**
   * Decodes a head of bytes for detection, skipping the BOM.
   *
   * @param head the bytes
   * @param detected the charset
   * @return the text
   */
  public static String decode(byte[] head, Detected detected) {
    return new String(head, detected.bomLength(), head.length - detected.bomLength(), detected.charset());
  }

  /** The largest document a whole-document ingestor reads into memory. */
  public static final int MAX_DOCUMENT_BYTES = 256 * 1024 * 1024;

  /**
   * Reads a whole document, refusing one larger than {@link #MAX_DOCUMENT_BYTES}.
   *
   * @param source the source
   * @param kind what the source should be, for the error ("a statement", "a QIF file")
   * @return its bytes
   * @throws IngestException naming the source when it is too large
   * @throws UncheckedIOException when it cannot be read
   */
  public static byte[] readDocument(IngestSource source, String kind) {
    byte[] bytes;
    try (InputStream in = source.open()) {
      bytes = in.readNBytes(MAX_DOCUMENT_BYTES + 1);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + source.name() + ": " + e.getMessage(), e);
    }
    if (bytes.length > MAX_DOCUMENT_BYTES) {
      throw new IngestException(source.name(), 0, null,
          "larger than " + (MAX_DOCUMENT_BYTES >> 20) + " MiB: not " + kind);
    }
    return bytes;
  }
}
