package dev.pfms.api.spi;

import dev.pfms.api.ModelException;
import java.io.IOException;
import java.nio.file.Path;

/** Creates {@link Categorizer}s. Register implementations in {@code META-INF/services}. */
public interface CategorizerProvider extends Provider<Categorizer> {

  /**
   * Loads a model saved by {@link Categorizer#save(Path)} with this provider.
   *
   * @param directory the saved model
   * @param config options for the loaded categorizer
   * @return the categorizer, ready to predict
   * @throws IOException when the directory cannot be read
   * @throws ModelException when it was saved by another provider or an incompatible version
   */
  default Categorizer load(Path directory, ProviderConfig config) throws IOException {
    Categorizer c = create(config);
    throw new ModelException("provider '" + name() + "' (" + c.getClass().getName() + ") cannot load saved models");
  }
}
