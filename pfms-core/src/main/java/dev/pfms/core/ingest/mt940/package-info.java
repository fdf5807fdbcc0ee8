/**
 * The {@code mt940} ingestor: SWIFT MT940 (and MT942 interim) statements, {@code :61:} statement
 * lines with their {@code :86:} details, including the German {@code ?20}-structured form. Nothing
 * here depends on another format's package.
 */
package dev.pfms.core.ingest.mt940;
