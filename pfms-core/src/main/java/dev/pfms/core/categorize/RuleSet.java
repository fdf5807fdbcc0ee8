package dev.pfms.core.categorize;

import dev.pfms.api.categorize.UserRules;
import dev.pfms.api.model.Prediction;
import dev.pfms.api.model.Transaction;
import java.util.List;
import java.util.Optional;

/** The user's explicit rules, tried in order; the first that matches decides. Immutable. */
final class RuleSet implements UserRules {

  private final List<Rule> rules;

  RuleSet(List<Rule> rules) {
    this.rules = List.copyOf(rules);
  }

  @Override
  public Optional<Prediction> match(Transaction t) {
    for (Rule r : rules) {
      if (r.matches(t)) {
        return Optional.of(new Prediction(r.category(), 1.0, List.of(), List.of("user rule: " + r.name()), false,
            RulesModel.PROVIDER));
      }
    }
    return Optional.empty();
  }

  @Override
  public String toString() {
    return "RuleSet[" + rules.size() + " rules]";
  }
}
