/**
 * The {@code zero-shot} categorizer: categories without labels, from a shipped, documented merchant
 * lexicon ({@code merchant-lexicon.csv}) and the similarity of a description to the standard
 * taxonomy's category descriptions (TF-IDF; sentence embeddings when the DJL engine is present).
 *
 * <p>What must not live here: anything trained on a user's data beyond the close-match memory, and
 * anything that needs the DJL engine to work.
 */
package dev.pfms.ml.zeroshot;
