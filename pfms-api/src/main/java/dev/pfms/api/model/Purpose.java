package dev.pfms.api.model;

/** The purposes a data subject can consent to. Processing for a purpose requires its consent. */
public enum Purpose {
  /** Assigning categories to transactions, including training on corrections. */
  CATEGORIZATION,
  /** Flagging unusual transactions. */
  ANOMALY_DETECTION,
  /** Forecasting spending and cash flow, and detecting recurring payments. */
  FORECASTING,
  /** Storing transactions beyond the processing of one request. */
  STORAGE,
  /** Sharing data with a third party named in the consent's scope. */
  SHARING,
  /** Using data to improve models for all users (aggregate, pseudonymous). */
  MODEL_IMPROVEMENT
}
