package dev.pfms.ml.text;

import java.util.Arrays;
import java.util.Objects;

/**
 * A sparse vector: strictly increasing indices and their values. Immutable once built.
 *
 * @param indices the non-zero positions, strictly increasing
 * @param values the values at those positions
 */
public record SparseVector(int[] indices, double[] values) {

  /** Validates the arrays. */
  public SparseVector {
    Objects.requireNonNull(indices, "indices");
    Objects.requireNonNull(values, "values");
    if (indices.length != values.length) {
      throw new IllegalArgumentException("indices and values differ in length");
    }
  }

  /**
   * The number of non-zero entries.
   *
   * @return the count
   */
  public int size() {
    return indices.length;
  }

  /**
   * The dot product with another sparse vector.
   *
   * @param o the other vector
   * @return the dot product
   */
  public double dot(SparseVector o) {
    int i = 0;
    int j = 0;
    double s = 0;
    int[] a = indices;
    int[] b = o.indices;
    while (i < a.length && j < b.length) {
      if (a[i] == b[j]) {
        s += values[i++] * o.values[j++];
      } else if (a[i] < b[j]) {
        i++;
      } else {
        j++;
      }
    }
    return s;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SparseVector v && Arrays.equals(indices, v.indices) && Arrays.equals(values, v.values);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(indices) + Arrays.hashCode(values);
  }

  @Override
  public String toString() {
    return "SparseVector[" + indices.length + " non-zero]";
  }
}
