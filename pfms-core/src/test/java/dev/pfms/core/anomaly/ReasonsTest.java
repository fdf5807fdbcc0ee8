package dev.pfms.core.anomaly;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pfms.api.Pfms;
import dev.pfms.api.model.AnomalyScore;
import dev.pfms.api.model.Money;
import dev.pfms.api.model.Provenance;
import dev.pfms.api.model.Taxonomy;
import dev.pfms.api.model.Transaction;
import dev.pfms.api.spi.AnomalyModel;
import dev.pfms.api.spi.ProviderConfig;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReasonsTest {

  @Test
  void categoriesAreNamedForPeopleNotByCode() {
    assertThat(Reasons.categoryName("MEDICAL_PHARMACY")).isEqualTo(Taxonomy.standard()
        .label(Taxonomy.standard().get("MEDICAL_PHARMACY"))).doesNotContain("_");
    assertThat(Reasons.categoryName("MY_OWN_CODE")).isEqualTo("MY_OWN_CODE");
  }

  @Test
  void aLargeAmountInACategoryIsExplainedWithTheCategorysName() {
    List<Transaction> h = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      String merchant = "PHARMACY " + (char) ('A' + i % 20);
      h.add(Transaction.builder().account("current").bookingDate(LocalDate.of(2025, 1, 1).plusDays(3L * i))
          .amount(Money.of("-" + (5 + i % 4) + ".10", "GBP")).description(merchant).merchant(merchant)
          .category(Taxonomy.standard().get("MEDICAL_PHARMACY")).provenance(new Provenance("h", i + 1)).build());
    }
    AnomalyModel model = Pfms.anomalyDetector("robust-zscore", ProviderConfig.empty()).fit(h);
    Transaction big = Transaction.builder().account("current").bookingDate(LocalDate.of(2025, 6, 1))
        .amount(Money.of("-300.00", "GBP")).description("PHARMACY NEW").merchant("PHARMACY NEW")
        .category(Taxonomy.standard().get("MEDICAL_PHARMACY")).provenance(new Provenance("n", 1)).build();
    AnomalyScore s = model.score(List.of(big)).get(0);
    assertThat(s.reasons()).isNotEmpty();
    assertThat(String.join(" | ", s.reasons())).doesNotContain("MEDICAL_PHARMACY");
    assertThat(String.join(" | ", s.reasons())).contains(Reasons.categoryName("MEDICAL_PHARMACY"));
  }
}
