package dev.pfms.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pfms.api.Pfms;
import dev.pfms.api.spi.ConsentLedgerProvider;
import dev.pfms.crypto.ledger.HashChainConsentLedgerProvider;
import dev.pfms.tck.Registrations;
import org.junit.jupiter.api.Test;

class RegistrationTest {

  @Test
  void moduleInfoAndServicesAgree() throws Exception {
    Registrations.assertModuleInfoMatchesServices(HashChainConsentLedgerProvider.class);
  }

  @Test
  void hashChainLedgerIsDiscoveredAndPreferredOverTheInMemoryOne() {
    assertThat(Pfms.available(ConsentLedgerProvider.class)).contains("hash-chain", "in-memory");
    assertThat(Pfms.registry().preferred(ConsentLedgerProvider.class)).get()
        .extracting(ConsentLedgerProvider::name).isEqualTo("hash-chain");
  }
}
