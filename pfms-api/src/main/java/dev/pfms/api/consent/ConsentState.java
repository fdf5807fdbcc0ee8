package dev.pfms.api.consent;

import dev.pfms.api.model.ConsentEntry;
import dev.pfms.api.model.ConsentEvent;
import dev.pfms.api.model.Purpose;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The in-memory index of a consent ledger: every entry in order, each subject's history and the
 * events of each subject and purpose, with the rules every ledger shares (no event older than the
 * latest for its subject and purpose; the latest covering event at or before an instant decides;
 * scopes are {@code "*"} or exact names such as {@code "account:1234"}).
 *
 * <p>Not thread-safe: a ledger holds one under its own lock. Ledgers use it so that the in-memory
 * and durable ledgers answer {@code isGranted} identically.
 */
public final class ConsentState {

  private final List<ConsentEntry> entries = new ArrayList<>();
  private final Map<String, List<ConsentEntry>> bySubject = new HashMap<>();
  private final Map<Key, List<ConsentEvent>> byPurpose = new HashMap<>();

  private Instant lastTime;

  /** The scope that covers all of a subject's data. */
  public static final String ALL = "*";

  private record Key(String subject, Purpose purpose) {}

  /** Creates an empty index. */
  public ConsentState() {}

  /**
   * Checks that an event may be appended now.
   *
   * @param event the event
   * @throws IllegalArgumentException when it is older than the latest event of its subject and purpose
   */
  public void checkAppendable(ConsentEvent event) {
    Objects.requireNonNull(event, "event");
    List<ConsentEvent> prior = byPurpose.get(new Key(event.subject(), event.purpose()));
    if (prior != null) {
      ConsentEvent last = prior.get(prior.size() - 1);
      if (event.time().isBefore(last.time())) {
        throw new IllegalArgumentException("consent event at " + event.time() + " is older than the latest one ("
            + last.time() + ") for this subject and purpose " + event.purpose() + "; ledgers only go forward");
      }
    }
  }

  /**
   * Adds an entry that follows the last one.
   *
   * @param entry the entry; its sequence must equal {@link #size()}
   * @throws IllegalArgumentException when the sequence or event order is wrong
   */
  public void add(ConsentEntry entry) {
    if (entry.sequence() != entries.size()) {
      throw new IllegalArgumentException("entry sequence " + entry.sequence() + " where " + entries.size() + " was expected");
    }
    checkAppendable(entry.event());
    entries.add(entry);
    if (lastTime == null || entry.event().time().isAfter(lastTime)) {
      lastTime = entry.event().time();
    }
    bySubject.computeIfAbsent(entry.event().subject(), s -> new ArrayList<>()).add(entry);
    byPurpose.computeIfAbsent(new Key(entry.event().subject(), entry.event().purpose()), k -> new ArrayList<>())
        .add(entry.event());
  }

  /**
   * Whether consent is in force for all of the subject's data (scope {@code "*"}).
   *
   * @param subject the subject
   * @param purpose the purpose
   * @param at the instant
   * @return true when granted
   */
  public boolean isGranted(String subject, Purpose purpose, Instant at) {
    return isGranted(subject, purpose, "*", at);
  }

  /**
   * Whether consent is in force for a scope. For a narrow scope (e.g. {@code "account:1234"}) the
   * latest event at or before {@code at} whose scope is {@code "*"} or that same scope decides: a
   * grant whose expiry, if any, is after {@code at} means granted. For {@code "*"} (everything), the
   * latest {@code "*"} event must be such a grant <em>and</em> the latest later event of every
   * narrower scope must be one too (a revocation of one account withdraws "everything").
   *
   * @param subject the subject
   * @param purpose the purpose
   * @param scope {@code "*"} or a narrow scope
   * @param at the instant
   * @return true when granted
   */
  public boolean isGranted(String subject, Purpose purpose, String scope, Instant at) {
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(purpose, "purpose");
    Objects.requireNonNull(scope, "scope");
    Objects.requireNonNull(at, "at");
    List<ConsentEvent> events = byPurpose.get(new Key(subject, purpose));
    if (events == null) {
      return false;
    }
    if (!ALL.equals(scope)) {
      for (int i = events.size() - 1; i >= 0; i--) {
        ConsentEvent e = events.get(i);
        if (!e.time().isAfter(at) && (ALL.equals(e.scope()) || scope.equals(e.scope()))) {
          return inForce(e, at);
        }
      }
      return false;
    }
    java.util.Set<String> seen = new java.util.HashSet<>();
    for (int i = events.size() - 1; i >= 0; i--) {
      ConsentEvent e = events.get(i);
      if (e.time().isAfter(at)) {
        continue;
      }
      if (ALL.equals(e.scope())) {
        return inForce(e, at);
      }
      if (seen.add(e.scope()) && !inForce(e, at)) {
        return false;
      }
    }
    return false;
  }

  private static boolean inForce(ConsentEvent e, Instant at) {
    return e.granted() && (e.expiry() == null || e.expiry().isAfter(at));
  }

  /**
   * The latest time of any entry, or {@code null} when empty: ledgers stamp the next entry at or
   * after it.
   *
   * @return the latest recorded time
   */
  public Instant lastTime() {
    return lastTime;
  }

  /**
   * A subject's entries, oldest first.
   *
   * @param subject the subject
   * @return an immutable copy
   */
  public List<ConsentEntry> history(String subject) {
    return List.copyOf(bySubject.getOrDefault(Objects.requireNonNull(subject, "subject"), List.of()));
  }

  /**
   * Every entry, in order.
   *
   * @return an immutable copy
   */
  public List<ConsentEntry> entries() {
    return List.copyOf(entries);
  }

  /**
   * The number of entries.
   *
   * @return the size
   */
  public int size() {
    return entries.size();
  }

  /**
   * The hash of the last entry, or {@link ConsentChain#GENESIS} when empty.
   *
   * @return the hash the next entry links to
   */
  public String lastHash() {
    return entries.isEmpty() ? ConsentChain.GENESIS : entries.get(entries.size() - 1).hash();
  }
}
