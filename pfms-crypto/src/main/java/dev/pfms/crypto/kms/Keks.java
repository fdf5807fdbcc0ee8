package dev.pfms.crypto.kms;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.KmsClient;
import com.google.crypto.tink.KmsClients;
import dev.pfms.crypto.CryptoException;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.ServiceLoader;

/**
 * Resolves a key-encryption-key URI to a Tink {@link Aead} through whichever {@link KmsClient}
 * supports it. Stateless and thread-safe.
 *
 * <p>Resolution order:
 * <ol>
 *   <li>{@code local-keyset://…} → {@link LocalKeysetKmsClient} (built in; the KEK is a keyset file);
 *   <li>{@code password-kek://…} → {@link PasswordKmsClient} (built in; a KEK derived from the password in
 *       the environment variable {@code PFMS_LEDGER_PASSWORD});
 *   <li>clients the application registered with Tink's {@link KmsClients#add(KmsClient)};
 *   <li>clients on the class path listed in {@code META-INF/services/com.google.crypto.tink.KmsClient}
 *       (each is given {@link KmsClient#withDefaultCredentials()}).
 * </ol>
 *
 * <p><b>Plugging in a cloud KMS without code changes in pfms:</b> add Tink's client
 * (e.g. {@code com.google.crypto.tink:tink-gcpkms} or {@code tink-awskms}) to the application, register
 * it once at start-up — {@code KmsClients.add(new GcpKmsClient().withDefaultCredentials())} — or list
 * it in the application's own {@code META-INF/services/com.google.crypto.tink.KmsClient}, and set the
 * KEK URI option to {@code gcp-kms://projects/…/cryptoKeys/…} or {@code aws-kms://arn:aws:kms:…}.
 */
public final class Keks {

  private static final LocalKeysetKmsClient LOCAL = new LocalKeysetKmsClient();

  private Keks() {}

  /**
   * The AEAD of a KEK.
   *
   * @param kekUri e.g. {@code local-keyset:///etc/app/kek.json} or {@code gcp-kms://…}
   * @return the KEK's AEAD (remote for a cloud KMS: every call is a KMS request)
   * @throws CryptoException when no client supports the URI or the client fails
   */
  public static Aead aead(String kekUri) {
    Objects.requireNonNull(kekUri, "kekUri");
    try {
      if (LOCAL.doesSupport(kekUri)) {
        return LOCAL.getAead(kekUri);
      }
      if (kekUri.startsWith(PasswordKmsClient.PREFIX)) {
        return PasswordKmsClient.fromEnvironment().getAead(kekUri);
      }
      try {
        return KmsClients.get(kekUri).getAead(kekUri);
      } catch (GeneralSecurityException notRegistered) {
        // fall through to the class path
      }
      List<String> seen = new ArrayList<>();
      for (KmsClient c : ServiceLoader.load(KmsClient.class, Keks.class.getClassLoader())) {
        seen.add(c.getClass().getName());
        if (c.doesSupport(kekUri)) {
          return c.withDefaultCredentials().getAead(kekUri);
        }
      }
      throw new CryptoException("no KmsClient supports KEK URI '" + scheme(kekUri) + "…'; built in: "
          + LocalKeysetKmsClient.PREFIX + ", on the class path: " + seen
          + "; register one with KmsClients.add(...) (see Keks javadoc)");
    } catch (GeneralSecurityException e) {
      throw new CryptoException("cannot obtain the KEK '" + scheme(kekUri) + "…': " + e.getMessage(), e);
    }
  }

  private static String scheme(String uri) {
    int i = uri.indexOf("://");
    return i < 0 ? "(no scheme)" : uri.substring(0, i + 3);
  }
}
