package dev.pfms.ml.embed;

import static org.assertj.core.api.Assumptions.assumeThat;

import dev.pfms.api.categorize.CascadeCategorizer;
import dev.pfms.core.categorize.RulesCategorizerProvider;
import dev.pfms.api.model.Category;
import dev.pfms.api.model.Money;
import dev.pfms.api.model.Prediction;
import dev.pfms.api.model.Provenance;
import dev.pfms.api.model.Transaction;
import dev.pfms.api.spi.Categorizer;
import dev.pfms.api.spi.ProviderConfig;
import java.io.IOException;
import java.io.Reader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;

/**
 * Development evaluation of embedding-gbm's stage-2 choices (learning curve: 1, 2, 5 examples per
 * label and 5-fold CV on all), on sample_data and the shared labelled set. Prints tables; asserts
 * nothing about accuracy. Runs only with {@code -Dpfms.eval=true}. The project-wide comparison with
 * tfidf-gbm is {@code dev.pfms.examples.eval.CategorizationEvaluation}.
 */
class EmbeddingEvaluationTest {

  static final Path CACHE = Path.of("target", "pfms-djl");

  @Test
  void printsLearningCurves() throws IOException {
    assumeThat(Boolean.getBoolean("pfms.eval")).as("set -Dpfms.eval=true to run the evaluation").isTrue();
    Map<String, List<Transaction>> sets = new LinkedHashMap<>();
    Path sample = Path.of(System.getProperty("maven.multiModuleProjectDirectory", ".."), "sample_data");
    if (!Files.isDirectory(sample)) {
      sample = Path.of("..", "sample_data");
    }
    if (Files.isDirectory(sample)) {
      sets.put("sample_data", readSample(sample));
    }
    Path za = Path.of(System.getProperty("pfms.shared.data", "../../shared/data"), "labelled", "za-bank-transactions.csv");
    if (Files.isRegularFile(za)) {
      sets.put("labelled/za", readZa(za));
    }
    Map<String, Supplier<Categorizer>> models = new LinkedHashMap<>();
    EmbeddingCategorizerProvider p = new EmbeddingCategorizerProvider();
    String heads = System.getProperty("pfms.eval.heads", "tfidf-knn,softmax,knn,cascade");
    for (String h : heads.split(",")) {
      switch (h) {
        case "softmax" -> models.put("emb+softmax", () -> p.createModel(cfg("softmax", "minilm")));
        case "knn" -> models.put("emb+knn", () -> p.createModel(cfg("knn", "minilm")));
        case "softmax-q" -> models.put("emb-int8+softmax", () -> p.createModel(cfg("softmax", "minilm-q")));
        case "tfidf-knn" -> models.put("tfidf+knn (ref)", TfidfKnn::new);
        case "cascade" -> models.put("rules->emb+softmax", () -> new CascadeCategorizer(List.of(
            new RulesCategorizerProvider().create(ProviderConfig.empty()), p.createModel(cfg("softmax", "minilm")))));
        default -> throw new IllegalArgumentException(h);
      }
    }
    int[] shots = {1, 2, 5};
    for (var set : sets.entrySet()) {
      List<Transaction> data = set.getValue();
      long labels = data.stream().map(Transaction::category).distinct().count();
      System.out.printf(Locale.ROOT, "%n== %s: %d rows, %d labels (accuracy %%; k-shot = mean of 3 seeds, test = the rest; all = 5-fold CV)%n",
          set.getKey(), data.size(), labels);
      System.out.printf(Locale.ROOT, "%-22s %8s %8s %8s %8s %10s%n", "model", "1/label", "2/label", "5/label", "all", "train+score s");
      for (var m : models.entrySet()) {
        long t0 = System.nanoTime();
        StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "%-22s", m.getKey()));
        for (int k : shots) {
          double acc = 0;
          for (int seed = 0; seed < 3; seed++) {
            acc += kShot(data, k, seed, m.getValue());
          }
          row.append(String.format(Locale.ROOT, " %8.1f", 100 * acc / 3));
        }
        row.append(String.format(Locale.ROOT, " %8.1f", 100 * crossValidate(data, 5, m.getValue())));
        row.append(String.format(Locale.ROOT, " %10.1f", (System.nanoTime() - t0) / 1e9));
        System.out.println(row);
      }
    }
  }

  static ProviderConfig cfg(String head, String model) {
    return ProviderConfig.builder().set("cacheDir", CACHE).set("head", head).set("model", model).set("cascade", false).build();
  }

  static double kShot(List<Transaction> data, int k, int seed, Supplier<Categorizer> model) {
    List<Transaction> shuffled = new ArrayList<>(data);
    Collections.shuffle(shuffled, new Random(seed));
    Map<Category, Integer> taken = new HashMap<>();
    List<Transaction> train = new ArrayList<>();
    List<Transaction> test = new ArrayList<>();
    for (Transaction t : shuffled) {
      if (taken.merge(t.category(), 1, Integer::sum) <= k) {
        train.add(t);
      } else {
        test.add(t);
      }
    }
    return accuracy(model.get(), train, test);
  }

  static double crossValidate(List<Transaction> data, int folds, Supplier<Categorizer> model) {
    List<Transaction> shuffled = new ArrayList<>(data);
    Collections.shuffle(shuffled, new Random(42));
    double right = 0;
    for (int f = 0; f < folds; f++) {
      List<Transaction> train = new ArrayList<>();
      List<Transaction> test = new ArrayList<>();
      for (int i = 0; i < shuffled.size(); i++) {
        (i % folds == f ? test : train).add(shuffled.get(i));
      }
      right += accuracy(model.get(), train, test) * test.size();
    }
    return right / data.size();
  }

  static double accuracy(Categorizer c, List<Transaction> train, List<Transaction> test) {
    c.train(train);
    List<Prediction> ps = c.categorizeAll(test.stream().map(t -> t.withCategory(null)).toList());
    int ok = 0;
    for (int i = 0; i < test.size(); i++) {
      if (ps.get(i).category().equals(test.get(i).category())) {
        ok++;
      }
    }
    return ok / (double) test.size();
  }

  static List<Transaction> readSample(Path dir) throws IOException {
    Map<Long, String> truth = new HashMap<>();
    try (Reader r = Files.newBufferedReader(dir.resolve("truth.csv"), StandardCharsets.UTF_8)) {
      for (CSVRecord rec : CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get().parse(r)) {
        truth.put(Long.parseLong(rec.get("line")), rec.get("category"));
      }
    }
    List<Transaction> out = new ArrayList<>();
    try (Reader r = Files.newBufferedReader(dir.resolve("transactions.csv"), StandardCharsets.UTF_8)) {
      for (CSVRecord rec : CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get().parse(r)) {
        long line = rec.getRecordNumber() + 1;
        out.add(Transaction.builder().account(rec.get("Account")).bookingDate(LocalDate.parse(rec.get("Date")))
            .amount(Money.of(rec.get("Amount"), rec.get("Currency"))).description(rec.get("Description"))
            .category(Category.of(truth.get(line))).provenance(new Provenance("transactions.csv", line))
            .occurrence((int) line).build());
      }
    }
    return out;
  }

  static List<Transaction> readZa(Path file) throws IOException {
    List<Transaction> out = new ArrayList<>();
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      for (CSVRecord rec : CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get().parse(r)) {
        BigDecimal amount;
        try {
          amount = new BigDecimal(rec.get("amount").replace(" ", ""));
        } catch (RuntimeException e) {
          continue; // a few rows have the amount shifted into another column
        }
        String date = rec.get("date");
        LocalDate d = LocalDate.parse(date.length() >= 10 ? date.substring(0, 10) : "2023-01-01");
        long line = rec.getRecordNumber() + 1;
        out.add(Transaction.builder().account("za").bookingDate(d).amount(Money.of(amount.toPlainString(), "ZAR"))
            .description(rec.get("description")).category(Category.of(rec.get("label")))
            .provenance(new Provenance("za-bank-transactions.csv", line)).occurrence((int) line).build());
      }
    }
    return out;
  }
}
