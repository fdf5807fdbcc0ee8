/**
 * Saved models, the same for every provider and kind: {@link dev.pfms.api.io.ModelDirectory} is the
 * one writer and reader of a model directory and its {@code metadata.json} (atomic, locked saves;
 * bounded, checksum-verified reads), {@link dev.pfms.api.io.ModelRef} names one saved model by
 * location and hash, and {@link dev.pfms.api.io.ModelInput}/{@link dev.pfms.api.io.ModelOutput}
 * read and write a provider's binary files with every count checked before allocation. Providers
 * decide what their files hold; nothing here knows a provider or uses Java serialization.
 */
package dev.pfms.api.io;
