package dev.pfms.core.consent;

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
 * {@link #verify()} recomputes the chain.
 */
public final class InMemoryConsentLedger implements ConsentLedger {

  private final ConsentState state = new ConsentState();
  private boolean closed;

  /** Creates an empty ledger. */
  public InMemoryConsentLedger() {}

  @Override
  public synchronized ConsentEntry append(ConsentEvent event) {
    ensureOpen();
    state.checkAppendable(event);
    ConsentEntry entry = ConsentChain.entry(state.size(), event, state.lastHash());
    state.add(entry);
    return entry;
  }

  @Override
  public synchronized boolean isGranted(String subject, Purpose purpose, Instant at) {
    ensureOpen();
    return state.isGranted(subject, purpose, at);
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
        return LedgerVerification.failed(i + 1L, i, "entry " + i + " does not match its hash or link");
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
