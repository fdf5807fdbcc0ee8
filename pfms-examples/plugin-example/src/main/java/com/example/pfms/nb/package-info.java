/**
 * An example third-party provider for pfms: a multinomial naive Bayes categorizer over merchant
 * words, registered under the name {@code naive-bayes}. Copy this module to write your own.
 */
package com.example.pfms.nb;
