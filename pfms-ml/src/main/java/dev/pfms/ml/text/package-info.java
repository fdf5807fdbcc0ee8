/**
 * Text features for bank descriptions: {@link dev.pfms.ml.text.BankText} normalizes a raw
 * description into merchant and channel tokens (card numbers, dates, times, store and reference
 * numbers removed), {@link dev.pfms.ml.text.TfidfVectorizer} turns those tokens into word and
 * character n-gram TF-IDF vectors, and {@link dev.pfms.ml.text.ChiSquareSelector} keeps the few
 * hundred n-grams that tell labels apart. Pure Java, no Smile and no I/O: everything here is
 * immutable once fitted and safe to share between threads.
 */
package dev.pfms.ml.text;
