package dev.pfms.api.store;

import java.time.Instant;
import java.util.Objects;

/**
 * The user's decision on a pair of transactions offered as a transfer between their own accounts:
 * confirmed (always treat the two as one transfer) or rejected (never pair them), remembered across
 * restarts and later imports.
 *
 * @param outId the id of the money-out leg
 * @param inId the id of the money-in leg
 * @param confirmed true when confirmed, false when rejected
 * @param decidedAt when the user decided
 */
public record TransferDecision(String outId, String inId, boolean confirmed, Instant decidedAt) {

  /** Validates the fields. */
  public TransferDecision {
    Objects.requireNonNull(outId, "outId");
    Objects.requireNonNull(inId, "inId");
    Objects.requireNonNull(decidedAt, "decidedAt");
    if (outId.equals(inId)) {
      throw new IllegalArgumentException("a transfer pairs two different transactions: " + outId);
    }
  }
}
