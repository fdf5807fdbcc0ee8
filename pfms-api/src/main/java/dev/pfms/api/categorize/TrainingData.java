package dev.pfms.api.categorize;

import dev.pfms.api.model.Transaction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/** Helpers for training sets shared by categorizers. */
public final class TrainingData {

  private TrainingData() {}

  /**
   * SHA-256 over the ids and labels of a training set, in order: what {@code metadata.json} records
   * so that a model can be traced to its data.
   *
   * @param labelled the training set
   * @return lower-case hex
   */
  public static String hash(List<Transaction> labelled) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      for (Transaction t : labelled) {
        md.update(t.id().getBytes(StandardCharsets.UTF_8));
        md.update((byte) 0);
        md.update((t.category() == null ? "" : t.category().code()).getBytes(StandardCharsets.UTF_8));
        md.update((byte) '\n');
      }
      return HexFormat.of().formatHex(md.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
