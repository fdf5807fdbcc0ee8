/**
 * Fernet (spec version 0x80: AES-128-CBC + HMAC-SHA256, base64url) on the JDK's {@code javax.crypto},
 * so tokens written by a Python prototype ({@code cryptography.fernet}) can be read and migrated to
 * Tink field encryption ({@link dev.pfms.crypto.fernet.FernetMigration}). New data should use
 * {@code dev.pfms.crypto.field}; writing Fernet is provided for interoperability only.
 */
package dev.pfms.crypto.fernet;
