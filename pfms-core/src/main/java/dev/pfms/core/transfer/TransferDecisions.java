package dev.pfms.core.transfer;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What the user said about transfer pairs: a confirmed pair is always a transfer, a rejected pair
 * never is. Immutable; each change returns a new value. Only transaction ids are kept (no amounts
 * or descriptions), so the lines it writes carry no personal data beyond pseudonymous ids.
 */
public final class TransferDecisions {

  private static final TransferDecisions NONE = new TransferDecisions(Set.of(), Set.of());

  private final Set<String> confirmed;
  private final Set<String> rejected;

  private TransferDecisions(Set<String> confirmed, Set<String> rejected) {
    this.confirmed = confirmed;
    this.rejected = rejected;
  }

  /**
   * No decisions.
   *
   * @return the empty value
   */
  public static TransferDecisions none() {
    return NONE;
  }

  private static String key(String outId, String inId) {
    return Objects.requireNonNull(outId, "outId") + ">" + Objects.requireNonNull(inId, "inId");
  }

  /**
   * The user says these two legs are one transfer.
   *
   * @param outId the leg that left an account
   * @param inId the leg that reached another
   * @return the new decisions
   */
  public TransferDecisions confirm(String outId, String inId) {
    Set<String> c = new HashSet<>(confirmed);
    Set<String> r = new HashSet<>(rejected);
    c.add(key(outId, inId));
    r.remove(key(outId, inId));
    return new TransferDecisions(Set.copyOf(c), Set.copyOf(r));
  }

  /**
   * The user says these two legs are not a transfer.
   *
   * @param outId the leg that left an account
   * @param inId the leg that reached another
   * @return the new decisions
   */
  public TransferDecisions reject(String outId, String inId) {
    Set<String> c = new HashSet<>(confirmed);
    Set<String> r = new HashSet<>(rejected);
    r.add(key(outId, inId));
    c.remove(key(outId, inId));
    return new TransferDecisions(Set.copyOf(c), Set.copyOf(r));
  }

  boolean isConfirmed(String outId, String inId) {
    return confirmed.contains(key(outId, inId));
  }

  boolean isRejected(String outId, String inId) {
    return rejected.contains(key(outId, inId));
  }

  /**
   * The decisions as lines ({@code confirm OUT IN} / {@code reject OUT IN}), sorted, to persist.
   *
   * @return the lines
   */
  public List<String> toLines() {
    List<String> out = new ArrayList<>();
    confirmed.forEach(k -> out.add("confirm " + k.replace('>', ' ')));
    rejected.forEach(k -> out.add("reject " + k.replace('>', ' ')));
    out.sort(null);
    return out;
  }

  /**
   * The decisions a store remembers ({@link dev.pfms.api.store.Store#transferDecisions()}).
   *
   * @param decisions the stored decisions
   * @return the decisions
   */
  public static TransferDecisions of(java.util.Collection<dev.pfms.api.store.TransferDecision> decisions) {
    TransferDecisions d = none();
    for (dev.pfms.api.store.TransferDecision t : decisions) {
      d = t.confirmed() ? d.confirm(t.outId(), t.inId()) : d.reject(t.outId(), t.inId());
    }
    return d;
  }

  /**
   * Reads lines written by {@link #toLines()}.
   *
   * @param lines the lines
   * @return the decisions
   * @throws IllegalArgumentException naming the line number of a malformed line
   */
  public static TransferDecisions fromLines(List<String> lines) {
    TransferDecisions d = NONE;
    int n = 0;
    for (String line : lines) {
      n++;
      if (line.isBlank()) {
        continue;
      }
      String[] f = line.trim().split(" +");
      if (f.length != 3 || !(f[0].equals("confirm") || f[0].equals("reject"))) {
        throw new IllegalArgumentException("transfer decisions line " + n + ": expected 'confirm|reject OUT-ID IN-ID'");
      }
      d = f[0].equals("confirm") ? d.confirm(f[1], f[2]) : d.reject(f[1], f[2]);
    }
    return d;
  }

  /** Counts only. */
  @Override
  public String toString() {
    return "TransferDecisions[" + confirmed.size() + " confirmed, " + rejected.size() + " rejected]";
  }
}
