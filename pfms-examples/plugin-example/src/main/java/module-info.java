/** An example third-party pfms provider: a naive Bayes categorizer. */
module com.example.pfms.nb {
  requires dev.pfms.api;
  requires com.fasterxml.jackson.databind;

  provides dev.pfms.api.spi.CategorizerProvider with com.example.pfms.nb.NaiveBayesCategorizerProvider;
}
