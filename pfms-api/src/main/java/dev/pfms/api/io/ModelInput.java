package dev.pfms.api.io;

import dev.pfms.api.ModelException;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;

/**
 * Bounded reading of one verified model file, in the big-endian layout of
 * {@link java.io.DataOutputStream} (what {@link ModelOutput} writes). Every count read from the
 * file is checked against the bytes that remain before anything is allocated, so a corrupt or
 * hostile file fails with a {@link ModelException} naming the file and byte offset, never with
 * {@code OutOfMemoryError} or {@code NegativeArraySizeException}. Not thread-safe.
 */
public final class ModelInput {

  private final String file;
  private final int length;
  private final ByteArrayInputStream bytes;
  private final DataInputStream in;

  ModelInput(String file, byte[] content) {
    this.file = file;
    this.length = content.length;
    this.bytes = new ByteArrayInputStream(content);
    this.in = new DataInputStream(bytes);
  }

  /**
   * Reads a whole file's content; for tests and for formats read from memory.
   *
   * @param file the name used in error messages
   * @param content the bytes
   * @return the input
   */
  public static ModelInput of(String file, byte[] content) {
    return new ModelInput(file, content.clone());
  }

  /**
   * The bytes not read yet.
   *
   * @return the count
   */
  public int remaining() {
    return bytes.available();
  }

  private int offset() {
    return length - bytes.available();
  }

  /**
   * A {@link ModelException} naming the file and the current offset.
   *
   * @param what what is wrong
   * @return the exception, to throw
   */
  public ModelException corrupt(String what) {
    return new ModelException(file + " is corrupt at byte " + offset() + ": " + what);
  }

  private ModelException truncated(IOException e) {
    return new ModelException(file + " is truncated at byte " + offset() + " of " + length, e);
  }

  /**
   * Reads an {@code int}.
   *
   * @return the value
   */
  public int readInt() {
    try {
      return in.readInt();
    } catch (IOException e) {
      throw truncated(e);
    }
  }

  /**
   * Reads an {@code int} that must lie in a range.
   *
   * @param what the field, for the error message
   * @param min the smallest value allowed
   * @param max the largest value allowed
   * @return the value
   */
  public int readInt(String what, int min, int max) {
    int v = readInt();
    if (v < min || v > max) {
      throw corrupt(what + " is " + v + ", outside [" + min + ", " + max + "]");
    }
    return v;
  }

  /**
   * Reads a {@code long}.
   *
   * @return the value
   */
  public long readLong() {
    try {
      return in.readLong();
    } catch (IOException e) {
      throw truncated(e);
    }
  }

  /**
   * Reads a {@code double}.
   *
   * @return the value
   */
  public double readDouble() {
    try {
      return in.readDouble();
    } catch (IOException e) {
      throw truncated(e);
    }
  }

  /**
   * Reads a finite {@code double}.
   *
   * @param what the field, for the error message
   * @return the value
   */
  public double readFinite(String what) {
    double v = readDouble();
    if (!Double.isFinite(v)) {
      throw corrupt(what + " is not finite: " + v);
    }
    return v;
  }

  /**
   * Reads a {@code boolean}.
   *
   * @return the value
   */
  public boolean readBoolean() {
    try {
      return in.readBoolean();
    } catch (IOException e) {
      throw truncated(e);
    }
  }

  /**
   * Reads a string written by {@link java.io.DataOutput#writeUTF}.
   *
   * @return the string
   */
  public String readUTF() {
    try {
      return in.readUTF();
    } catch (IOException e) {
      throw truncated(e);
    }
  }

  /**
   * Reads an element count and checks that that many elements of at least {@code minBytesEach}
   * bytes can still follow.
   *
   * @param what the field, for the error message
   * @param minBytesEach the fewest bytes one element takes (at least 1)
   * @return the count, at least 0
   */
  public int readCount(String what, int minBytesEach) {
    int n = readInt();
    if (n < 0) {
      throw corrupt(what + " count is negative: " + n);
    }
    if ((long) n * Math.max(1, minBytesEach) > remaining()) {
      throw corrupt(what + " count " + n + " needs at least " + (long) n * Math.max(1, minBytesEach)
          + " bytes but only " + remaining() + " remain");
    }
    return n;
  }

  /**
   * Reads a count-prefixed {@code int[]} (as {@link ModelOutput#writeInts} writes it).
   *
   * @param what the field, for the error message
   * @return the array
   */
  public int[] readInts(String what) {
    int[] a = new int[readCount(what, Integer.BYTES)];
    for (int i = 0; i < a.length; i++) {
      a[i] = readInt();
    }
    return a;
  }

  /**
   * Reads a count-prefixed {@code double[]} (as {@link ModelOutput#writeDoubles} writes it).
   *
   * @param what the field, for the error message
   * @return the array
   */
  public double[] readDoubles(String what) {
    double[] a = new double[readCount(what, Double.BYTES)];
    for (int i = 0; i < a.length; i++) {
      a[i] = readDouble();
    }
    return a;
  }

  /**
   * Checks that the whole file was read.
   *
   * @throws ModelException when bytes remain
   */
  public void expectEnd() {
    if (remaining() != 0) {
      throw corrupt(remaining() + " unexpected trailing bytes");
    }
  }
}
