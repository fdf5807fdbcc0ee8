package dev.pfms.ml.embed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class SentenceEmbedderTest {

  static final Path CACHE = Path.of("target", "pfms-djl");

  static double sim(SentenceEmbedder e, String a, String b) {
    List<float[]> v = e.embed(List.of(a, b), 8);
    return SentenceEmbedder.cosine(v.get(0), v.get(1));
  }

  @Test
  void coffeeShopMerchantIsNearerCoffeeThanFuel() {
    SentenceEmbedder e = SentenceEmbedder.open("minilm", CACHE);
    double coffee = sim(e, "STARBUCKS STORE", "coffee shop");
    double fuel = sim(e, "STARBUCKS STORE", "fuel");
    System.out.printf("minilm: STARBUCKS~coffee shop %.3f, STARBUCKS~fuel %.3f%n", coffee, fuel);
    assertThat(coffee).isGreaterThan(fuel + 0.15);
    assertThat(sim(e, "SHELL PETROL STATION", "fuel")).isGreaterThan(sim(e, "SHELL PETROL STATION", "coffee shop"));
    assertThat(sim(e, "TESCO STORES", "groceries supermarket")).isGreaterThan(sim(e, "TESCO STORES", "salary"));
  }

  @Test
  void producesUnitLengthVectorsOfTheModelDimensionAndBatchEqualsSingle() {
    SentenceEmbedder e = SentenceEmbedder.open("minilm", CACHE);
    assertThat(e.dimension()).isEqualTo(384);
    List<float[]> batch = e.embed(List.of("NETFLIX COM", "a much longer description of a direct debit to a utility"), 2);
    float[] single = e.embedOne("NETFLIX COM");
    assertThat(SentenceEmbedder.cosine(batch.get(0), batch.get(0))).isCloseTo(1.0, within(1e-4));
    assertThat(SentenceEmbedder.cosine(batch.get(0), single)).isCloseTo(1.0, within(1e-4));
    assertThat(e.modelId()).startsWith("all-minilm-l6-v2-");
  }

  @Test
  void lengthGroupedBatchesReturnEveryVectorInTheCallersOrderUnchanged() {
    SentenceEmbedder e = SentenceEmbedder.open("minilm", CACHE);
    List<String> s = List.of("SEPA CREDIT TRANSFER FROM ACME GMBH INVOICE 2024-118 REF 99812 BERLIN DE", "TFL",
        "TESCO STORES 2041", "NETFLIX COM", "DIRECT DEBIT BRITISH GAS SERVICES LTD ACCOUNT 88123", "UBER");
    List<float[]> grouped = e.embed(s, 4);
    List<float[]> plain = e.embed(s, 4, false);
    assertThat(grouped).hasSize(s.size());
    for (int i = 0; i < s.size(); i++) {
      assertThat(SentenceEmbedder.cosine(grouped.get(i), plain.get(i))).as(s.get(i)).isCloseTo(1.0, within(1e-4));
      assertThat(SentenceEmbedder.cosine(grouped.get(i), e.embedOne(s.get(i)))).as(s.get(i))
          .isCloseTo(1.0, within(1e-4));
    }
    assertThat(SentenceEmbedder.cosine(grouped.get(1), grouped.get(5))).isLessThan(0.999); // not shuffled
  }

  @Test
  void quantizedModelKeepsTheSameSemantics() {
    SentenceEmbedder q = SentenceEmbedder.open("minilm-q", CACHE);
    double coffee = sim(q, "STARBUCKS STORE", "coffee shop");
    double fuel = sim(q, "STARBUCKS STORE", "fuel");
    System.out.printf("minilm-q: STARBUCKS~coffee shop %.3f, STARBUCKS~fuel %.3f%n", coffee, fuel);
    assertThat(coffee).isGreaterThan(fuel + 0.1);
    float[] a = q.embedOne("TESCO STORES");
    float[] b = SentenceEmbedder.open("minilm", CACHE).embedOne("TESCO STORES");
    assertThat(SentenceEmbedder.cosine(a, b)).isGreaterThan(0.9);
  }
}
