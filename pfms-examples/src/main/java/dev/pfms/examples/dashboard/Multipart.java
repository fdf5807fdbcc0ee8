package dev.pfms.examples.dashboard;

import dev.pfms.api.IngestException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Just enough of {@code multipart/form-data} (RFC 7578) to take the first file of a form. */
final class Multipart {

  private static final Pattern BOUNDARY = Pattern.compile("boundary=\"?([^\";]{1,70})\"?");
  private static final Pattern FILENAME = Pattern.compile("filename=\"([^\"]*)\"");

  private Multipart() {}

  /**
   * A file part.
   *
   * @param filename the file name the client sent
   * @param content the bytes
   */
  record Part(String filename, byte[] content) {}

  /**
   * The first part that carries a file name.
   *
   * @param body the request body
   * @param contentType the request's content type (holds the boundary)
   * @return the part
   * @throws IngestException when the body is not a form with a file
   */
  static Part firstFile(byte[] body, String contentType) {
    Matcher m = BOUNDARY.matcher(contentType);
    if (!m.find()) {
      throw new IngestException("upload", 0, null, "multipart request without a boundary");
    }
    byte[] delimiter = ("--" + m.group(1)).getBytes(StandardCharsets.ISO_8859_1);
    int pos = indexOf(body, delimiter, 0);
    while (pos >= 0) {
      int headersStart = pos + delimiter.length;
      if (headersStart + 2 <= body.length && body[headersStart] == '-' && body[headersStart + 1] == '-') {
        break; // closing delimiter
      }
      int headersEnd = indexOf(body, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), headersStart);
      if (headersEnd < 0) {
        break;
      }
      String headers = new String(body, headersStart, headersEnd - headersStart, StandardCharsets.UTF_8);
      int next = indexOf(body, ("\r\n" + new String(delimiter, StandardCharsets.ISO_8859_1))
          .getBytes(StandardCharsets.ISO_8859_1), headersEnd + 4);
      if (next < 0) {
        break;
      }
      Matcher f = FILENAME.matcher(headers);
      if (f.find()) {
        return new Part(f.group(1), Arrays.copyOfRange(body, headersEnd + 4, next));
      }
      pos = next + 2;
    }
    throw new IngestException("upload", 0, null, "the form holds no file part");
  }

  private static int indexOf(byte[] hay, byte[] needle, int from) {
    outer:
    for (int i = Math.max(0, from); i <= hay.length - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (hay[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
