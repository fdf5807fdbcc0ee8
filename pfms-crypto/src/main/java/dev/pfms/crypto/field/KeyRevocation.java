package dev.pfms.crypto.field;

import java.util.Objects;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

/**
 * The switch that turns off every primitive derived from one key at once (crypto-shredding without a
 * race). Every use of an encryptor or blind index runs under the read lock and checks the switch;
 * {@link #revoke(Runnable)} takes the write lock, so it waits for uses in flight, flips the switch
 * and erases the key before any later use can start: after it returns, no operation with the key
 * succeeds, and none that began before it is still running. Thread-safe.
 */
public final class KeyRevocation {

  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
  private final Supplier<? extends RuntimeException> refusal;
  private volatile boolean revoked;

  /**
   * A switch.
   *
   * @param refusal the exception every use throws once revoked (e.g. {@code SubjectShreddedException})
   */
  public KeyRevocation(Supplier<? extends RuntimeException> refusal) {
    this.refusal = Objects.requireNonNull(refusal, "refusal");
  }

  /** A switch that is never revoked (encryptors made directly from a keyset). */
  static final KeyRevocation NEVER = new KeyRevocation(IllegalStateException::new);

  /**
   * Runs an operation with the key, unless revoked.
   *
   * @param <T> the result type
   * @param op the operation
   * @return its result
   * @throws RuntimeException the refusal, once revoked
   */
  <T> T use(Supplier<T> op) {
    if (this == NEVER) {
      return op.get();
    }
    lock.readLock().lock();
    try {
      if (revoked) {
        throw refusal.get();
      }
      return op.get();
    } finally {
      lock.readLock().unlock();
    }
  }

  /**
   * Revokes: waits for uses in flight, refuses every later one, and runs {@code erase} (destroying
   * the key) before releasing the lock.
   *
   * @param erase what destroys the key material; runs once, under the write lock
   */
  public void revoke(Runnable erase) {
    lock.writeLock().lock();
    try {
      revoked = true;
      erase.run();
    } finally {
      lock.writeLock().unlock();
    }
  }

  /**
   * Whether {@link #revoke} ran.
   *
   * @return true once revoked
   */
  public boolean isRevoked() {
    return revoked;
  }

  @Override
  public String toString() {
    return "KeyRevocation[" + (revoked ? "revoked" : "active") + "]";
  }
}
