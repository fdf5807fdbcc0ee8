package dev.pfms.core.ingest.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.pfms.api.IngestException;
import dev.pfms.core.ingest.csv.CsvIngestor;
import dev.pfms.core.ingest.ofx.OfxIngestor;
import dev.pfms.api.model.IngestReport;
import dev.pfms.api.model.Transaction;
import dev.pfms.api.spi.IngestSource;

/**
 * Fuzz tests of the CSV and OFX paths: whatever the bytes, only {@link IngestException} may escape,
 * and whatever is accepted is a well-formed transaction. In the normal test run (no
 * {@code JAZZER_FUZZ}) each replays its seed corpus under
 * {@code src/test/resources/dev/pfms/core/ingest/fuzz/IngestFuzzTestInputs/<method>/}; with
 * {@code JAZZER_FUZZ=1} it fuzzes.
 */
class IngestFuzzTest {

  private static final CsvIngestor CSV = CsvIngestor.detecting();
  private static final OfxIngestor OFX = new OfxIngestor(null, null, false);

  @FuzzTest(maxDuration = "30s")
  void csvNeverThrowsAnythingButIngestException(byte[] input) {
    CSV.recognize(input, "fuzz.csv");
    check(() -> CSV.ingest(IngestSource.of("fuzz.csv", input)));
  }

  @FuzzTest(maxDuration = "30s")
  void ofxNeverThrowsAnythingButIngestException(byte[] input) {
    OFX.recognize(input, "fuzz.ofx");
    check(() -> OFX.ingest(IngestSource.of("fuzz.ofx", input)));
  }

  /**
   * Any format, chosen as {@code Pfms.ingestorFor} chooses it. The seeds hold the inputs that were
   * slow before issue 13 (a {@code 1E+10000000} CAMT amount, a million-digit CSV amount, a megabyte of
   * MT940 digits, 200,000 QIF memo lines): each must now end in a located problem.
   */
  @FuzzTest(maxDuration = "30s")
  void anyFormatNeverThrowsAnythingButIngestException(byte[] input) {
    IngestSource source = IngestSource.of("fuzz.any", input);
    check(() -> dev.pfms.api.Pfms.ingestorFor(source).ingest(source));
  }

  private interface Run {
    IngestReport run();
  }

  private static void check(Run run) {
    IngestReport r;
    try {
      r = run.run();
    } catch (IngestException expected) {
      if (!expected.getMessage().contains("fuzz.")) {
        throw new AssertionError("IngestException does not name its source: " + expected.getMessage());
      }
      return;
    }
    for (Transaction t : r.transactions()) {
      if (t.id().length() != 32 || t.provenance().line() < 0 || t.account().matches(".*\\d{7,}.*")
          || t.amount().amount().precision() - t.amount().amount().scale() > 18
          || t.findCounterpartyAccount().filter(a -> a.matches(".*\\d{7,}.*")).isPresent()) {
        throw new AssertionError("malformed transaction " + t);
      }
    }
    for (var p : r.problems()) {
      if (!p.source().startsWith("fuzz.") || p.reason().isBlank()) {
        throw new AssertionError("problem without its source or reason: " + p);
      }
    }
  }
}
