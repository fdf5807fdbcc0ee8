package dev.pfms.api.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pfms.api.pipeline.AnalysisResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CompactAnomalyScoresTest {

  @Test
  void everyScoreComesBackEqualAndTheResultKeepsTheCompactList() {
    List<Transaction> txs = CompactTransactionsTest.awkward();
    List<AnomalyScore> plain = new ArrayList<>();
    for (int i = 0; i < txs.size(); i++) {
      boolean flagged = i % 4 == 1;
      plain.add(new AnomalyScore(txs.get(i).id(), i == 2 ? Double.MIN_VALUE : 0.31 + i / 7.0, flagged,
          flagged ? List.of("amount is 9.1 times the usual at this merchant", "new merchant") : List.of()));
    }
    CompactAnomalyScores.Builder b = CompactAnomalyScores.builder(2);
    plain.forEach(b::add);
    CompactAnomalyScores c = b.build();
    assertThat(c).isEqualTo(plain);
    assertThat(c.hashCode()).isEqualTo(plain.hashCode());
    for (int i = 0; i < plain.size(); i++) {
      assertThat(c.get(i).transactionId()).isEqualTo(txs.get(i).id());
      assertThat(Double.doubleToRawLongBits(c.get(i).score()))
          .isEqualTo(Double.doubleToRawLongBits(plain.get(i).score()));
    }
    List<Prediction> p = new ArrayList<>();
    for (int i = 0; i < txs.size(); i++) {
      p.add(new Prediction(Category.UNCATEGORIZED, 0, List.of(), List.of(), true, "m"));
    }
    assertThat(new AnalysisResult(txs, p, c, Map.of()).anomalies()).isSameAs(c);
  }
}
