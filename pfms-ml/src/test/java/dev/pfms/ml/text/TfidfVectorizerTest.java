package dev.pfms.ml.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TfidfVectorizerTest {

  private static final List<List<String>> DOCS = List.of(
      BankText.tokens("POS TESCO STORES LONDON"), BankText.tokens("TESCO EXPRESS"),
      BankText.tokens("SHELL OIL LONDON"), BankText.tokens("NETFLIX COM"));

  @Test
  void vectorsAreUnitLengthAndIgnoreUnknownTerms() {
    TfidfVectorizer v = TfidfVectorizer.fit(DOCS, 10_000);
    SparseVector x = v.transform(BankText.tokens("TESCO EXPRESS ZZQX"));
    assertThat(x.dot(x)).isCloseTo(1.0, offset(1e-12));
    assertThat(v.transform(List.of("zzqx")).size()).isZero();
    for (int i = 1; i < x.indices().length; i++) {
      assertThat(x.indices()[i]).isGreaterThan(x.indices()[i - 1]);
    }
  }

  @Test
  void memoizedTokensGiveTheSameVectorAsTheFirstTime() {
    TfidfVectorizer v = TfidfVectorizer.fit(DOCS, 10_000);
    List<String> doc = BankText.tokens("POS TESCO STORES TESCO LONDON");
    SparseVector first = v.transform(doc);
    SparseVector again = v.transform(doc);
    assertThat(again).isEqualTo(first);
    // the unigram "tesco" occurs twice: sublinear tf 1 + ln 2 relative to the single "london"
    int tesco = java.util.Arrays.binarySearch(first.indices(), v.indexOf("w:tesco"));
    assertThat(tesco).isNotNegative();
  }

  @Test
  void rarerTermsWeighMoreAndCharacterGramsMatchTruncatedMerchants() {
    TfidfVectorizer v = TfidfVectorizer.fit(DOCS, 10_000);
    double[] idf = v.idf();
    assertThat(idf[v.indexOf("w:netflix")]).isGreaterThan(idf[v.indexOf("w:tesco")]);
    SparseVector truncated = v.transform(BankText.tokens("TESC"));
    SparseVector full = v.transform(BankText.tokens("TESCO"));
    assertThat(truncated.dot(full)).isGreaterThan(0.3);
    assertThat(v.transform(BankText.tokens("SHELL")).dot(full)).isZero();
  }

  @Test
  void chiSquaredSelectionGivesEveryLabelAndEveryMerchantItsOwnTerm() {
    List<List<String>> docs = new ArrayList<>();
    List<Integer> labels = new ArrayList<>();
    String[] grocers = {"TESCO", "ALDI", "LIDL", "WAITROSE", "ASDA", "MORRISONS"};
    for (int k = 0; k < 5; k++) {
      for (String g : grocers) {
        docs.add(BankText.tokens("POS " + g + " STORES"));
        labels.add(0);
      }
      docs.add(BankText.tokens("SHELL OIL"));
      labels.add(1);
    }
    docs.add(BankText.tokens("NETFLIX COM"));
    labels.add(2);
    TfidfVectorizer v = TfidfVectorizer.fit(docs, 10_000);
    List<SparseVector> vectors = docs.stream().map(v::transform).toList();
    int[] y = labels.stream().mapToInt(Integer::intValue).toArray();
    int[] selected = ChiSquareSelector.select(vectors, y, 3, v.size(), 9, null);
    List<String> terms = new ArrayList<>();
    for (int s : selected) {
      terms.add(v.term(s));
    }
    assertThat(terms).hasSize(9);
    // every grocer document is covered by some selected term, the one-example label gets a term too
    for (int d = 0; d < docs.size(); d++) {
      boolean covered = false;
      for (int s : selected) {
        for (int t : vectors.get(d).indices()) {
          covered |= t == s;
        }
      }
      assertThat(covered).as("document %s has a selected term", docs.get(d)).isTrue();
    }
  }
}
