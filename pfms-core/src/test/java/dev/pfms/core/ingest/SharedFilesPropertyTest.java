package dev.pfms.core.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pfms.api.IngestException;
import dev.pfms.api.Pfms;
import dev.pfms.api.model.IngestProblem;
import dev.pfms.api.model.IngestReport;
import dev.pfms.api.model.Transaction;
import dev.pfms.api.spi.IngestSource;
import dev.pfms.api.spi.Ingestor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every shared bank file (CSV inputs, golden QIF, OFX, MT940) parses or fails with a located
 * {@link IngestException}; and any single-byte mutation of one (sampled with a fixed seed) yields
 * the same transactions or located problems, never another exception (issue 13).
 */
class SharedFilesPropertyTest {

  private static final long SEED = 20261201L;
  /**
   * Formats compared row by row: all five. For the statement formats (OFX, MT940, CAMT) a damaged
   * tag (":61:" to ";61:", "<STMTTRN>" to "<STMTXRN>", a lost '<') must be a located problem, not a
   * record folded into the previous one's text.
   */
  private static final Set<String> ROW_BY_ROW = Set.of("csv", "qif", "ofx", "mt940", "camt053");
  /** Formats whose layout notes count statements and accounts: a mutation may change them. */
  private static final Set<String> STATEMENT_FORMATS = Set.of("ofx", "mt940", "camt053");
  private static final int MUTATIONS_PER_FILE = 40;
  /** The CAMT fixtures are small and few (the shared data has none): more mutations each. */
  private static final int MUTATIONS_PER_CAMT_FILE = 150;
  private static final List<String> CAMT_FIXTURES = List.of("statement.camt053.xml", "notification-batch.camt054.xml",
      "report.camt052.xml");
  private static final byte[] INTERESTING = "\"',;.:/-+0129\n\r\t ?<>&#E\u00ff\u0000".getBytes(
      java.nio.charset.StandardCharsets.ISO_8859_1);

