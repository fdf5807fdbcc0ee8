package dev.pfms.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.pfms.api.IngestException;
import dev.pfms.api.model.IngestProblem;
import dev.pfms.api.model.IngestReport;
import dev.pfms.api.model.IngestSummary;
import dev.pfms.api.model.Transaction;
import dev.pfms.api.spi.IngestSink;
import dev.pfms.api.spi.IngestSource;
import dev.pfms.api.spi.Ingestor;
import dev.pfms.api.spi.IngestorProvider;
import dev.pfms.api.spi.ProviderConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link IngestorProvider} must pass: it reads its valid samples into located
 * transactions with unique, stable ids and masked accounts; it recognizes them; malformed and random
 * input give an {@link IngestException} or located problems, never another exception; and it is safe
 * to share between threads.
 */
public abstract class IngestorContract {

  /**
   * The provider under test.
   *
   * @return a new provider instance
   */
  protected abstract IngestorProvider provider();

  /**
   * Options for {@link IngestorProvider#create}; empty by default.
   *
   * @return the options
   */
  protected ProviderConfig config() {
    return ProviderConfig.empty();
  }

  /**
   * Sources this ingestor must read, each with at least one transaction.
   *
   * @return the samples
   */
  protected abstract List<IngestSource> validSamples();

  /**
   * A source of this format that is broken somewhere (a bad row, a truncated document).
   *
   * @return the sample
   */
  protected abstract IngestSource malformedSample();

  private Ingestor create() {
    IngestorProvider p = provider();
    return p.create(config().validate(p.name(), p.options()));
  }

  @Test
  @DisplayName("provider name equals the ingestor's format")
  void nameIsFormat() {
    assertThat(create().format()).isEqualTo(provider().name());
    assertThat(provider().name()).matches("[a-z0-9][a-z0-9-]*");
    assertThat(provider().description()).isNotBlank();
  }

  @Test
  @DisplayName("valid samples give located transactions with unique ids, in a report named after the source")
  void readsValidSamples() {
    Ingestor in = create();
    for (IngestSource s : validSamples()) {
      IngestReport r = in.ingest(s);
      assertThat(r.source()).isEqualTo(s.name());
      assertThat(r.format()).isEqualTo(in.format());
      assertThat(r.transactions()).as("transactions of %s", s.name()).isNotEmpty();
      assertThat(r.transactions()).extracting(Transaction::id).doesNotHaveDuplicates();
      for (Transaction t : r.transactions()) {
        assertThat(t.provenance().source()).isEqualTo(s.name());
        assertThat(t.account()).as("account must be masked").doesNotContainPattern("\\d{7,}");
      }
    }
  }

  @Test
  @DisplayName("reading the same bytes twice gives the same ids")
  void idsAreStable() {
    Ingestor in = create();
    for (IngestSource s : validSamples()) {
      List<String> a = in.ingest(s).transactions().stream().map(Transaction::id).toList();
      List<String> b = in.ingest(s).transactions().stream().map(Transaction::id).toList();
      assertThat(b).isEqualTo(a);
    }
  }

  @Test
  @DisplayName("the streaming call delivers the report's transactions and problems, and a sink can stop it early")
  void streamingMatchesTheReportAndStopsEarly() {
    Ingestor in = create();
    List<IngestSource> sources = new ArrayList<>(validSamples());
    sources.add(malformedSample());
    for (IngestSource s : sources) {
      IngestReport report;
      try {
        report = in.ingest(s);
      } catch (IngestException e) {
        continue; // the whole source is unreadable: nothing to stream
      }
      List<Transaction> txs = new ArrayList<>();
      List<IngestProblem> problems = new ArrayList<>();
      int[] completed = {0};
      IngestSummary summary = in.ingest(s, new IngestSink() {
        @Override
        public boolean transaction(Transaction t) {
          return txs.add(t);
        }

        @Override
        public boolean problem(IngestProblem p) {
          return problems.add(p);
        }

        @Override
        public void complete(IngestSummary done) {
          completed[0]++;
        }
      });
      assertThat(txs).as("streamed transactions of %s", s.name()).isEqualTo(report.transactions());
      assertThat(problems).as("streamed problems of %s", s.name()).isEqualTo(report.problems());
      assertThat(summary.transactions()).isEqualTo(txs.size());
      assertThat(summary.problems()).isEqualTo(problems.size());
      assertThat(summary.stoppedEarly()).isFalse();
      assertThat(summary.layout()).isEqualTo(report.layout());
      assertThat(completed[0]).isEqualTo(1);

      if (!report.transactions().isEmpty()) {
        List<Transaction> first = new ArrayList<>();
        IngestSummary stopped = in.ingest(s, new IngestSink() {
          @Override
          public boolean transaction(Transaction t) {
            first.add(t);
            return false;
          }

          @Override
          public boolean problem(IngestProblem p) {
            return true;
          }
        });
        assertThat(first).containsExactly(report.transactions().get(0));
        assertThat(stopped.transactions()).isEqualTo(1);
        assertThat(stopped.stoppedEarly()).isTrue();
      }
    }
  }

