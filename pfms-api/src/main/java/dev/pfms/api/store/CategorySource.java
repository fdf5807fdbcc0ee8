package dev.pfms.api.store;

/** Who set a transaction's category. A later {@link #RULE} or {@link #MODEL} never overrides {@link #USER}. */
public enum CategorySource {
  /** A user rule or a learned payee matched. */
  RULE,
  /** A trained model predicted it; the model version is kept beside it. */
  MODEL,
  /** The user chose or confirmed it. */
  USER
}