  private static List<Path> sharedFiles() throws IOException {
    List<Path> out = new ArrayList<>();
    for (String sub : List.of("bank-csv/csv2ofx/input", "bank-csv/csv2ofx/golden", "ofx/ofxparse", "mt940/mt940")) {
      Path dir = SharedData.dir(sub);
      try (Stream<Path> s = Files.walk(dir)) {
        s.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().endsWith(".ofx")
            || !sub.startsWith("bank-csv")).filter(p -> !p.getFileName().toString().endsWith(".md")).sorted()
            .forEach(out::add);
      }
    }
    return out;
  }

  /** The CAMT fixtures of this module's tests (written for pfms, not copies of shared data). */
  private static byte[] camtFixture(String name) throws IOException {
    try (var in = SharedFilesPropertyTest.class.getResourceAsStream("camt/" + name)) {
      return Objects.requireNonNull(in, name).readAllBytes();
    }
  }

  /** What a file reads to, or the typed failure. */
  private record Outcome(IngestReport report, IngestException failure) {}

  private static Outcome ingest(String name, byte[] bytes) {
    IngestSource source = IngestSource.of(name, bytes);
    try {
      Ingestor ingestor = Pfms.ingestorFor(source);
      return new Outcome(ingestor.ingest(source), null);
    } catch (IngestException e) {
      return new Outcome(null, e);
    }
  }

  @Test
  void everySharedFixtureParsesOrFailsWithALocatedError() throws IOException {
    int parsed = 0;
    int failed = 0;
    int transactions = 0;
    for (Path f : sharedFiles()) {
      String name = f.getFileName().toString();
      Outcome o = ingest(name, Files.readAllBytes(f));
      if (o.failure() != null) {
        failed++;
        assertThat(o.failure().getMessage()).as(name).startsWith(name);
        continue;
      }
      parsed++;
      transactions += o.report().transactions().size();
      for (IngestProblem p : o.report().problems()) {
        assertThat(p.source()).as(name).isEqualTo(name);
        assertThat(p.reason()).as(name).isNotBlank();
        if (p.isError()) {
          assertThat(p.line()).as(name + ": " + p).isPositive();
        }
      }
    }
    System.out.println("[shared fixtures] " + parsed + " parse, " + failed + " fail with a located IngestException, "
        + transactions + " transactions");
    assertThat(parsed).isGreaterThan(80);
  }

  @Test
  void singleByteMutationsGiveTheSameTransactionsOrLocatedProblems() throws IOException {
    Random random = new Random(Long.getLong("pfms.mutation.seed", SEED)); // another seed: -Dpfms.mutation.seed=N
    int runs = 0;
    int sameLayout = 0;
    java.util.Map<String, int[]> byFormat = new java.util.TreeMap<>();
    List<String> failures = new ArrayList<>();
    List<java.util.Map.Entry<String, byte[]>> files = new ArrayList<>();
    for (Path f : sharedFiles()) {
      files.add(java.util.Map.entry(f.getFileName().toString(), Files.readAllBytes(f)));
    }
    for (String camt : CAMT_FIXTURES) {
      files.add(java.util.Map.entry(camt, camtFixture(camt)));
    }
    for (var file : files) {
      String name = file.getKey();
      byte[] original = file.getValue();
      if (original.length == 0) {
        continue;
      }
      Outcome base = ingest(name, original);
      int mutations = (name.contains(".camt") ? MUTATIONS_PER_CAMT_FILE : MUTATIONS_PER_FILE)
          * Integer.getInteger("pfms.mutation.factor", 1);
      for (int k = 0; k < mutations; k++) {
        byte[] mutated = original.clone();
        int at = random.nextInt(mutated.length);
        mutated[at] = random.nextBoolean() ? INTERESTING[random.nextInt(INTERESTING.length)] : (byte) random.nextInt(256);
        long mutatedLine = 1;
        for (int i = 0; i < at; i++) { // line breaks as the readers count them: \r\n, \r or \n
          if (original[i] == '\n' && (i == 0 || original[i - 1] != '\r') || original[i] == '\r') {
            mutatedLine++;
          }
        }
        long shift = lines(mutated) - lines(original); // a byte that became (or stopped being) a line break
        Outcome o;
        try {
          o = ingest(name, mutated);
        } catch (RuntimeException e) {
          throw new AssertionError(name + " with byte " + at + " (line " + mutatedLine + ") changed: "
              + e.getClass().getName() + " " + e.getMessage(), e);
        }
        runs++;
        if (o.failure() != null) {
          assertThat(o.failure().getMessage()).as(name).startsWith(name);
          continue;
        }
        for (Transaction t : o.report().transactions()) {
          assertThat(t.id()).hasSize(32);
          assertThat(t.amount().amount().precision() - t.amount().amount().scale()).isLessThanOrEqualTo(18);
        }
        if (base.report() == null || !ROW_BY_ROW.contains(o.report().format())
            || !base.report().format().equals(o.report().format())
            || !STATEMENT_FORMATS.contains(o.report().format()) && !base.report().layout().equals(o.report().layout())) {
          continue; // another layout was detected: another file, nothing to compare
        }
        sameLayout++;
        byFormat.computeIfAbsent(o.report().format(), x -> new int[1])[0]++;
        try {
          assertSameOrExplained(name, mutatedLine, Math.max(0, shift), base.report(), o.report());
        } catch (AssertionError e) {
          failures.add(e.getMessage() + "\nbyte " + at + " set to 0x" + Integer.toHexString(mutated[at] & 0xff)
              + "; now: " + o.report().transactions().stream().map(t -> t.provenance().line() + " " + t.bookingDate()
              + " " + t.amount() + " " + t.description()).toList() + "\nbefore: " + base.report().transactions().stream()
              .map(t -> t.provenance().line() + " " + t.bookingDate() + " " + t.amount() + " " + t.description()).toList()
              + "\nproblems: " + o.report().problems());
        }
      }
    }
    System.out.println("[mutations] " + runs + " single-byte mutations, " + sameLayout + " compared row by row "
        + byFormat.entrySet().stream().map(e -> e.getKey() + " " + e.getValue()[0]).toList());
    assertThat(failures).as(failures.size() + " mutations lost a transaction without a problem, the first ones:\n"
        + String.join("\n\n", failures.subList(0, Math.min(8, failures.size())))).isEmpty();
    assertThat(runs).isGreaterThan(2000);
    assertThat(byFormat.keySet()).containsAll(ROW_BY_ROW);
  }

  /**
   * With the layout unchanged, every original transaction away from the mutated line is still there
   * unchanged, or a located error at or before its line (or a whole-source problem) explains it.
   */
  private static void assertSameOrExplained(String name, long mutatedLine, long shift, IngestReport base,
      IngestReport mutated) {
    Set<String> now = new HashSet<>();
    for (Transaction t : mutated.transactions()) {
      now.add(key(t));
    }
    long firstError = Long.MAX_VALUE;
    for (IngestProblem p : mutated.problems()) {
      if (p.isError() || p.line() > 0) { // a rejected record, or a located warning (e.g. undecodable bytes)
        firstError = Math.min(firstError, p.line());
      }
    }
    long containing = 0; // the record that holds the mutated line (OFX, QIF, MT940 records span lines)
    for (Transaction t : base.transactions()) {
      if (t.provenance().line() <= mutatedLine) {
        containing = Math.max(containing, t.provenance().line());
      }
    }
    Set<Long> linesNow = new HashSet<>();
    for (Transaction t : mutated.transactions()) {
      linesNow.add(t.provenance().line());
    }
    long following = Long.MAX_VALUE; // the first record, when the header above it is mutated (QIF joins it)
    for (Transaction t : base.transactions()) {
      if (t.provenance().line() > mutatedLine) {
        following = Math.min(following, t.provenance().line());
      }
    }
    for (Transaction t : base.transactions()) {
      long line = t.provenance().line();
      if (now.contains(key(t))) {
        continue;
      }
      if ((line == containing || line == mutatedLine || line == following && containing == 0)
          && startsBetween(linesNow, Math.min(line, mutatedLine), line + shift)) {
        continue; // the mutated record itself: still read (its text may have changed with the byte)
      }
      assertThat(firstError).as(name + ": transaction at line " + line + " lost without a problem (mutation at line "
          + mutatedLine + ")").isLessThanOrEqualTo(Math.max(line, mutatedLine) + shift);
    }
  }

  private static boolean startsBetween(Set<Long> lines, long from, long to) {
    for (long l = from; l <= to; l++) {
      if (lines.contains(l)) {
        return true;
      }
    }
    return false;
  }

  /** Lines as the readers count them: \r\n, \r or \n end one. */
  private static long lines(byte[] b) {
    long n = 1;
    for (int i = 0; i < b.length; i++) {
      if (b[i] == '\n' && (i == 0 || b[i - 1] != '\r') || b[i] == '\r') {
        n++;
      }
    }
    return n;
  }

  private static String key(Transaction t) {
    return t.bookingDate() + "|" + t.amount() + "|" + t.description() + "|"
        + Objects.toString(t.counterparty());
  }
}