  @Test
  @DisplayName("recognizes its own samples")
  void recognizesSamples() {
    Ingestor in = create();
    for (IngestSource s : validSamples()) {
      assertThat(in.recognize(s.head(64 * 1024), s.name())).as("recognize %s", s.name()).isBetween(1, 100);
    }
  }

  @Test
  @DisplayName("a malformed sample gives an IngestException or located problems, nothing else")
  void malformedInputIsReportedNotThrownWildly() {
    Ingestor in = create();
    IngestSource bad = malformedSample();
    try {
      IngestReport r = in.ingest(bad);
      assertThat(r.problems()).as("problems of %s", bad.name()).isNotEmpty();
      assertThat(r.problems()).allSatisfy(p -> {
        assertThat(p.source()).isEqualTo(bad.name());
        assertThat(p.reason()).isNotBlank();
      });
    } catch (IngestException e) {
      assertThat(e.getMessage()).contains(bad.name());
    }
  }

  @Test
  @DisplayName("random bytes never escape as anything but IngestException, and recognize stays in range")
  void randomBytesAreHandled() {
    Ingestor in = create();
    Random r = new Random(5);
    List<byte[]> inputs = new ArrayList<>();
    inputs.add(new byte[0]);
    for (int i = 0; i < 40; i++) {
      byte[] b = new byte[r.nextInt(600)];
      r.nextBytes(b);
      inputs.add(b);
    }
    for (IngestSource s : validSamples()) {
      byte[] head = s.head(4096);
      for (int i = 0; i < 10; i++) {
        byte[] m = head.clone();
        if (m.length > 0) {
          for (int k = 0; k < 1 + r.nextInt(8); k++) {
            m[r.nextInt(m.length)] = (byte) r.nextInt(256);
          }
          inputs.add(java.util.Arrays.copyOf(m, r.nextInt(m.length + 1)));
        }
      }
    }
    int n = 0;
    for (byte[] b : inputs) {
      String name = "random-" + (n++) + ".bin";
      assertThat(in.recognize(b, name)).isBetween(0, 100);
      try {
        in.ingest(IngestSource.of(name, b));
      } catch (IngestException expected) {
        assertThat(expected.getMessage()).contains(name);
      } catch (RuntimeException e) {
        fail("input " + name + " escaped as " + e, e);
      }
    }
  }

  @Test
  @DisplayName("concurrent ingestion gives the same result as sequential")
  void concurrentIngestion() throws Exception {
    Ingestor in = create();
    List<IngestSource> samples = validSamples();
    List<List<String>> expected = samples.stream()
        .map(s -> in.ingest(s).transactions().stream().map(Transaction::id).toList()).toList();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<List<List<String>>>> fs = new ArrayList<>();
      for (int k = 0; k < 4; k++) {
        fs.add(pool.submit(() -> samples.stream()
            .map(s -> in.ingest(s).transactions().stream().map(Transaction::id).toList()).toList()));
      }
      for (Future<List<List<String>>> f : fs) {
        assertThat(f.get(60, TimeUnit.SECONDS)).isEqualTo(expected);
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
