/**
 * pfms crypto: Tink field encryption, key-encryption keys through KmsClient, per-subject keys for
 * crypto-shredding, Fernet, and the hash-chain consent ledger.
 */
module dev.pfms.crypto {
  requires transitive dev.pfms.api;
  requires transitive com.google.crypto.tink;
  requires com.fasterxml.jackson.databind;
  requires org.slf4j;

  exports dev.pfms.crypto;
  exports dev.pfms.crypto.fernet;
  exports dev.pfms.crypto.field;
  exports dev.pfms.crypto.kms;
  exports dev.pfms.crypto.ledger;
  exports dev.pfms.crypto.shred;

  provides dev.pfms.api.spi.ConsentLedgerProvider with dev.pfms.crypto.ledger.HashChainConsentLedgerProvider;
}
