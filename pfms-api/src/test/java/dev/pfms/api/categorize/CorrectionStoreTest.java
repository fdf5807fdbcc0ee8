package dev.pfms.api.categorize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pfms.api.PfmsException;
import dev.pfms.api.model.Category;
import dev.pfms.api.model.Money;
import dev.pfms.api.model.Transaction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CorrectionStoreTest {

  static Transaction tx(String desc) {
    return Transaction.builder().bookingDate(LocalDate.of(2025, 3, 1)).amount(Money.of("-3.10", "GBP"))
        .description(desc).build();
  }

  static CorrectionStore.Correction correction(String desc, String category) {
    return CorrectionStore.Correction.of(tx(desc), Category.of(category), Instant.parse("2025-03-02T10:00:00Z"));
  }

  @Test
  void aTornLastLineIsSkippedAndTheNextAppendStartsOnANewLine(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("corrections.jsonl");
    CorrectionStore store = CorrectionStore.jsonLines(file);
    store.add(correction("COSTA COFFEE LEEDS", "GENERAL_MERCHANDISE_GIFTS"));
    store.add(correction("SHELL OIL 12", "TRANSPORTATION_FUEL"));
    byte[] whole = Files.readAllBytes(file);
    // a crash in the middle of the second append
    Files.write(file, java.util.Arrays.copyOf(whole, whole.length - 20));
    CorrectionStore reopened = CorrectionStore.jsonLines(file);
    assertThat(reopened.all()).hasSize(1);
    assertThat(reopened.latestByMerchant()).containsKey(tx("COSTA COFFEE LEEDS").merchant());
    reopened.add(correction("NETFLIX.COM", "ENTERTAINMENT_TV_AND_MOVIES"));
    CorrectionStore again = CorrectionStore.jsonLines(file);
    assertThat(again.all()).hasSize(2);
    assertThat(again.all().get(1).category().code()).isEqualTo("ENTERTAINMENT_TV_AND_MOVIES");
  }

  @Test
  void aBrokenLineBeforeTheLastIsAnErrorNamingFileAndLine(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("corrections.jsonl");
    CorrectionStore store = CorrectionStore.jsonLines(file);
    store.add(correction("COSTA COFFEE LEEDS", "GENERAL_MERCHANDISE_GIFTS"));
    String good = Files.readString(file);
    Files.writeString(file, "{\"id\": broken\n" + good, StandardCharsets.UTF_8);
    assertThatThrownBy(() -> CorrectionStore.jsonLines(file)).isInstanceOf(PfmsException.class)
        .hasMessageContaining("corrections.jsonl:1");
  }

  @Test
  void theFileIsOwnerOnlyAndTheLatestCorrectionPerMerchantWins(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("c.jsonl");
    CorrectionStore store = CorrectionStore.jsonLines(file);
    store.add(correction("COSTA COFFEE LEEDS", "GENERAL_MERCHANDISE_GIFTS"));
    store.add(correction("COSTA COFFEE LEEDS", "FOOD_AND_DRINK_COFFEE"));
    if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      assertThat(Files.getPosixFilePermissions(file)).containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ,
          PosixFilePermission.OWNER_WRITE);
    }
    assertThat(CorrectionStore.jsonLines(file).latestByMerchant().values()).containsExactly(
        Category.of("FOOD_AND_DRINK_COFFEE"));
    CorrectionStore memory = CorrectionStore.inMemory();
    store.all().forEach(memory::add);
    assertThat(memory.latestByMerchant()).isEqualTo(store.latestByMerchant());
  }
}
