package dev.pfms.crypto.field;

import dev.pfms.crypto.CryptoException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves encrypted fields to the current primary key after a {@link FieldKeyset#rotate() rotation}:
 * each value not under the primary is decrypted (with any enabled key) and encrypted again under the
 * primary, then handed to a writer that stores it. Progress is reported as it goes; a value that
 * cannot be decrypted is counted and named (record id and field) but does not stop the job.
 *
 * <p>Idempotent: running it again skips values already on the primary. Thread-safe (no state between
 * runs).
 */
public final class ReEncryptionJob {

  private static final Logger LOG = LoggerFactory.getLogger(ReEncryptionJob.class);

  private final FieldEncryptor encryptor;
  private final int progressEvery;

  /**
   * One stored encrypted value.
   *
   * @param recordId the record
   * @param field the field name
   * @param token the stored token
   * @param blindIndex true when the token is a deterministic blind index, false for a randomized field
   */
  public record Item(String recordId, String field, String token, boolean blindIndex) {
    /** Validates the fields. */
    public Item {
      Objects.requireNonNull(recordId, "recordId");
      Objects.requireNonNull(field, "field");
      Objects.requireNonNull(token, "token");
    }
  }

  /** Stores a re-encrypted value (e.g. an SQL {@code UPDATE}). */
  @FunctionalInterface
  public interface Writer {
    /**
     * Stores the new token of an item.
     *
     * @param item the item as it was
     * @param newToken its token under the primary key
     */
    void write(Item item, String newToken);
  }

  /** Receives progress. */
  @FunctionalInterface
  public interface Progress {
    /**
     * Called every few items and at the end.
     *
     * @param examined items looked at so far
     * @param total items in the run
     * @param reEncrypted items moved to the primary so far
     */
    void update(long examined, long total, long reEncrypted);
  }

  /**
   * What a run did.
   *
   * @param examined items looked at
   * @param reEncrypted items moved to the primary key
   * @param alreadyCurrent items already on the primary key
   * @param failed items that could not be decrypted
   * @param failures the record id and field of each failure ({@code "record/field"}), never values
   */
  public record Report(long examined, long reEncrypted, long alreadyCurrent, long failed, List<String> failures) {
    /** Copies the list. */
    public Report {
      failures = List.copyOf(failures);
    }

    /**
     * True when everything is on the primary key.
     *
     * @return whether old keys may now be retired
     */
    public boolean complete() {
      return failed == 0;
    }
  }

  /**
   * Creates a job.
   *
   * @param encryptor an encryptor over the rotated keyset (primary = target key)
   * @param progressEvery report progress after this many items (at least 1)
   */
  public ReEncryptionJob(FieldEncryptor encryptor, int progressEvery) {
    this.encryptor = Objects.requireNonNull(encryptor, "encryptor");
    if (progressEvery < 1) {
      throw new IllegalArgumentException("progressEvery must be at least 1");
    }
    this.progressEvery = progressEvery;
  }

  /**
   * Runs over the items.
   *
   * @param items the stored values
   * @param writer stores the new tokens
   * @param progress receives progress
   * @return the report
   */
  public Report run(List<Item> items, Writer writer, Progress progress) {
    Objects.requireNonNull(writer, "writer");
    Objects.requireNonNull(progress, "progress");
    long examined = 0;
    long moved = 0;
    long current = 0;
    List<String> failures = new ArrayList<>();
    for (Item it : items) {
      examined++;
      try {
        if (encryptor.isCurrent(it.token(), it.blindIndex())) {
          current++;
        } else if (it.blindIndex()) {
          throw new CryptoException("a blind index is one-way and cannot be re-keyed without its value: recompute it"
              + " from the record's encrypted field");
        } else {
          byte[] v = encryptor.decrypt(it.recordId(), it.field(), dev.pfms.crypto.internal.TinkRuntime.unb64(it.token()));
          writer.write(it, dev.pfms.crypto.internal.TinkRuntime.b64(encryptor.encrypt(it.recordId(), it.field(), v)));
          moved++;
        }
      } catch (CryptoException | IllegalArgumentException e) {
        failures.add(it.recordId() + "/" + it.field());
      }
      if (examined % progressEvery == 0) {
        progress.update(examined, items.size(), moved);
      }
    }
    progress.update(examined, items.size(), moved);
    LOG.info("re-encryption to key {}: {} examined, {} moved, {} already current, {} failed",
        encryptor.keys().primaryKeyId(), examined, moved, current, failures.size());
    return new Report(examined, moved, current, failures.size(), failures);
  }
}
