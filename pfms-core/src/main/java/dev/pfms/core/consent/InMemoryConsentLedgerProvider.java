package dev.pfms.core.consent;

import dev.pfms.api.consent.ConsentClock;
import dev.pfms.api.consent.ConsentGuard;
import dev.pfms.api.consent.ConsentState;
import dev.pfms.api.spi.ConfigKey;
import dev.pfms.api.spi.ConsentLedger;
import dev.pfms.api.spi.ConsentLedgerProvider;
import dev.pfms.api.spi.ProviderConfig;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * The {@code in-memory} consent ledger: hash-chained but <strong>not durable</strong>, for tests and
 * demos only. Option {@code maxClockSkew} (ISO-8601 duration, default 5 minutes): the largest accepted
 * difference between an appended event's time and the ledger's clock; {@code clock} (a {@link java.time.Clock}, given programmatically) the ledger's clock. Durable ledgers (pfms-crypto's {@code hash-chain}) have a higher
 * priority, so {@code Pfms.registry().preferred(ConsentLedgerProvider.class)} never picks this one
 * when a durable ledger is installed.
 */
public final class InMemoryConsentLedgerProvider implements ConsentLedgerProvider {

  /** Creates the provider (cheap, stateless). */
  public InMemoryConsentLedgerProvider() {}

  @Override
  public String name() {
    return "in-memory";
  }

  @Override
  public String description() {
    return "hash-chained consent ledger held in memory; NOT durable, for tests and demos";
  }

  @Override
  public int priority() {
    return -10;
  }

  /** The largest accepted difference between an appended event's time and the ledger clock. */
  public static final ConfigKey<Duration> MAX_CLOCK_SKEW = ConfigKey.ofDuration("maxClockSkew",
      ConsentClock.DEFAULT_MAX_SKEW, "largest accepted difference between an event's time and the ledger clock");

  /** The ledger's clock (given programmatically; default the system UTC clock). */
  public static final ConfigKey<Clock> CLOCK = ConfigKey.ofObject("clock", Clock.class, null,
      "the ledger's clock (default: system UTC)");

  @Override
  public List<ConfigKey<?>> options() {
    return List.of(MAX_CLOCK_SKEW, CLOCK);
  }

  @Override
  public ConsentLedger create(ProviderConfig config) {
    return new InMemoryConsentLedger(new ConsentClock(config.find(CLOCK).orElse(Clock.systemUTC()), config.get(MAX_CLOCK_SKEW)));
  }
}
