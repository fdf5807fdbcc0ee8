package dev.pfms.api.model;

import java.util.Objects;

/**
 * A consent event as recorded in a ledger.
 *
 * @param sequence 0-based position in the ledger
 * @param event what was recorded
 * @param previousHash the hash of the previous entry (hex; all zeros for the first)
 * @param hash this entry's hash (hex), covering the sequence, the event and {@code previousHash}
 */
public record ConsentEntry(long sequence, ConsentEvent event, String previousHash, String hash) {

  /** Validates the fields. */
  public ConsentEntry {
    Objects.requireNonNull(event, "event");
    Objects.requireNonNull(previousHash, "previousHash");
    Objects.requireNonNull(hash, "hash");
    if (sequence < 0) {
      throw new IllegalArgumentException("sequence < 0");
    }
  }
}
