package dev.pfms.crypto.ledger;

import java.io.IOException;
import java.util.Optional;

/**
 * A second place that keeps a ledger's latest {@link Checkpoint}, out of reach of whoever can write
 * the ledger's own directory: another disk or host, the store, a transparency service. In the spirit
 * of RFC 9162 witnesses: the ledger publishes every checkpoint to it, and verification compares the
 * ledger with the latest one the witness holds, so a rollback of the whole data directory to an
 * older, self-consistent state (which nothing inside that directory can reveal) is detected.
 *
 * <p>A witness must refuse to go back: {@link #publish} of a checkpoint with a smaller counter or
 * fewer entries than the one it holds is an error. Implementations are thread-safe.
 */
public interface LedgerWitness {

  /**
   * The latest checkpoint the witness holds.
   *
   * @return it, or empty when it has none yet
   * @throws IOException when the witness cannot be read
   */
  Optional<Checkpoint> latest() throws IOException;

  /**
   * Records a newer checkpoint.
   *
   * @param checkpoint the ledger's new checkpoint
   * @throws IOException when it cannot be recorded
   * @throws IllegalStateException when it is older than the one held (the witness never goes back)
   */
  void publish(Checkpoint checkpoint) throws IOException;
}
