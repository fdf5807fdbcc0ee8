package dev.pfms.examples.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pfms.api.model.Forecast;
import dev.pfms.api.model.TimeSeries;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class ReplayForecasterTest {

  private static final String JSON = """
      {"series":[{"setup":"monthly","name":"FOOD","frequency":12,"origins":[
        {"origin":2,"mean":[10.5,-3],"lower80":[-1,-5],"upper80":[20,4],"lower95":[-2,-6],"upper95":[30,5]},
        {"origin":3,"mean":7,"lower80":1,"upper80":9,"lower95":0.5,"upper95":11}]}]}""";

  private static TimeSeries food(int n) {
    List<BigDecimal> v = java.util.Collections.nCopies(n, new BigDecimal("5.00"));
    return new TimeSeries("FOOD", dev.pfms.api.model.Granularity.MONTHLY, java.time.LocalDate.of(2024, 1, 1),
        java.util.Currency.getInstance("GBP"), v);
  }

  @Test
  void replaysRsForecastsCensoredAtZeroIncludingOneStepScalars() throws Exception {
    ReplayForecaster r = ReplayForecaster.of(new ObjectMapper().readTree(JSON), "monthly");
    Forecast f = r.forecast(food(2), 2, 0.8);
    assertThat(f.points().get(0).mean()).isEqualByComparingTo("10.50");
    assertThat(f.points().get(1).mean()).isEqualByComparingTo("0");
    assertThat(f.points().get(0).lower()).isEqualByComparingTo("0");
    assertThat(f.points().get(0).periodStart()).isEqualTo(java.time.LocalDate.of(2024, 3, 1));
    assertThat(r.forecast(food(3), 1, 0.95).points().get(0).upper()).isEqualByComparingTo("11");
    assertThatThrownBy(() -> r.forecast(food(4), 1, 0.8)).hasMessageContaining("origin 4");
    assertThatThrownBy(() -> r.forecast(food(2), 1, 0.9)).hasMessageContaining("80% and 95%");
    assertThat(ReplayForecaster.of(new ObjectMapper().readTree(JSON), "weekly").covers(List.of(food(2)))).isFalse();
  }

  @Test
  void theCommittedReferenceCoversEverySampleBacktestSeries() throws Exception {
    String dir = System.getProperty("pfms.sample.data");
    Assumptions.assumeTrue(dir != null && Files.isDirectory(Path.of(dir)), "sample_data not found");
    Path ref = Path.of(dir).resolveSibling("tools/reference/ets/ets_backtest.json");
    JsonNode root = new ObjectMapper().readTree(ref.toFile());
    List<dev.pfms.api.model.Transaction> txs = ForecastBacktest.spending(Path.of(dir));
    for (ForecastBacktest.Setup s : ForecastBacktest.setups()) {
      // stale when sample_data changes: rerun ReferenceSeries and tools/reference/ets/ets_backtest.R
      assertThat(ReplayForecaster.of(root, s.key()).covers(ForecastBacktest.backtestSeries(txs, s)))
          .as(s.key()).isTrue();
    }
  }
}
