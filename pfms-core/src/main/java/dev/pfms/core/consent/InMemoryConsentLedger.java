package dev.pfms.core.consent;

import dev.pfms.api.consent.ConsentClock;
import dev.pfms.api.consent.ConsentGuard;
import dev.pfms.api.consent.ConsentState;
import dev.pfms.api.consent.ConsentChain;
import dev.pfms.api.consent.ConsentState;

import dev.pfms.api.model.ConsentEntry;
import dev.pfms.api.model.ConsentEvent;
import dev.pfms.api.model.LedgerVerification;
import dev.pfms.api.model.Purpose;
import dev.pfms.api.spi.ConsentLedger;
import java.time.Instant;
import java.util.List;

/**
 * A hash-chained consent ledger held in memory only. <strong>Not durable</strong>: everything is
 * lost when the object is dropped; use it in tests and demos, and a durable ledger (e.g. pfms-crypto's
 * {@code hash-chain}) for real consent. Thread-safe.
 *
 * <p>Entries are chained with {@link ConsentChain} exactly as durable ledgers chain them, and
 * {@link #verify()} recomputes the chain. Times are the ledger's own ({@link ConsentClock});
 * {@link #require} fails closed when the chain does not verify.
 */
public final class InMemoryConsentLedger implements ConsentLedger {

  private final ConsentState state = new ConsentState();
  private final ConsentClock clock;
  private LedgerVerification failure;
  private long verifiedUpTo;
  private boolean closed;

  /** Creates an empty ledger on the system clock with the default skew. */
  public InMemoryConsentLedger() {
    this(ConsentClock.system());
  }

  /**
   * Creates an empty ledger that stamps entries from a given clock.
   *
   * @param clock the ledger's clock and allowed skew
   */
  public InMemoryConsentLedger(ConsentClock clock) {
    this.clock = java.util.Objects.requireNonNull(clock, "clock");
  }

  @Override
  public synchronized ConsentEntry append(ConsentEvent event) {
    ensureOpen();
    ConsentEvent stamped = clock.stamp(event, state.lastTime());
    state.checkAppendable(stamped);
    ConsentEntry entry = ConsentChain.entry(state.size(), stamped, state.lastHash());
    state.add(entry);
    return entry;
  }

  @Override
  public synchronized boolean isGranted(String subject, Purpose purpose, String scope, Instant at) {
    ensureOpen();
    return state.isGranted(subject, purpose, scope, at);
  }

  /**
   * Fails closed: checks the chain (entries not checked since the last call) before answering.
   *
   * @throws dev.pfms.api.ConsentRequiredException when consent is not in force or the chain fails
   */
  @Override
  public synchronized void require(String subject, Purpose purpose, String scope, Instant at) {
    ensureOpen();
    if (failure == null && verifiedUpTo < state.size()) {
      LedgerVerification v = verify();
      if (v.valid()) {
        verifiedUpTo = v.entriesChecked();
      }
    }
    if (failure != null) {
      throw new dev.pfms.api.ConsentRequiredException(subject, purpose, "the consent ledger fails verification at entry "
          + failure.firstBadEntry() + " (" + failure.problem() + "); processing is refused");
    }
    if (!state.isGranted(subject, purpose, scope, at)) {
      throw new dev.pfms.api.ConsentRequiredException(subject, purpose, "not granted for scope " + scope + " at " + at);
    }
  }

  @Override
  public synchronized List<ConsentEntry> history(String subject) {
    ensureOpen();
    return state.history(subject);
  }

  @Override
  public synchronized long size() {
    ensureOpen();
    return state.size();
  }

  @Override
  public synchronized LedgerVerification verify() {
    ensureOpen();
    String prev = ConsentChain.GENESIS;
    List<ConsentEntry> all = state.entries();
    for (int i = 0; i < all.size(); i++) {
      ConsentEntry e = all.get(i);
      if (e.sequence() != i || !e.previousHash().equals(prev)
          || !e.hash().equals(ConsentChain.hash(e.sequence(), e.event(), e.previousHash()))) {
        failure = LedgerVerification.failed(i + 1L, i, "entry " + i + " does not match its hash or link");
        return failure;
      }
      prev = e.hash();
    }
    return LedgerVerification.ok(all.size());
  }

  @Override
  public synchronized void close() {
    closed = true;
  }

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("the in-memory consent ledger is closed");
    }
  }

  @Override
  public synchronized String toString() {
    return "InMemoryConsentLedger[entries=" + state.size() + (closed ? ", closed" : "") + "]";
  }
}
