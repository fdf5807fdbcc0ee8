package dev.pfms.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pfms.api.categorize.CorrectionStore.Correction;
import dev.pfms.api.model.Category;
import dev.pfms.api.model.Transaction;
import dev.pfms.api.spi.ProviderConfig;
import dev.pfms.api.store.FieldProtector;
import dev.pfms.api.store.Store;
import dev.pfms.crypto.field.EncryptingFieldProtector;
import dev.pfms.crypto.field.FieldEncryptor;
import dev.pfms.crypto.field.FieldKeyset;
import dev.pfms.tck.StoreContract;
import dev.pfms.tck.StoreFixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole store contract with field encryption on, and proof that the file holds no plaintext. */
class EncryptedSqliteStoreTest extends StoreContract {

  private static final FieldProtector PROTECTOR = EncryptingFieldProtector.of(FieldEncryptor.create(FieldKeyset.generate()));

  @TempDir Path dir;

  private ProviderConfig config(FieldProtector p) {
    return ProviderConfig.builder().set(SqliteStoreProvider.PATH, dir.resolve("pfms.db"))
        .set(SqliteStoreProvider.FIELD_PROTECTOR, p).build();
  }

  @Override
  protected Store createStore() {
    return new SqliteStoreProvider().create(config(PROTECTOR));
  }

  @Override
  protected Store createStoreAtSchema(int version) {
    return SqliteStoreProvider.open(config(PROTECTOR), version);
  }

  @Override
  protected String providerName() {
    return "sqlite";
  }

  @Override
  protected Map<String, String> workerConfig() {
    throw new org.opentest4j.TestAbortedException("a second process would need the keys: covered by SqliteStoreTest");
  }

  @Test
  void theDatabaseFileHoldsNoDescriptionAccountOrMerchantInClear() throws Exception {
    Store store = open();
    List<Transaction> st = new java.util.ArrayList<>(StoreFixtures.statement("s.csv", 0, 200));
    st.set(3, st.get(3).toBuilder().counterparty("JANSEN KINDEROPVANG").counterpartyAccount("****4321")
        .memo("Factuur kinderopvang maart").build());
    store.importStatement("s.csv", st, List.of());
    store.corrections().add(Correction.of(st.get(0), Category.of("FOOD_AND_DRINK_COFFEE"), Instant.now()));
    store.learnPayee("ALBERT HEIJN AMSTERDAM", Category.of("FOOD_AND_DRINK_GROCERIES"), Instant.now());
    store.payeeMap(false).teach(st.get(3), "Jansen Kinderopvang BV", dev.pfms.api.categorize.PayeeMap.Source.CORRECTION);
    store.close();
    byte[] raw = Files.readAllBytes(dir.resolve("pfms.db"));
    Path wal = dir.resolve("pfms.db-wal");
    String all = new String(raw, java.nio.charset.StandardCharsets.ISO_8859_1)
        + (Files.exists(wal) ? new String(Files.readAllBytes(wal), java.nio.charset.StandardCharsets.ISO_8859_1) : "");
    assertThat(all).doesNotContain("CARD PAYMENT SHOP").doesNotContain("NL91 ABNA").doesNotContain("ALBERT HEIJN")
        .doesNotContain("JANSEN").doesNotContain("****4321").doesNotContain("kinderopvang");
    assertThat(openAgain().transaction(st.get(3).id()).orElseThrow().transaction()).isEqualTo(st.get(3));
    Store again = openAgain();
    assertThat(again.transaction(st.get(7).id()).orElseThrow().transaction()).isEqualTo(st.get(7));
    assertThat(again.transactionsOfAccount(st.get(0).account())).isNotEmpty();
    assertThat(again.payee("ALBERT HEIJN AMSTERDAM")).isPresent();
    assertThat(again.payeeTeachings()).singleElement()
        .satisfies(t -> assertThat(t.payee()).isEqualTo("Jansen Kinderopvang BV"));
  }

  @Test
  void anotherKeyCannotOpenTheStoreAndSaysSo() {
    open().importStatement("s.csv", StoreFixtures.statement("s.csv", 0, 3), List.of());
    FieldProtector other = EncryptingFieldProtector.of(FieldEncryptor.create(FieldKeyset.generate()));
    assertThatThrownBy(() -> new SqliteStoreProvider().create(config(other)))
        .isInstanceOf(dev.pfms.api.store.StoreException.class)
        .hasMessageContaining("other field-encryption keys").hasMessageNotContaining("CARD PAYMENT");
  }

  @Test
  void anEncryptedStoreRefusesToOpenWithoutItsKeys() {
    open().importStatement("s.csv", StoreFixtures.statement("s.csv", 0, 3), List.of());
    assertThatThrownBy(() -> new SqliteStoreProvider().create(config(FieldProtector.plaintext())))
        .isInstanceOf(dev.pfms.api.store.StoreException.class).hasMessageContaining("was written with field encryption");
  }

  @Test
  void aPlaintextStoreRefusesEncryptedRowsMixedIntoIt() {
    try (Store plain = new SqliteStoreProvider().create(config(FieldProtector.plaintext()))) {
      plain.importStatement("s.csv", StoreFixtures.statement("s.csv", 0, 3), List.of());
    }
    assertThatThrownBy(() -> new SqliteStoreProvider().create(config(PROTECTOR)))
        .isInstanceOf(dev.pfms.api.store.StoreException.class).hasMessageContaining("plaintext");
  }

  @Test
  void aStoreWrittenBeforeTheCheckIsAdoptedOnlyWhenItsRowsDecrypt() {
    try (Store old = createStoreAtSchema(6)) {
      old.importStatement("s.csv", StoreFixtures.statement("s.csv", 0, 3), List.of());
    }
    FieldProtector other = EncryptingFieldProtector.of(FieldEncryptor.create(FieldKeyset.generate()));
    assertThatThrownBy(() -> new SqliteStoreProvider().create(config(other)))
        .isInstanceOf(dev.pfms.api.store.StoreException.class).hasMessageContaining("do not decrypt");
    try (Store adopted = new SqliteStoreProvider().create(config(PROTECTOR))) {
      assertThat(adopted.transactions()).hasSize(3);
    }
    assertThatThrownBy(() -> new SqliteStoreProvider().create(config(FieldProtector.plaintext())))
        .hasMessageContaining("was written with field encryption");
  }
}
