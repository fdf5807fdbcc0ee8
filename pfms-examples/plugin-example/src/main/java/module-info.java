/** An example third-party pfms provider: a naive Bayes categorizer. */
module com.example.pfms.nb {
  requires dev.pfms.core;
  requires com.fasterxml.jackson.databind;

  provides dev.pfms.core.spi.CategorizerProvider with com.example.pfms.nb.NaiveBayesCategorizerProvider;
}
