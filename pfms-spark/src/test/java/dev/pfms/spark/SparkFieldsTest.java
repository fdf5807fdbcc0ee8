package dev.pfms.spark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pfms.api.Pfms;
import dev.pfms.api.model.Transaction;
import dev.pfms.api.spi.IngestSource;
import dev.pfms.spark.internal.Rows;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the bank says about the other party survives Spark (issue 13, ADR 0015): counterparty name,
 * masked counterparty account, memo and bank reference go into {@link Schemas#TRANSACTIONS}, through
 * Parquet, and back into equal {@link Transaction}s, in local mode.
 */
class SparkFieldsTest {

  static final String MT940 = """
      :20:STARTUMS
      :25:50880050/0194787400888
      :28C:00004/00001
      :60F:C070903EUR766656,49
      :61:0709070904CR50990,05NTRFNONREF//0724710333343453
      :86:166?00GUTSCHRIFT?100399?20EREF+EndToEndId TFNR 22 004?21 00001?22
      SVWZ+Verw CTSc-01 BC-PPP TF?23Nr 22 004?30DRESDEFF508?31DE1450880
      0500194785000?32KARL?33        KAUFMANN
      :61:0709040904DR1500,00NTRFKREF+//536D80EFEC56ACF8
      :86:GIRO   428428 KPN - DIGITENNE
      :62F:C070904EUR1125250,4
      -
      """;

  static final String CSV = """
      Date,Payee,Memo,Amount,Currency
      2024-03-02,REWE Markt GmbH,Kartenzahlung 02.03.,-36.50,EUR
      2024-03-25,Arbeitgeber AG,Gehalt Maerz,2500.00,EUR
      """;

  @TempDir
  Path dir;

  @Test
  void counterpartyAccountMemoAndReferenceRoundTripThroughSparkAndParquet() throws IOException {
    Path in = Files.createDirectories(dir.resolve("in"));
    Files.writeString(in.resolve("statement.sta"), MT940, StandardCharsets.UTF_8);
    Files.writeString(in.resolve("card.csv"), CSV, StandardCharsets.UTF_8);
    List<Transaction> expected = new ArrayList<>();
    for (String f : List.of("card.csv", "statement.sta")) {
      IngestSource s = IngestSource.of(in.resolve(f));
      expected.addAll(Pfms.ingestorFor(s).ingest(s).transactions());
    }
    expected.sort(Comparator.comparing(Transaction::id));
    assertThat(expected).anySatisfy(t -> {
      assertThat(t.counterparty()).isEqualTo("KARL KAUFMANN");
      assertThat(t.counterpartyAccount()).isNotNull().startsWith("****");
      assertThat(t.memo()).isNotBlank();
      assertThat(t.reference()).isNotBlank();
    });
    assertThat(expected).anySatisfy(t -> assertThat(t.memo()).isEqualTo("Gehalt Maerz"));

    SparkSession spark = SparkSession.builder().master("local[2]").appName("pfms-spark-fields")
        .config("spark.ui.enabled", "false").config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1").config("spark.sql.shuffle.partitions", "2")
        .config("spark.local.dir", dir.resolve("spark-local").toString()).getOrCreate();
    try {
      Ingested read = PfmsSpark.read(spark, in.toUri().toString(), PfmsSparkOptions.defaults());
      assertThat(read.transactions().schema()).isEqualTo(Schemas.TRANSACTIONS);
      assertThat(transactions(read.transactions().collectAsList())).isEqualTo(expected);

      String parquet = dir.resolve("parquet").toUri().toString();
      read.transactions().write().parquet(parquet);
      assertThat(transactions(spark.read().parquet(parquet).collectAsList())).as("after Parquet").isEqualTo(expected);
    } finally {
      // the JVM's other Spark tests make their own session with getOrCreate: leave no stopped one behind
      spark.stop();
    }
  }

  private static List<Transaction> transactions(List<Row> rows) {
    List<Transaction> out = new ArrayList<>();
    for (Row r : rows) {
      out.add(Rows.toTransaction(r));
    }
    out.sort(Comparator.comparing(Transaction::id));
    return out;
  }
}
