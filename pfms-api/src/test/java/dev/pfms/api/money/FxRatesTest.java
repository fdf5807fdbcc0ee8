package dev.pfms.api.money;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pfms.api.IngestException;
import dev.pfms.api.model.Money;
import java.io.StringReader;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Currency;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class FxRatesTest {

  private static final Currency GBP = Currency.getInstance("GBP");
  private static final Currency USD = Currency.getInstance("USD");
  private static final Currency EUR = Currency.getInstance("EUR");
  private static final Currency JPY = Currency.getInstance("JPY");

  // the ECB layout: newest first, trailing comma, N/A where nothing was published
  private static final String ECB = """
      Date,USD,JPY,GBP,ISK,
      2024-01-05,1.0921,158.08,0.86040,N/A,
      2024-01-04,1.0953,157.55,0.86240,150.30,
      2024-01-03,1.0919,155.84,0.86358,150.50,
      """;

  private static FxRates rates() throws Exception {
    return FxRates.readEcbCsv("eurofxref-hist.csv", new StringReader(ECB));
  }

  @Test
  @DisplayName("converts through the euro cross rate, exactly, rounded to the target's minor unit")
  void convertsThroughTheEuro() throws Exception {
    FxRates r = rates();
    assertThat(r.convert(Money.of("100.00", "EUR"), GBP, LocalDate.of(2024, 1, 5))).isEqualTo(Money.of("86.04", "GBP"));
    // 100 GBP → USD on 2024-01-04: 100 × 1.0953 / 0.86240 = 127.0060…
    assertThat(r.convert(Money.of("100.00", "GBP"), USD, LocalDate.of(2024, 1, 4))).isEqualTo(Money.of("127.01", "USD"));
    assertThat(r.convert(Money.of("10.00", "EUR"), JPY, LocalDate.of(2024, 1, 3)).amount()).isEqualByComparingTo(new BigDecimal("1558"));
    assertThat(r.rate(GBP, GBP, LocalDate.of(1999, 1, 1))).isEqualTo(BigDecimal.ONE);
    assertThat(r.currencies()).containsExactly("EUR", "GBP", "ISK", "JPY", "USD");
  }

  @Test
  @DisplayName("a weekend uses the last published rate; too old or absent is an error naming date and pair")
  void staleAndMissingRates() throws Exception {
    FxRates r = rates();
    assertThat(r.convert(Money.of("100.00", "EUR"), GBP, LocalDate.of(2024, 1, 7))).isEqualTo(Money.of("86.04", "GBP"));
    assertThatThrownBy(() -> r.convert(Money.of("1.00", "GBP"), USD, LocalDate.of(2024, 1, 13)))
        .isInstanceOf(FxRates.MissingRateException.class)
        .hasMessageContaining("GBP→USD").hasMessageContaining("2024-01-13");
    assertThatThrownBy(() -> r.convert(Money.of("1.00", "EUR"), Currency.getInstance("CHF"), LocalDate.of(2024, 1, 4)))
        .isInstanceOf(FxRates.MissingRateException.class).hasMessageContaining("no CHF column");
    assertThatThrownBy(() -> r.withMaxStaleDays(0).convert(Money.of("1.00", "EUR"), GBP, LocalDate.of(2024, 1, 6)))
        .isInstanceOf(FxRates.MissingRateException.class);
    // N/A on 2024-01-05 for ISK: the previous day's rate applies
    assertThat(r.rate(EUR, Currency.getInstance("ISK"), LocalDate.of(2024, 1, 5))).isEqualByComparingTo("150.30");
  }

  @Test
  @DisplayName("a malformed table names the file, the line and the field")
  void malformedTablesAreLocated() {
    assertThatThrownBy(() -> FxRates.readEcbCsv("r.csv", new StringReader("Date,USD,\n2024-01-05,1.09x,\n")))
        .isInstanceOf(IngestException.class).hasMessageContaining("r.csv").hasMessageContaining("2").hasMessageContaining("USD");
    assertThatThrownBy(() -> FxRates.readEcbCsv("r.csv", new StringReader("Date,USD,\n05/01/2024,1.09,\n")))
        .isInstanceOf(IngestException.class).hasMessageContaining("Date");
    assertThatThrownBy(() -> FxRates.readEcbCsv("r.csv", new StringReader("Date,XYZ1,\n")))
        .isInstanceOf(IngestException.class).hasMessageContaining("XYZ1");
    assertThatThrownBy(() -> FxRates.readEcbCsv("r.csv", new StringReader("Date,USD,\n2024-01-05,-1,\n")))
        .isInstanceOf(IngestException.class).hasMessageContaining("positive");
    assertThatThrownBy(() -> FxRates.readEcbCsv("r.csv", new StringReader("Date,USD,\n2024-01-05,1E+999999,\n")))
        .isInstanceOf(IngestException.class);
  }
}
