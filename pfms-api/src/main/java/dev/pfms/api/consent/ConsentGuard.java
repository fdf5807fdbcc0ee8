package dev.pfms.api.consent;

import dev.pfms.api.ConsentRequiredException;
import dev.pfms.api.model.AnomalyScore;
import dev.pfms.api.model.Category;
import dev.pfms.api.model.Forecast;
import dev.pfms.api.model.ModelMetadata;
import dev.pfms.api.model.Prediction;
import dev.pfms.api.model.Purpose;
import dev.pfms.api.model.TimeSeries;
import dev.pfms.api.model.Transaction;
import dev.pfms.api.io.ModelRef;
import dev.pfms.api.io.SavedModel;
import dev.pfms.api.spi.AnomalyDetector;
import dev.pfms.api.spi.AnomalyModel;
import dev.pfms.api.spi.Categorizer;
import dev.pfms.api.spi.ConsentLedger;
import dev.pfms.api.spi.Forecaster;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Enforces consent at the entry points that process a subject's data: wraps a {@link Categorizer},
 * {@link AnomalyDetector} or {@link Forecaster} so that every call first asks the ledger
 * ({@link ConsentLedger#require}) for the purpose, at the clock's current instant, and throws
 * {@link ConsentRequiredException} <em>before</em> the wrapped service sees any data.
 *
 * <pre>{@code
 * ConsentGuard guard = new ConsentGuard(ledger, Clock.systemUTC());
 * Categorizer cat = guard.categorizer(Pfms.categorizer("rules", cfg), "subject-42");
 * cat.categorize(tx);   // ConsentRequiredException unless subject-42 granted CATEGORIZATION
 * }</pre>
 *
 * <p>Purposes: categorizers need {@link Purpose#CATEGORIZATION}, anomaly detectors
 * {@link Purpose#ANOMALY_DETECTION}, forecasters {@link Purpose#FORECASTING}. The check runs on every
 * call, so a revocation takes effect on the next call. Immutable and thread-safe; the wrappers are
 * as thread-safe as the services they wrap.
 */
public final class ConsentGuard {

  private final ConsentLedger ledger;
  private final Clock clock;

  /**
   * Creates a guard.
   *
   * @param ledger where consent is recorded
   * @param clock the time consent is checked at
   */
  public ConsentGuard(ConsentLedger ledger, Clock clock) {
    this.ledger = Objects.requireNonNull(ledger, "ledger");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * Fails unless the subject's consent for the purpose is in force now.
   *
   * @param subject the subject
   * @param purpose the purpose
   * @throws ConsentRequiredException when it is not
   */
  public void require(String subject, Purpose purpose) {
    ledger.require(Objects.requireNonNull(subject, "subject"), Objects.requireNonNull(purpose, "purpose"),
        clock.instant());
  }

  /**
   * A categorizer that checks {@link Purpose#CATEGORIZATION} before training, categorizing,
   * recording corrections and retraining. {@code metadata()} and {@code save} touch no subject data
   * and pass straight through.
   *
   * @param delegate the categorizer
   * @param subject whose data it will see
   * @return the guarded categorizer
   */
  public Categorizer categorizer(Categorizer delegate, String subject) {
    Objects.requireNonNull(delegate, "delegate");
    Objects.requireNonNull(subject, "subject");
    return new Categorizer() {
      @Override
      public ModelMetadata train(List<Transaction> labelled) {
        require(subject, Purpose.CATEGORIZATION);
        return delegate.train(labelled);
      }

      @Override
      public Prediction categorize(Transaction transaction) {
        require(subject, Purpose.CATEGORIZATION);
        return delegate.categorize(transaction);
      }

      @Override
      public List<Prediction> categorizeAll(List<Transaction> transactions) {
        require(subject, Purpose.CATEGORIZATION);
        return delegate.categorizeAll(transactions);
      }

      @Override
      public void correct(Transaction transaction, Category category) {
        require(subject, Purpose.CATEGORIZATION);
        delegate.correct(transaction, category);
      }

      @Override
      public ModelMetadata retrain() {
        require(subject, Purpose.CATEGORIZATION);
        return delegate.retrain();
      }

      @Override
      public Optional<ModelMetadata> metadata() {
        return delegate.metadata();
      }

      @Override
      public void save(Path directory) throws IOException {
        delegate.save(directory);
      }

      @Override
      public String toString() {
        return "ConsentGuard.categorizer[" + delegate + "]";
      }
    };
  }

  /**
   * An anomaly detector that checks {@link Purpose#ANOMALY_DETECTION} before fitting and loading,
   * and whose models check it again before scoring and saving.
   *
   * @param delegate the detector
   * @param subject whose data it will see
   * @return the guarded detector
   */
  public AnomalyDetector anomalyDetector(AnomalyDetector delegate, String subject) {
    Objects.requireNonNull(delegate, "delegate");
    Objects.requireNonNull(subject, "subject");
    return new AnomalyDetector() {
      @Override
      public AnomalyModel fit(List<Transaction> history) {
        require(subject, Purpose.ANOMALY_DETECTION);
        return anomalyModel(delegate.fit(history), subject);
      }

      @Override
      public Fitted fitAndScore(List<Transaction> history) {
        require(subject, Purpose.ANOMALY_DETECTION);
        Fitted f = delegate.fitAndScore(history);
        return new Fitted(anomalyModel(f.model(), subject), f.scores());
      }

      @Override
      public AnomalyModel load(SavedModel saved) {
        require(subject, Purpose.ANOMALY_DETECTION);
        return anomalyModel(delegate.load(saved), subject);
      }

      @Override
      public AnomalyModel load(Path directory) throws IOException {
        require(subject, Purpose.ANOMALY_DETECTION);
        return anomalyModel(delegate.load(directory), subject);
      }

      @Override
      public AnomalyModel load(ModelRef ref) throws IOException {
        require(subject, Purpose.ANOMALY_DETECTION);
        return anomalyModel(delegate.load(ref), subject);
      }

      @Override
      public String toString() {
        return "ConsentGuard.anomalyDetector[" + delegate + "]";
      }
    };
  }

  /**
   * An anomaly model that checks {@link Purpose#ANOMALY_DETECTION} before scoring and saving.
   *
   * @param delegate the model
   * @param subject whose data it holds
   * @return the guarded model
   */
  public AnomalyModel anomalyModel(AnomalyModel delegate, String subject) {
    Objects.requireNonNull(delegate, "delegate");
    Objects.requireNonNull(subject, "subject");
    return new AnomalyModel() {
      @Override
      public List<AnomalyScore> score(List<Transaction> transactions) {
        require(subject, Purpose.ANOMALY_DETECTION);
        return delegate.score(transactions);
      }

      @Override
      public ModelRef save(Path directory) throws IOException {
        require(subject, Purpose.ANOMALY_DETECTION);
        return delegate.save(directory);
      }

      @Override
      public ModelMetadata metadata() {
        return delegate.metadata();
      }

      @Override
      public String toString() {
        return "ConsentGuard.anomalyModel[" + delegate + "]";
      }
    };
  }

  /**
   * A forecaster that checks {@link Purpose#FORECASTING} before forecasting.
   *
   * @param delegate the forecaster
   * @param subject whose data it will see
   * @return the guarded forecaster
   */
  public Forecaster forecaster(Forecaster delegate, String subject) {
    Objects.requireNonNull(delegate, "delegate");
    Objects.requireNonNull(subject, "subject");
    return new Forecaster() {
      @Override
      public Forecast forecast(TimeSeries history, int horizon, double level) {
        require(subject, Purpose.FORECASTING);
        return delegate.forecast(history, horizon, level);
      }

      @Override
      public String toString() {
        return "ConsentGuard.forecaster[" + delegate + "]";
      }
    };
  }

  @Override
  public String toString() {
    return "ConsentGuard[" + ledger + "]";
  }
}
