package dev.pfms.ml.stack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pfms.api.model.CompactTransactions;
import dev.pfms.api.model.Prediction;
import dev.pfms.api.model.Transaction;
import dev.pfms.api.spi.Categorizer;
import dev.pfms.api.spi.ProviderConfig;
import dev.pfms.tck.TckData;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** categorizeAll shares equal explanation lists (ADR 0019) without changing a prediction. */
class CategorizeAllSharingTest {

  @Test
  void predictionsAreTheModelsAndRepeatedExplanationsAreOneList() {
    Categorizer c = new StackedGbmProvider().create(ProviderConfig.of(Map.of("embeddings", "off")));
    c.train(TckData.labelled(24, 1));
    List<Transaction> history = new ArrayList<>();
    for (int r = 0; r < 3; r++) {
      history.addAll(TckData.ordinaryHistory(7));
    }
    List<Prediction> all = c.categorizeAll(CompactTransactions.of(history));
    assertThat(all).hasSize(history.size());
    Map<List<String>, Boolean> distinct = new IdentityHashMap<>();
    for (int i = 0; i < history.size(); i++) {
      assertThat(all.get(i)).isEqualTo(c.categorize(history.get(i)));
      distinct.put(all.get(i).explanation(), true);
    }
    // the history repeats itself three times: at most a third of the lists are distinct objects
    assertThat(distinct.size()).isLessThanOrEqualTo(history.size() / 3);
  }

  @Test
  void aHistoryOfSeveralChunksScoredSideBySideIsInOrderAndEqualsOneByOne() {
    Categorizer c = new StackedGbmProvider().create(ProviderConfig.of(Map.of("embeddings", "off")));
    c.train(TckData.labelled(24, 1));
    List<Transaction> history = new ArrayList<>();
    // more than three chunks of 8,192, each row a distinct (description, amount, date) so that a
    // prediction out of place would show
    List<Transaction> base = new ArrayList<>(TckData.ordinaryHistory(11));
    base.addAll(TckData.labelled(6, 5));
    for (int i = 0; history.size() < 3 * 8192 + 1000; i++) {
      Transaction t = base.get(i % base.size());
      history.add(t.toBuilder().category(null).bookingDate(t.bookingDate().plusDays(i / base.size()))
          .amount(new dev.pfms.api.model.Money(t.amount().amount().add(java.math.BigDecimal.valueOf(i % 97, 2)),
              t.amount().currency())).build());
    }
    List<Prediction> all = c.categorizeAll(CompactTransactions.of(history));
    assertThat(all).hasSize(history.size());
    for (int i = 0; i < history.size(); i += 7) {
      assertThat(all.get(i)).as("row %d", i).isEqualTo(c.categorize(history.get(i)));
    }
    assertThat(c.categorizeAll(history)).isEqualTo(all);
  }
}
