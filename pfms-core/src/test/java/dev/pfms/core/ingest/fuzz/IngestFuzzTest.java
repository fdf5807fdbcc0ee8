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
      if (t.id().length() != 32 || t.provenance().line() < 0 || t.account().matches(".*\\d{7,}.*")) {
        throw new AssertionError("malformed transaction " + t);
      }
    }
  }
}
