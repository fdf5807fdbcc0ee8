/**
 * Key-encryption keys (KEKs) through Tink's {@link com.google.crypto.tink.KmsClient}: the default
 * {@link dev.pfms.crypto.kms.LocalKeysetKmsClient} keeps the KEK in a local Tink keyset file
 * ({@code local-keyset://} URIs, a development default), and {@link dev.pfms.crypto.kms.Keks}
 * resolves any KEK URI to an AEAD, so a cloud KMS (GCP, AWS, HashiCorp Vault) plugs in by adding its
 * Tink {@code KmsClient} and changing the URI, with no code change here. Keyset files are read and
 * written by {@link dev.pfms.crypto.kms.KeysetFiles}. No data is encrypted here, only keys.
 */
package dev.pfms.crypto.kms;
