package dev.pfms.core.recurring;

import dev.pfms.api.model.Money;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An account's projected balance: the daily path, the recurring items it includes, and when the
 * balance is first expected to fall below the threshold.
 *
 * <p>{@code firstBelow} and {@code firstLowerBelow} may be {@code null}; use the {@code find…}
 * accessors.
 *
 * @param account the account
 * @param threshold the balance threshold asked about
 * @param level the nominal level of the path's bounds
 * @param path one point per day, from the first forecast day
 * @param recurring the recurring items placed on the path
 * @param residualModel the model that forecast the non-recurring rest, e.g. {@code ETS(A,N,N)}
 * @param firstBelow the first day the expected balance is below the threshold, or {@code null}
 * @param firstLowerBelow the first day the lower bound is below the threshold, or {@code null}
 */
public record CashFlowForecast(
    String account,
    Money threshold,
    double level,
    List<BalancePoint> path,
    List<ExpectedPayment> recurring,
    String residualModel,
    LocalDate firstBelow,
    LocalDate firstLowerBelow) {

  /** Validates the fields and copies the lists. */
  public CashFlowForecast {
    Objects.requireNonNull(account, "account");
    Objects.requireNonNull(threshold, "threshold");
    Objects.requireNonNull(residualModel, "residualModel");
    path = List.copyOf(path);
    recurring = List.copyOf(recurring);
  }

  /**
   * The first day the expected balance is below the threshold.
   *
   * @return the day, if within the horizon
   */
  public Optional<LocalDate> findFirstBelow() {
    return Optional.ofNullable(firstBelow);
  }

  /**
   * The first day the balance may be below the threshold (lower bound of the path).
   *
   * @return the day, if within the horizon
   */
  public Optional<LocalDate> findFirstLowerBelow() {
    return Optional.ofNullable(firstLowerBelow);
  }
}
