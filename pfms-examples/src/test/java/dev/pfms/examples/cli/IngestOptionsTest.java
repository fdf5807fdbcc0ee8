package dev.pfms.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pfms.api.model.IngestReport;
import dev.pfms.api.spi.IngestSource;
import java.time.LocalDate;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IngestOptionsTest {

  private static final IngestSource EARLY = IngestSource.ofText("early.csv",
      "Date,Payee,Amount\n01/02/2024,A,-1.00\n03/04/2024,B,-2.00\n");

  @Test
  void passesIngestorOptionsWhateverTheirKeyStyle() {
    for (String key : new String[] {"dayFirst", "day-first", "DAY_FIRST"}) {
      IngestReport r = IngestOptions.ingestor(EARLY, null, Map.of(key, "false"), "EUR", "Checking").ingest(EARLY);
      assertThat(r.transactions().get(0).bookingDate()).as(key).isEqualTo(LocalDate.of(2024, 1, 2));
      assertThat(r.transactions().get(0).amount().currency().getCurrencyCode()).isEqualTo("EUR");
      assertThat(r.transactions().get(0).account()).isEqualTo("Checking");
      assertThat(r.problems()).as(key).isEmpty();
    }
  }

  @Test
  void anUnknownKeyFailsWithTheKeysTheIngestorAccepts() {
    assertThatThrownBy(() -> IngestOptions.ingestor(EARLY, null, Map.of("dayfirts", "true"), null, null))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("day-first").hasMessageContaining("csv");
  }
}
