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
    if (head.length >= 3 && (head[0] & 0xff) == 0xef && (head[1] & 0xff) == 0xbb && (head[2] & 0xff) == 0xbf) {
      return new Detected(StandardCharsets.UTF_8, 3);
    }
    if (head.length >= 2 && (head[0] & 0xff) == 0xff && (head[1] & 0xff) == 0xfe) {
      return new Detected(StandardCharsets.UTF_16LE, 2);
    }
    if (head.length >= 2 && (head[0] & 0xff) == 0xfe && (head[1] & 0xff) == 0xff) {
      return new Detected(StandardCharsets.UTF_16BE, 2);
    }
    return new Detected(isUtf8(head) ? StandardCharsets.UTF_8 : WINDOWS_1252, 0);
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
