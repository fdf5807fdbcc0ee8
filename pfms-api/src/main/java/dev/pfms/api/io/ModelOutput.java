package dev.pfms.api.io;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Writes a model file in the layout {@link ModelInput} reads: {@link DataOutputStream}'s
 * big-endian primitives plus count-prefixed arrays. Not thread-safe; does not close the stream it
 * wraps.
 */
public final class ModelOutput {

  private final DataOutputStream out;

  /**
   * Wraps a stream.
   *
   * @param out the stream (a {@link ModelDirectory.Content}'s)
   */
  public ModelOutput(OutputStream out) {
    this.out = new DataOutputStream(out);
  }

  /**
   * The underlying data stream, for primitives.
   *
   * @return the stream
   */
  public DataOutputStream data() {
    return out;
  }

  /**
   * Writes an {@code int}.
   *
   * @param v the value
   * @throws IOException on write failure
   */
  public void writeInt(int v) throws IOException {
    out.writeInt(v);
  }

  /**
   * Writes a {@code double}.
   *
   * @param v the value
   * @throws IOException on write failure
   */
  public void writeDouble(double v) throws IOException {
    out.writeDouble(v);
  }

  /**
   * Writes a string ({@link DataOutputStream#writeUTF}).
   *
   * @param v the value
   * @throws IOException on write failure
   */
  public void writeUTF(String v) throws IOException {
    out.writeUTF(v);
  }

  /**
   * Writes a count-prefixed {@code int[]}.
   *
   * @param a the values
   * @throws IOException on write failure
   */
  public void writeInts(int[] a) throws IOException {
    out.writeInt(a.length);
    for (int v : a) {
      out.writeInt(v);
    }
  }

  /**
   * Writes a count-prefixed {@code double[]}.
   *
   * @param a the values
   * @throws IOException on write failure
   */
  public void writeDoubles(double[] a) throws IOException {
    out.writeInt(a.length);
    for (double v : a) {
      out.writeDouble(v);
    }
  }

  /**
   * Flushes buffered bytes to the wrapped stream.
   *
   * @throws IOException on write failure
   */
  public void flush() throws IOException {
    out.flush();
  }
}
