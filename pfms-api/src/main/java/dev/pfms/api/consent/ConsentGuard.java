package dev.pfms.api.consent;

import dev.pfms.api.ConsentRequiredException;
import dev.pfms.api.model.Purpose;
import dev.pfms.api.model.Transaction;
import dev.pfms.api.spi.AnomalyDetector;
import dev.pfms.api.spi.AnomalyModel;
import dev.pfms.api.spi.Categorizer;
import dev.pfms.api.spi.ConsentLedger;
import dev.pfms.api.spi.Forecaster;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;

/**
 * Enforces consent at the entry points that process a subject's data: wraps a {@link Categorizer},
 * {@link AnomalyDetector} or {@link Forecaster} so that <em>every</em> method of the interface
 * (including {@code save} and {@code metadata}, and any method added to the interface later) first
 * asks the ledger ({@link ConsentLedger#require}) for the purpose, at the clock's current instant,
 * and throws {@link ConsentRequiredException} <em>before</em> the wrapped service sees any data.
 *
 * <pre>{@code
 * ConsentGuard guard = new ConsentGuard(ledger, Clock.systemUTC());
 * Categorizer cat = guard.categorizer(Pfms.categorizer("rules", cfg), "subject-42");
 * cat.categorize(tx);   // ConsentRequiredException unless subject-42 granted CATEGORIZATION
 * }</pre>
 *
 * <p>Purposes: categorizers need {@link Purpose#CATEGORIZATION}, anomaly detectors
 * {@link Purpose#ANOMALY_DETECTION}, forecasters {@link Purpose#FORECASTING}. Scope: a call whose
 * arguments carry transactions needs consent for scope {@code "account:<id>"} of every account among
 * them (a grant for one account covers that account's data only); a call without transactions
 * (retrain, save, metadata, forecast of an aggregated series) needs scope {@code "*"}. The check runs
 * on every call, so a revocation takes effect on the next call; ledgers fail closed, so a tampered
 * ledger refuses every call. Immutable and thread-safe; the wrappers are as thread-safe as the
 * services they wrap.
 */
public final class ConsentGuard {

  /** The scope prefix of an account: {@code "account:" + Transaction.account()}. */
  public static final String ACCOUNT_SCOPE_PREFIX = "account:";

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
   * Fails unless the subject's consent for the purpose is in force now for all of its data.
   *
   * @param subject the subject
   * @param purpose the purpose
   * @throws ConsentRequiredException when it is not
   */
  public void require(String subject, Purpose purpose) {
    require(subject, purpose, ConsentState.ALL);
  }

  /**
   * Fails unless the subject's consent for the purpose is in force now for the scope.
   *
   * @param subject the subject
   * @param purpose the purpose
   * @param scope {@code "*"} or e.g. {@code "account:1234"}
   * @throws ConsentRequiredException when it is not
   */
  public void require(String subject, Purpose purpose, String scope) {
    ledger.require(Objects.requireNonNull(subject, "subject"), Objects.requireNonNull(purpose, "purpose"),
        Objects.requireNonNull(scope, "scope"), clock.instant());
  }

  /**
   * The scopes a call with these arguments needs: the account scope of every transaction among
   * them, or {@code "*"} when they carry none.
   *
   * @param args the call's arguments (may be {@code null} for none)
   * @return the scopes, in first-seen order
   */
  public static Set<String> scopesOf(Object[] args) {
    Set<String> scopes = new LinkedHashSet<>();
    if (args != null) {
      for (Object a : args) {
        if (a instanceof Transaction t) {
          scopes.add(ACCOUNT_SCOPE_PREFIX + t.account());
        } else if (a instanceof Collection<?> c) {
          for (Object o : c) {
            if (o instanceof Transaction t) {
              scopes.add(ACCOUNT_SCOPE_PREFIX + t.account());
            }
          }
        }
      }
    }
    if (scopes.isEmpty()) {
      scopes.add(ConsentState.ALL);
    }
    return scopes;
  }

  /**
   * A categorizer that checks {@link Purpose#CATEGORIZATION} before every method: training,
   * categorizing, corrections, retraining, {@code metadata()} and {@code save} (a saved model holds
   * what was learned from the subject's data).
   *
   * @param delegate the categorizer
   * @param subject whose data it will see
   * @return the guarded categorizer
   */
  public Categorizer categorizer(Categorizer delegate, String subject) {
    return guarded(Categorizer.class, delegate, subject, Purpose.CATEGORIZATION);
  }

  /**
   * An anomaly detector that checks {@link Purpose#ANOMALY_DETECTION} before every method; the
   * models it fits or loads are guarded the same way ({@link #anomalyModel}), so scoring and saving
   * check consent too.
   *
   * @param delegate the detector
   * @param subject whose data it will see
   * @return the guarded detector
   */
  public AnomalyDetector anomalyDetector(AnomalyDetector delegate, String subject) {
    return guarded(AnomalyDetector.class, delegate, subject, Purpose.ANOMALY_DETECTION);
  }

  /**
   * An anomaly model that checks {@link Purpose#ANOMALY_DETECTION} before every method (scoring,
   * saving, metadata).
   *
   * @param delegate the model
   * @param subject whose data it holds
   * @return the guarded model
   */
  public AnomalyModel anomalyModel(AnomalyModel delegate, String subject) {
    return guarded(AnomalyModel.class, delegate, subject, Purpose.ANOMALY_DETECTION);
  }

  /**
   * A forecaster that checks {@link Purpose#FORECASTING} before every method.
   *
   * @param delegate the forecaster
   * @param subject whose data it will see
   * @return the guarded forecaster
   */
  public Forecaster forecaster(Forecaster delegate, String subject) {
    return guarded(Forecaster.class, delegate, subject, Purpose.FORECASTING);
  }

  /**
   * Wraps any service interface so that every one of its methods requires consent first; only
   * {@code toString}, {@code hashCode} and {@code equals} pass without a check. Built on a
   * {@link Proxy}, so a method added to the interface later is covered without a change here.
   *
   * @param <T> the service type
   * @param type the interface
   * @param delegate the service
   * @param subject whose data it will see
   * @param purpose the purpose its methods serve
   * @return the guarded service
   */
  public <T> T guarded(Class<T> type, T delegate, String subject, Purpose purpose) {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(delegate, "delegate");
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(purpose, "purpose");
    if (!type.isInterface()) {
      throw new IllegalArgumentException(type + " is not an interface");
    }
    InvocationHandler h = (proxy, method, args) -> {
      if (method.getDeclaringClass() == Object.class) {
        return switch (method.getName()) {
          case "toString" -> "ConsentGuard." + type.getSimpleName() + "[" + delegate + "]";
          case "hashCode" -> System.identityHashCode(proxy);
          case "equals" -> proxy == args[0];
          default -> method.invoke(delegate, args);
        };
      }
      for (String scope : scopesOf(args)) {
        require(subject, purpose, scope);
      }
      Object result;
      try {
        result = method.invoke(delegate, args);
      } catch (InvocationTargetException e) {
        throw e.getCause();
      }
      // a fitted anomaly model holds what was learned from the subject's data: guard it as well
      if (result instanceof AnomalyModel m && method.getReturnType() == AnomalyModel.class) {
        return guarded(AnomalyModel.class, m, subject, purpose);
      }
      if (result instanceof AnomalyDetector.Fitted f) {
        return new AnomalyDetector.Fitted(guarded(AnomalyModel.class, f.model(), subject, purpose), f.scores());
      }
      return result;
    };
    return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, h));
  }

  @Override
  public String toString() {
    return "ConsentGuard[" + ledger + "]";
  }
}
