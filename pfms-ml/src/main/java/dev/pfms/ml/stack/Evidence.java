package dev.pfms.ml.stack;

import dev.pfms.api.io.ModelInput;
import dev.pfms.api.io.ModelOutput;
import dev.pfms.api.model.Category;
import dev.pfms.api.model.Money;
import dev.pfms.api.model.Taxonomy;
import dev.pfms.api.model.Transaction;
import dev.pfms.ml.embed.OptionalEmbeddings;
import dev.pfms.ml.text.BankText;
import dev.pfms.ml.text.SparseVector;
import dev.pfms.ml.text.TfidfVectorizer;
import dev.pfms.ml.zeroshot.ZeroShotModel;
import java.io.DataOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Currency;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.time.LocalDate;
import java.util.function.Function;

/**
 * Stage 1 of {@code stacked-gbm}: the labelled transactions as a searchable memory and, for a query,
 * one feature row per candidate label — neighbour evidence by three text views (TF-IDF word and
 * character n-grams of the description, of the merchant, and sentence embeddings when present),
 * label-centroid similarity, and the label's amount, sign, date, account, counterparty,
 * recurring-series and zero-shot agreement with the query; and label-name evidence — the similarity
 * of the text to the label's own name or taxonomy description (TF-IDF and embedding) and whether the
 * zero-shot guess for the text matches the label's standard category (or the zero-shot guess for its
 * name). Candidates are the labels with the strongest neighbour evidence plus the
 * {@value #PRIOR_CANDIDATES} closest by label name in each of TF-IDF and embeddings.
 *
 * <p><b>Index, not brute force.</b> Identical texts are stored once, as weighted entries (a
 * {@link View} of distinct documents, each with the rows and per-label counts it stands for). A
 * TF-IDF query walks the inverted index of its own terms only and touches the documents that share
 * a term; the kNN vote keeps the top documents in a bounded insertion list; labels that no touched
 * document carries are filled in at similarity 0, exactly as a full scan would see them. Embeddings
 * are one L2-normalized float matrix (one row per distinct text) scanned by a dot product.
 *
 * <p>For a training row the evidence is computed leave-one-out (the row itself is not its own
 * neighbour, and is not counted in its label's statistics), so stage 2 learns from evidence shaped
 * like a new transaction's. Immutable after construction and thread-safe.
 */
final class Evidence {

  /** Feature names, in column order (for explanations and the ADR). */
  static final String[] NAMES = {
      "tfidf nearest similarity", "tfidf second similarity", "tfidf kNN vote", "tfidf label rank",
      "tfidf margin over next label", "tfidf nearest overall", "tfidf centroid similarity",
      "embedding nearest similarity", "embedding second similarity", "embedding kNN vote", "embedding label rank",
      "embedding margin over next label", "embedding nearest overall", "embedding centroid similarity",
      "label log prior", "label examples", "sign agreement", "nearest amount distance", "amount z-score",
      "same amount seen", "day-of-month distance", "weekday agreement", "account agreement",
      "counterparty share", "counterparty examples", "recurring-series share", "recurring-series size",
      "zero-shot primary agreement", "zero-shot detailed agreement", "zero-shot from lexicon", "sign",
      "log magnitude", "day of month", "weekday", "amount distance to nearest",
      "merchant nearest similarity", "merchant kNN vote", "merchant label rank", "merchant centroid similarity",
      "label-name embedding similarity", "label-name embedding rank", "label-name TF-IDF similarity",
      "label-name TF-IDF rank", "label-name margin over next label", "label-name zero-shot detailed agreement",
      "label-name zero-shot primary agreement", "label share of the zero-shot detailed guess",
      "label share of the zero-shot primary guess", "zero-shot detailed guess examples"};

  /** First label-name column: the similarity of the text to the label's own name or description. */
  static final int PRIOR = 39;
  /** Label-name candidates added per transaction, beside the neighbour evidence's. */
  static final int PRIOR_CANDIDATES = 2;

  static final int WIDTH = NAMES.length;
  private static final int KNN = 10;
  private static final double ABSENT = -1.0;
  private static final int MAX_ROWS = 50_000_000;

  // ---- the memory (what is saved) ----
  final int n;
  final int classes;
  final int[] label;
  private final View desc;
  private final View merch;
  /** Embedding of each distinct description ({@code desc} document), row-major, or null. */
  private final float[] emb;
  private final int dim;
  private final double[] logAmount;
  private final boolean[] negative;
  private final int[] dom;
  private final int[] weekday;
  private final long[] account;
  private final String[] merchant;
  private final String[] zsPrimary;
  private final String[] zsDetailed;

  // ---- derived at construction ----
  private final OptionalEmbeddings embeddings;
  private final Function<List<Transaction>, List<String[]>> zeroShot;
  private final int[] count;
  private final int[][] members;
  private final double[] normT;
  private final double[] normE;
  private final double[] normM;
  private final Map<String, int[]> byMerchant;
  /** Per label: TF-IDF vector of its name/description in the description view, and its embedding. */
  private final SparseVector[] labelVec;
  /** Inverted index of {@code labelVec}: per term, the labels whose name has it and its weights. */
  private int[][] labelPostLabel;
  private double[][] labelPostWeight;
  private final float[][] labelEmb;
  /** Per label: the standard category it is (its code), else the zero-shot guess for its name. */
  private final String[] labelZsP;
  private final String[] labelZsD;
  /** Per-label aggregates of the members, so a new transaction's label statistics need no member scan. */
  private ClassIndex classIndex;
  /** Per zero-shot guess (detailed, primary): how many rows of each label have it; the last cell is the total. */
  private final Map<String, int[]> byZsDetailed = new HashMap<>();
  private final Map<String, int[]> byZsPrimary = new HashMap<>();
  /** First column of the label-given-guess features. */
  static final int GUESS = PRIOR + 7;

  // ---- memo of what a new transaction's evidence shares with others (pure functions of their keys) ----
  /** Largest number of entries per memo; a full memo is cleared, so memory stays bounded. */
  static final int MEMO_ENTRIES = 4096;
  private final java.util.concurrent.ConcurrentHashMap<String, DescPart> descMemo =
      new java.util.concurrent.ConcurrentHashMap<>();
  private final java.util.concurrent.ConcurrentHashMap<String, LabelStats> merchMemo =
      new java.util.concurrent.ConcurrentHashMap<>();
  private final java.util.concurrent.ConcurrentHashMap<String, Partial> partialMemo =
      new java.util.concurrent.ConcurrentHashMap<>();
  private final java.util.concurrent.ConcurrentHashMap<String, String[]> zeroShotMemo =
      new java.util.concurrent.ConcurrentHashMap<>();

  /** One query's candidate labels and their feature rows. */
  record Query(int[] candidates, double[][] rows, double top1T, double top1E, int nearest, boolean[] alone) {}

  /**
   * Builds the memory from labelled rows.
   *
   * @param rows the rows
   * @param labels each row's label index
   * @param classes the number of labels
   * @param vocabulary largest TF-IDF vocabulary per view
   * @param embeddings sentence embeddings, or null
   * @param zeroShot zero-shot features of a batch; a function of each transaction's description tokens (its
   *     {@link BankText#embeddingText} when it has none) and the sign of its amount only, which new transactions' evidence memoizes
   * @param labelCats the labels, by index (their names or taxonomy descriptions give the label-name features)
   */
  Evidence(List<Transaction> rows, int[] labels, int classes, int vocabulary, OptionalEmbeddings embeddings,
      Function<List<Transaction>, List<String[]>> zeroShot, List<Category> labelCats) {
    this.n = rows.size();
    this.classes = classes;
    this.label = labels.clone();
    this.embeddings = embeddings;
    this.zeroShot = zeroShot;
    List<String> texts = texts(rows);
    List<List<String>> descTokens = new ArrayList<>(n);
    List<List<String>> merchTokens = new ArrayList<>(n);
    for (Transaction t : rows) {
      descTokens.add(BankText.tokens(t.description()));
      merchTokens.add(merchantTokens(t));
    }
    desc = View.fit(texts, descTokens, vocabulary);
    List<String> merchKeys = new ArrayList<>(n);
    for (List<String> tok : merchTokens) {
      merchKeys.add(String.join(" ", tok));
    }
    merch = View.fit(merchKeys, merchTokens, vocabulary);
    if (embeddings != null) {
      List<String> distinct = new ArrayList<>(desc.docs.length);
      for (int u = 0; u < desc.docs.length; u++) {
        distinct.add(texts.get(desc.firstRow[u]));
      }
      float[][] e = embeddings.embed(distinct);
      dim = e.length == 0 ? 0 : e[0].length;
      emb = new float[e.length * dim];
      for (int u = 0; u < e.length; u++) {
        System.arraycopy(e[u], 0, emb, u * dim, dim);
      }
    } else {
      emb = null;
      dim = 0;
    }
    logAmount = new double[n];
    negative = new boolean[n];
    dom = new int[n];
    weekday = new int[n];
    account = new long[n];
    merchant = new String[n];
    for (int i = 0; i < n; i++) {
      Transaction t = rows.get(i);
      logAmount[i] = logMagnitude(t);
      negative[i] = t.amount().amount().signum() < 0;
      dom[i] = t.bookingDate().getDayOfMonth();
      weekday[i] = t.bookingDate().getDayOfWeek().getValue();
      account[i] = accountHash(t.account());
      merchant[i] = merchantKey(t);
    }
    List<String[]> zs = zeroShot.apply(rows);
    zsPrimary = new String[n];
    zsDetailed = new String[n];
    for (int i = 0; i < n; i++) {
      zsPrimary[i] = zs.get(i)[0];
      zsDetailed[i] = zs.get(i)[1];
    }
    count = new int[classes];
    members = new int[classes][];
    normT = new double[classes];
    normE = new double[classes];
    normM = new double[classes];
    byMerchant = new HashMap<>();
    labelVec = new SparseVector[classes];
    labelEmb = embeddings == null ? null : new float[classes][];
    labelZsP = new String[classes];
    labelZsD = new String[classes];
    derive(labelCats);
  }

  private Evidence(int n, int classes, int[] label, View desc, View merch, float[] emb, int dim, double[] logAmount,
      boolean[] negative, int[] dom, int[] weekday, long[] account, String[] merchant, String[] zsPrimary,
      String[] zsDetailed, OptionalEmbeddings embeddings, Function<List<Transaction>, List<String[]>> zeroShot,
      List<Category> labelCats) {
    this.n = n;
    this.classes = classes;
    this.label = label;
    this.desc = desc;
    this.merch = merch;
    this.emb = emb;
    this.dim = dim;
    this.logAmount = logAmount;
    this.negative = negative;
    this.dom = dom;
    this.weekday = weekday;
    this.account = account;
    this.merchant = merchant;
    this.zsPrimary = zsPrimary;
    this.zsDetailed = zsDetailed;
    this.embeddings = embeddings;
    this.zeroShot = zeroShot;
    count = new int[classes];
    members = new int[classes][];
    normT = new double[classes];
    normE = new double[classes];
    normM = new double[classes];
    byMerchant = new HashMap<>();
    labelVec = new SparseVector[classes];
    labelEmb = emb == null ? null : new float[classes][];
    labelZsP = new String[classes];
    labelZsD = new String[classes];
    derive(labelCats);
  }

  /** Label sizes and members, per-view label counts and postings, centroid norms, the counterparty index. */
  private void derive(List<Category> labelCats) {
    if (labelCats.size() != classes) {
      throw new IllegalArgumentException(labelCats.size() + " label names for " + classes + " labels");
    }
    List<String> labelDocs = new ArrayList<>(classes);
    for (Category c : labelCats) {
      labelDocs.add(ZeroShotModel.describe(c));
    }
    int terms = desc.vectorizer.size();
    int[] df = new int[terms];
    for (int c = 0; c < classes; c++) {
      labelVec[c] = desc.vectorizer.transform(BankText.tokens(labelDocs.get(c)));
      for (int j : labelVec[c].indices()) {
        df[j]++;
      }
    }
    labelPostLabel = new int[terms][];
    labelPostWeight = new double[terms][];
    for (int c = 0; c < classes; c++) {
      int[] idx = labelVec[c].indices();
      double[] val = labelVec[c].values();
      for (int k = 0; k < idx.length; k++) {
        int j = idx[k];
        if (labelPostLabel[j] == null) {
          labelPostLabel[j] = new int[df[j]];
          labelPostWeight[j] = new double[df[j]];
          df[j] = 0;
        }
        labelPostLabel[j][df[j]] = c;
        labelPostWeight[j][df[j]++] = val[k];
      }
    }
    if (labelEmb != null) {
      float[][] le = embeddings.embed(labelDocs);
      System.arraycopy(le, 0, labelEmb, 0, classes);
    }
    for (int i = 0; i < n; i++) {
      count[label[i]]++;
    }
    int[] fill = new int[classes];
    for (int c = 0; c < classes; c++) {
      members[c] = new int[count[c]];
    }
    for (int i = 0; i < n; i++) {
      members[label[i]][fill[label[i]]++] = i;
    }
    desc.index(label, classes);
    merch.index(label, classes);
    classIndex = new ClassIndex();
    desc.centroidNorms(classes, normT);
    merch.centroidNorms(classes, normM);
    if (emb != null) {
      double[][] sumE = new double[classes][dim];
      for (int u = 0; u < desc.docs.length; u++) {
        for (int q = 0; q < desc.docLabels[u].length; q++) {
          int c = desc.docLabels[u][q];
          int w = desc.docCounts[u][q];
          for (int d = 0; d < dim; d++) {
            sumE[c][d] += (double) w * emb[u * dim + d];
          }
        }
      }
      for (int c = 0; c < classes; c++) {
        double e = 0;
        for (double v : sumE[c]) {
          e += v * v;
        }
        normE[c] = e;
      }
    }
    Map<String, List<Integer>> m = new LinkedHashMap<>();
    for (int i = 0; i < n; i++) {
      m.computeIfAbsent(merchant[i], k -> new ArrayList<>()).add(i);
    }
    m.forEach((k, v) -> byMerchant.put(k, v.stream().mapToInt(Integer::intValue).toArray()));
    for (int i = 0; i < n; i++) {
      int[] d = byZsDetailed.computeIfAbsent(zsDetailed[i], x -> new int[classes + 1]);
      d[label[i]]++;
      d[classes]++;
      int[] p = byZsPrimary.computeIfAbsent(zsPrimary[i], x -> new int[classes + 1]);
      p[label[i]]++;
      p[classes]++;
    }
    // each label in the taxonomy's terms: a standard category is itself; any other label is what the
    // zero-shot categorizer makes of its name, with the sign most of its examples have
    Taxonomy tax = Taxonomy.standard();
    List<Transaction> names = new ArrayList<>(classes);
    for (int c = 0; c < classes; c++) {
      int neg = 0;
      for (int i : members[c]) {
        neg += negative[i] ? 1 : 0;
      }
      names.add(Transaction.builder().account("label").bookingDate(LocalDate.of(2000, 1, 1))
          .amount(new Money(2 * neg >= members[c].length ? BigDecimal.ONE.negate() : BigDecimal.ONE,
              Currency.getInstance("EUR")))
          .description(labelDocs.get(c)).build());
    }
    List<String[]> zs = zeroShot.apply(names);
    for (int c = 0; c < classes; c++) {
      labelZsP[c] = zs.get(c)[0];
      labelZsD[c] = zs.get(c)[1];
    }
    for (int c = 0; c < classes; c++) {
      java.util.Optional<Category> known = tax.find(labelCats.get(c).code());
      if (known.isPresent()) {
        labelZsD[c] = known.get().code();
        labelZsP[c] = known.get().primary();
      }
    }
  }

  static List<String> texts(List<Transaction> rows) {
    List<String> out = new ArrayList<>(rows.size());
    for (Transaction t : rows) {
      out.add(BankText.embeddingText(t.description(), BankText.tokens(t.description())));
    }
    return out;
  }

  /** log(1 + |amount|), rounded to 1/1000 so that a saved model scores exactly as the fitted one. */
  static double logMagnitude(Transaction t) {
    return Math.round(Math.log1p(Math.abs(t.amount().amount().doubleValue())) * 1000) / 1000.0;
  }

  /** 64-bit FNV-1a of the account: only equality is used, and no account is kept in plaintext. */
  static long accountHash(String account) {
    long h = 0xcbf29ce484222325L;
    for (byte b : account.getBytes(StandardCharsets.UTF_8)) {
      h ^= b & 0xff;
      h *= 0x100000001b3L;
    }
    return h;
  }

  /** The counterparty key: the normalized merchant when known, else the first two description tokens. */
  static String merchantKey(Transaction t) {
    String m = t.merchant() == null ? "" : t.merchant().trim().toLowerCase(Locale.ROOT);
    if (!m.isEmpty()) {
      return m;
    }
    List<String> tok = BankText.tokens(t.description());
    return String.join(" ", tok.subList(0, Math.min(2, tok.size())));
  }

  /** {@link #merchantKey(Transaction)} with the description's tokens already at hand. */
  private static String merchantKey(Transaction t, List<String> descriptionTokens) {
    String m = t.merchant() == null ? "" : t.merchant().trim().toLowerCase(Locale.ROOT);
    return m.isEmpty() ? String.join(" ", descriptionTokens.subList(0, Math.min(2, descriptionTokens.size()))) : m;
  }

  static List<String> merchantTokens(Transaction t) {
    String m = t.merchant() == null || t.merchant().isBlank() ? t.description() : t.merchant();
    return BankText.tokens(m);
  }

  boolean hasEmbeddings() {
    return emb != null;
  }

  String describeNeighbour(int i) {
    return merchant[i];
  }

  /** Distinct description texts in the memory (the size of the index). */
  int distinctTexts() {
    return desc.docs.length;
  }

  /**
   * Leave-one-out evidence for every training row. Rows that share a description share its
   * similarity scan.
   *
   * @param candidatesPerView labels kept per text view
   * @return one query per training row
   */
  Query[] trainingQueries(int candidatesPerView) {
    Query[] out = new Query[n];
    Scan st = new Scan(desc.docs.length);
    Scan sm = new Scan(merch.docs.length);
    double[] se = emb == null ? null : new double[desc.docs.length];
    for (int u = 0; u < desc.docs.length; u++) {
      st.clear();
      desc.sims(desc.docs[u], st);
      if (se != null) {
        embSims(emb, u * dim, se);
      }
      double[] priorT = priorT(desc.docs[u]);
      double[] priorE = se == null ? null : priorE(emb, u * dim);
      for (int i : desc.rows[u]) {
        sm.clear();
        merch.sims(merch.docs[merch.docOf[i]], sm);
        out[i] = query(i, st, se, sm, logAmount[i], negative[i], dom[i], weekday[i], account[i], merchant[i],
            zsPrimary[i], zsDetailed[i], false, candidatesPerView, priorT, priorE);
      }
    }
    return out;
  }

  /**
   * Evidence for new transactions.
   *
   * @param batch the transactions
   * @param candidatesPerView labels kept per text view
   * @return one query per transaction
   */
  Query[] queries(List<Transaction> batch, int candidatesPerView) {
    int nb = batch.size();
    Query[] out = new Query[nb];
    // one tokenization per row: the embedded text, the merchant key and the memo keys all derive from it
    List<List<String>> tokens = new ArrayList<>(nb);
    List<String> texts = emb == null ? null : new ArrayList<>(nb);
    for (Transaction t : batch) {
      List<String> tok = BankText.tokens(t.description());
      tokens.add(tok);
      if (texts != null) {
        texts.add(BankText.embeddingText(t.description(), tok));
      }
    }
    String[][] zs = zeroShotOf(batch, tokens);
    float[][] qe = null;
    Scan st = null;
    Scan sm = null;
    double[] se = null;
    // what a new transaction's evidence shares with others is memoized by what it is a function of
    // (ADR 0024): the description's scans, its embedding scan over every distinct text and its label-name
    // similarities by the description's tokens and embedded text; the merchant view's by the merchant's
    // tokens; the candidates and their row-independent columns by both. A history repeats its merchants,
    // so a long history costs a few scans per distinct description, not one per row.
    for (int b = 0; b < nb; b++) {
      Transaction t = batch.get(b);
      List<String> tok = tokens.get(b);
      String descKey = String.join("\u001f", tok) + '\u0000' + (texts == null ? "" : texts.get(b));
      boolean ownMerchant = t.merchant() != null && !t.merchant().isBlank();
      List<String> mtok = ownMerchant ? BankText.tokens(t.merchant()) : tok;
      String merchKey = String.join("\u001f", mtok);
      String partKey = candidatesPerView + "\u0001" + descKey + '\u0001' + merchKey;
      Partial part = partialMemo.get(partKey);
      if (part == null) {
        DescPart dp = descMemo.get(descKey);
        if (dp == null) {
          if (st == null) {
            st = new Scan(desc.docs.length);
          }
          st.clear();
          SparseVector qv = desc.vectorizer.transform(tok);
          desc.sims(qv, st);
          LabelStats e = null;
          double[] priorE = null;
          if (emb != null) {
            if (qe == null) {
              qe = embeddings.embed(texts);
            }
            if (se == null) {
              se = new double[desc.docs.length];
            }
            embSims(qe[b], 0, se);
            e = stats(se, -1);
            priorE = priorE(qe[b], 0);
          }
          dp = new DescPart(stats(desc, st, -1), e, priorT(qv), priorE);
          remember(descMemo, descKey, dp);
        }
        LabelStats m = merchMemo.get(merchKey);
        if (m == null) {
          if (sm == null) {
            sm = new Scan(merch.docs.length);
          }
          sm.clear();
          merch.sims(merch.vectorizer.transform(mtok), sm);
          m = stats(merch, sm, -1);
          remember(merchMemo, merchKey, m);
        }
        part = partial(-1, dp.t(), dp.e(), m, candidatesPerView, dp.priorT(), dp.priorE());
        remember(partialMemo, partKey, part);
      }
      out[b] = complete(part, -1, logMagnitude(t), t.amount().amount().signum() < 0,
          t.bookingDate().getDayOfMonth(), t.bookingDate().getDayOfWeek().getValue(), accountHash(t.account()),
          merchantKey(t, tok), zs[b][0], zs[b][1], "L".equals(zs[b][2]), true, true);
    }
    return out;
  }

  /**
   * The zero-shot features of a batch, memoized: the zero-shot guess is a function of the description's
   * tokens (its raw text when it has none) and the sign of the amount, so rows that share those share it.
   */
  private String[][] zeroShotOf(List<Transaction> batch, List<List<String>> tokens) {
    int nb = batch.size();
    String[][] out = new String[nb][];
    String[] keys = new String[nb];
    Map<String, Integer> askedAt = new HashMap<>();
    List<Transaction> ask = new ArrayList<>();
    for (int b = 0; b < nb; b++) {
      Transaction t = batch.get(b);
      List<String> tok = tokens.get(b);
      keys[b] = t.amount().amount().signum() + (tok.isEmpty() ? "\u0002" + BankText.embeddingText(t.description(), tok)
          : "\u0003" + String.join("\u001f", tok));
      out[b] = zeroShotMemo.get(keys[b]);
      if (out[b] == null && !askedAt.containsKey(keys[b])) {
        askedAt.put(keys[b], ask.size());
        ask.add(t);
      }
    }
    if (!ask.isEmpty()) {
      List<String[]> got = zeroShot.apply(ask);
      for (Map.Entry<String, Integer> e : askedAt.entrySet()) {
        remember(zeroShotMemo, e.getKey(), got.get(e.getValue()));
      }
      for (int b = 0; b < nb; b++) {
        if (out[b] == null) {
          out[b] = got.get(askedAt.get(keys[b]));
        }
      }
    }
    return out;
  }

  private static <V> void remember(java.util.concurrent.ConcurrentHashMap<String, V> memo, String key, V value) {
    if (memo.size() >= MEMO_ENTRIES) {
      memo.clear();
    }
    memo.put(key, value);
  }

  /** Entries held by the memos of new transactions' evidence (for tests: it stays bounded). */
  int memoEntries() {
    return descMemo.size() + merchMemo.size() + partialMemo.size() + zeroShotMemo.size();
  }

  /** A description's label statistics in the description and embedding views, and its label-name similarities. */
  private record DescPart(LabelStats t, LabelStats e, double[] priorT, double[] priorE) {}

  /**
   * The part of a query that does not depend on the row's amount, date, account or zero-shot guess: the
   * candidates, the columns of their feature rows that come from the text views, and what the row-dependent
   * columns need from them. Immutable once built ({@link #complete} copies the rows).
   */
  private record Partial(int[] candidates, boolean[] alone, double[][] rows, int[] bestRow, double top1T,
      double top1E, int nearest) {}

  /** TF-IDF similarity of a description to each label's name. */
  private double[] priorT(SparseVector q) {
    // the label names' inverted index: the same sums, in the same term order, as q.dot(labelVec[c])
    double[] out = new double[classes];
    int[] idx = q.indices();
    double[] val = q.values();
    for (int k = 0; k < idx.length; k++) {
      int[] ls = labelPostLabel[idx[k]];
      if (ls != null) {
        double[] ws = labelPostWeight[idx[k]];
        double v = val[k];
        for (int p = 0; p < ls.length; p++) {
          out[ls[p]] += v * ws[p];
        }
      }
    }
    return out;
  }

  /** The rank of label {@code c} by score (descending, ties by index, as {@link #ranks}). */
  private static int rankOf(double[] score, int c) {
    int r = 0;
    double s = score[c];
    for (int c2 = 0; c2 < score.length; c2++) {
      double o = score[c2];
      if (o > s || (o == s && c2 < c)) {
        r++;
      }
    }
    return r;
  }

  /** The labels of rank below {@code top} (as {@link #ranks} would rank them), without ranking every label. */
  private static boolean[] topRanked(double[] score, int top) {
    boolean[] in = new boolean[score.length];
    for (int t = 0; t < top && t < score.length; t++) {
      int best = -1;
      for (int c = 0; c < score.length; c++) {
        if (!in[c] && (best < 0 || score[c] > score[best])) {
          best = c;
        }
      }
      in[best] = true;
    }
    return in;
  }

  /** Cosine of an embedding (at {@code offset} of {@code q}) with each label name's embedding. */
  private double[] priorE(float[] q, int offset) {
    double[] out = new double[classes];
    double qq = 0;
    for (int d = 0; d < dim; d++) {
      qq += (double) q[offset + d] * q[offset + d];
    }
    for (int c = 0; c < classes; c++) {
      float[] l = labelEmb[c];
      double s = 0;
      double ll = 0;
      for (int d = 0; d < dim; d++) {
        s += q[offset + d] * l[d];
        ll += (double) l[d] * l[d];
      }
      out[c] = qq == 0 || ll == 0 ? 0 : s / Math.sqrt(qq * ll);
    }
    return out;
  }

  /** Dot products of one normalized vector with every distinct text's, a row-major scan of one matrix. */
  private void embSims(float[] q, int offset, double[] out) {
    int m = desc.docs.length;
    for (int u = 0; u < m; u++) {
      int base = u * dim;
      double s = 0;
      for (int d = 0; d < dim; d++) {
        s += q[offset + d] * emb[base + d];
      }
      out[u] = s;
    }
  }

  /** Sparse accumulator of similarities over a view's documents: only touched entries are non-zero. */
  static final class Scan {
    final double[] sim;
    final int[] touched;
    final boolean[] seen;
    int size;

    Scan(int m) {
      sim = new double[m];
      touched = new int[m];
      seen = new boolean[m];
    }

    void clear() {
      for (int k = 0; k < size; k++) {
        int u = touched[k];
        sim[u] = 0;
        seen[u] = false;
      }
      size = 0;
    }
  }

  /** Per-label evidence of one view. */
  private final class LabelStats {
    final double[] max = filled(classes, ABSENT);
    final double[] sec = filled(classes, ABSENT);
    final double[] sum = new double[classes];
    final int[] bestDoc = filled(classes);
    final int[] seenRows = new int[classes];
    final double[] vote = new double[classes];
    int nearestDoc = -1;
    double nearestSim = Double.NEGATIVE_INFINITY;

    void add(View v, int u, double s, int self) {
      int[] ls = v.docLabels[u];
      int[] cs = v.docCounts[u];
      boolean selfDoc = self >= 0 && v.docOf[self] == u;
      int eff = 0;
      for (int q = 0; q < ls.length; q++) {
        int c = ls[q];
        int k = cs[q] - (selfDoc && label[self] == c ? 1 : 0);
        if (k <= 0) {
          continue;
        }
        eff += k;
        seenRows[c] += k;
        sum[c] += s * k;
        if (s > max[c]) {
          sec[c] = max[c];
          max[c] = s;
          bestDoc[c] = u;
        } else if (s > sec[c]) {
          sec[c] = s;
        }
        if (k >= 2 && s > sec[c]) {
          sec[c] = s;
        }
      }
      if (eff > 0 && (s > nearestSim || (s == nearestSim && u < nearestDoc))) {
        nearestSim = s;
        nearestDoc = u;
      }
    }

    /** Labels with rows no touched document stands for: those rows have similarity 0. */
    void fillZeros(int self) {
      for (int c = 0; c < classes; c++) {
        int rest = count[c] - (self >= 0 && label[self] == c ? 1 : 0) - seenRows[c];
        if (rest >= 1) {
          if (0 > max[c]) {
            sec[c] = max[c];
            max[c] = 0;
          } else if (0 > sec[c]) {
            sec[c] = 0;
          }
          if (rest >= 2 && 0 > sec[c]) {
            sec[c] = 0;
          }
        }
      }
    }
  }

  /** The kNN vote: similarity-weighted labels of the {@value #KNN} most similar rows (positive only). */
  private void vote(View v, double[] sims, int[] docs, int size, int self, double[] out) {
    int[] top = new int[KNN];
    double[] topS = new double[KNN];
    int kept = 0;
    for (int k = 0; k < size; k++) {
      int u = docs == null ? k : docs[k];
      double s = sims[u];
      if (!(s > 0) || (kept == KNN && s <= topS[KNN - 1])) {
        continue;
      }
      int p = Math.min(kept, KNN - 1);
      if (kept < KNN) {
        kept++;
      }
      while (p > 0 && (topS[p - 1] < s || (topS[p - 1] == s && top[p - 1] > u))) {
        topS[p] = topS[p - 1];
        top[p] = top[p - 1];
        p--;
      }
      topS[p] = s;
      top[p] = u;
    }
    int slots = Math.min(KNN, n - (self >= 0 ? 1 : 0));
    double total = 0;
    for (int j = 0; j < kept && slots > 0; j++) {
      int u = top[j];
      for (int i : v.rows[u]) {
        if (i == self) {
          continue;
        }
        out[label[i]] += topS[j];
        total += topS[j];
        if (--slots == 0) {
          break;
        }
      }
    }
    if (total > 0) {
      for (int c = 0; c < classes; c++) {
        out[c] /= total;
      }
    }
  }

  private LabelStats stats(View v, Scan scan, int self) {
    LabelStats ls = new LabelStats();
    for (int k = 0; k < scan.size; k++) {
      int u = scan.touched[k];
      ls.add(v, u, scan.sim[u], self);
    }
    ls.fillZeros(self);
    vote(v, scan.sim, scan.touched, scan.size, self, ls.vote);
    return ls;
  }

  private LabelStats stats(double[] sims, int self) {
    LabelStats ls = new LabelStats();
    for (int u = 0; u < sims.length; u++) {
      ls.add(desc, u, sims[u], self);
    }
    vote(desc, sims, null, sims.length, self, ls.vote);
    return ls;
  }

  /** The first row of a document with the given label (any label when {@code c < 0}), not {@code self}. */
  private int firstRow(View v, int u, int c, int self) {
    for (int i : v.rows[u]) {
      if (i != self && (c < 0 || label[i] == c)) {
        return i;
      }
    }
    return -1;
  }

  private Query query(int self, Scan st, double[] simE, Scan sm, double la, boolean neg, int d, int wd, long acct,
      String merch0, String zsP, String zsD, boolean zsLexicon, int perView, double[] priorT, double[] priorE) {
    LabelStats t = stats(desc, st, self);
    LabelStats e = simE == null ? null : stats(simE, self);
    LabelStats m = stats(merch, sm, self);
    Partial part = partial(self, t, e, m, perView, priorT, priorE);
    return complete(part, self, la, neg, d, wd, acct, merch0, zsP, zsD, zsLexicon, false, false);
  }

  /**
   * A new transaction's evidence computed row by row, with no memo and by a scan of every label's
   * members: the reference that {@link #queries} must equal (tests compare them).
   */
  Query[] referenceQueries(List<Transaction> batch, int candidatesPerView) {
    List<String> texts = emb == null ? null : texts(batch);
    float[][] qe = emb == null ? null : embeddings.embed(texts);
    List<String[]> zs = zeroShot.apply(batch);
    Query[] out = new Query[batch.size()];
    for (int b = 0; b < out.length; b++) {
      Transaction t = batch.get(b);
      Scan st = new Scan(desc.docs.length);
      SparseVector qv = desc.vectorizer.transform(BankText.tokens(t.description()));
      desc.sims(qv, st);
      double[] se = null;
      if (qe != null) {
        se = new double[desc.docs.length];
        embSims(qe[b], 0, se);
      }
      Scan sm = new Scan(merch.docs.length);
      merch.sims(merch.vectorizer.transform(merchantTokens(t)), sm);
      out[b] = query(-1, st, se, sm, logMagnitude(t), t.amount().amount().signum() < 0,
          t.bookingDate().getDayOfMonth(), t.bookingDate().getDayOfWeek().getValue(), accountHash(t.account()),
          merchantKey(t), zs.get(b)[0], zs.get(b)[1], "L".equals(zs.get(b)[2]), candidatesPerView, priorT(qv),
          qe == null ? null : priorE(qe[b], 0));
    }
    return out;
  }

  /** The candidates and the text-view columns of their rows (see {@link Partial}). */
  private Partial partial(int self, LabelStats t, LabelStats e, LabelStats m, int perView, double[] priorT,
      double[] priorE) {
    int k = classes;
    double[] maxT = t.max;
    double[] maxE = e == null ? null : e.max;
    double[] maxM = m.max;
    double selfT = 0;
    double selfE = 0;
    double selfM = 0;
    if (self >= 0) {
      int c = label[self];
      // S_c . v_self = sum of the row's similarities to its own label's members, itself (1) included
      selfT = t.sum[c] + 1.0;
      selfE = e == null ? 0 : e.sum[c] + 1.0;
      selfM = m.sum[c] + 1.0;
    }
    int nearest;
    if (t.nearestDoc >= 0 && t.nearestSim > 0) {
      nearest = firstRow(desc, t.nearestDoc, -1, self);
    } else {
      nearest = self == 0 ? (n > 1 ? 1 : -1) : 0;
    }
    double[] voteT = t.vote;
    double[] voteE = e == null ? null : e.vote;
    double[] voteM = m.vote;
    int[] rankT = ranks(maxT);
    int[] rankE = e == null ? null : ranks(maxE);
    int[] rankM = ranks(maxM);
    boolean[] cand = new boolean[k];
    int nc = 0;
    for (int c = 0; c < k; c++) {
      boolean in = (rankT[c] < perView && maxT[c] > 0) || (rankE != null && rankE[c] < perView && maxE[c] > ABSENT)
          || (rankM[c] < perView && maxM[c] > 0) || voteT[c] > 0.2 || voteM[c] > 0.2
          || (voteE != null && voteE[c] > 0.2);
      if (in && count[c] - (self >= 0 && label[self] == c ? 1 : 0) > 0) {
        cand[c] = true;
        nc++;
      }
    }
    if (nc > perView) {
      // keep the perView labels with the strongest evidence in any view: bounded pairs per row
      double[] strength = new double[k];
      for (int c = 0; c < k; c++) {
        strength[c] = cand[c] ? Math.max(Math.max(maxT[c], maxM[c]), Math.max(e == null ? ABSENT : maxE[c],
            Math.max(voteT[c], voteM[c]))) : Double.NEGATIVE_INFINITY;
      }
      int[] order = ranks(strength);
      nc = 0;
      for (int c = 0; c < k; c++) {
        cand[c] = cand[c] && order[c] < perView;
        nc += cand[c] ? 1 : 0;
      }
    }
    // the labels whose own name or description is closest to the text: a label may be right although
    // none of its examples resembles the transaction (a new merchant of a known kind); a label with no
    // other example (only in leave-one-out training) is "alone": the similarity score may choose it,
    // stage 2 is not trained on it (its neighbour features would say "absent", which no new transaction sees)
    boolean[] topPT = topRanked(priorT, PRIOR_CANDIDATES);
    boolean[] topPE = priorE == null ? null : topRanked(priorE, PRIOR_CANDIDATES);
    boolean[] alone = new boolean[k];
    for (int c = 0; c < k; c++) {
      if (!cand[c] && (topPT[c] && priorT[c] > 0 || topPE != null && topPE[c])) {
        cand[c] = true;
        alone[c] = count[c] - (self >= 0 && label[self] == c ? 1 : 0) == 0;
        nc++;
      }
    }
    if (nc == 0) {
      // nothing similar at all: the most frequent labels are the candidates
      for (int c = 0; c < k && nc < perView; c++) {
        int best = -1;
        for (int c2 = 0; c2 < k; c2++) {
          if (!cand[c2] && count[c2] - (self >= 0 && label[self] == c2 ? 1 : 0) > 0
              && (best < 0 || count[c2] > count[best])) {
            best = c2;
          }
        }
        if (best < 0) {
          break;
        }
        cand[best] = true;
        nc++;
      }
    }
    double top1T = max(maxT);
    double top1E = e == null ? ABSENT : max(maxE);
    int[] candidates = new int[nc];
    boolean[] isAlone = new boolean[nc];
    double[][] rows = new double[nc][];
    int[] bestRows = new int[nc];
    int r = 0;
    for (int c = 0; c < k; c++) {
      if (!cand[c]) {
        continue;
      }
      boolean own = self >= 0 && label[self] == c;
      int cnt = count[c] - (own ? 1 : 0);
      double[] x = new double[WIDTH];
      x[0] = maxT[c];
      x[1] = t.sec[c];
      x[2] = voteT[c];
      x[3] = rankT[c];
      x[4] = maxT[c] - secondBest(maxT, c);
      x[5] = top1T;
      x[6] = centroid(t.sum[c], normT[c], own ? selfT : 0, cnt);
      if (e != null) {
        x[7] = maxE[c];
        x[8] = e.sec[c];
        x[9] = voteE[c];
        x[10] = rankE[c];
        x[11] = maxE[c] - secondBest(maxE, c);
        x[12] = top1E;
        x[13] = centroid(e.sum[c], normE[c], own ? selfE : 0, cnt);
      } else {
        for (int j = 7; j <= 13; j++) {
          x[j] = ABSENT;
        }
      }
      // the label's size over the whole training set: leave-one-out would make the true label look one
      // example smaller than the others, a signal a new transaction never has
      x[14] = Math.log((count[c] + 0.5) / (n + 0.5));
      x[15] = Math.log1p(count[c]);
      bestRows[r] = t.bestDoc[c] >= 0 && maxT[c] > 0 ? firstRow(desc, t.bestDoc[c], c, self) : firstMember(c, self);
      x[35] = maxM[c];
      x[36] = voteM[c];
      x[37] = rankM[c];
      x[38] = centroid(m.sum[c], normM[c], own ? selfM : 0, cnt);
      x[PRIOR] = priorE == null ? ABSENT : priorE[c];
      x[PRIOR + 1] = priorE == null ? ABSENT : rankOf(priorE, c);
      x[PRIOR + 2] = priorT[c];
      x[PRIOR + 3] = rankOf(priorT, c);
      x[PRIOR + 4] = priorE == null ? priorT[c] - secondBest(priorT, c) : priorE[c] - secondBest(priorE, c);
      isAlone[r] = alone[c];
      candidates[r] = c;
      rows[r++] = x;
    }
    return new Partial(candidates, isAlone, rows, bestRows, top1T, top1E, nearest);
  }

  /** The query of one row: its candidates' rows with the columns that depend on the row filled in. */
  private Query complete(Partial part, int self, double la, boolean neg, int d, int wd, long acct, String merch0,
      String zsP, String zsD, boolean zsLexicon, boolean copy, boolean indexed) {
    int k = classes;
    int[] merchIdx = byMerchant.getOrDefault(merch0, NO_ROWS);
    int merchTotal = 0;
    int seriesTotal = 0;
    int[] merchBy = new int[k];
    int[] seriesBy = new int[k];
    for (int i : merchIdx) {
      if (i == self) {
        continue;
      }
      merchTotal++;
      merchBy[label[i]]++;
      if (Math.abs(logAmount[i] - la) < 0.15) {
        seriesTotal++;
        seriesBy[label[i]]++;
      }
    }
    int nc = part.candidates().length;
    double[][] rows = copy ? new double[nc][] : part.rows();
    for (int r = 0; r < nc; r++) {
      int c = part.candidates()[r];
      double[] x = copy ? part.rows()[r].clone() : part.rows()[r];
      if (indexed && self < 0) {
        classIndex.stats(c, la, neg, d, wd, acct, zsP, zsD, x);
      } else {
        classStats(c, self, la, neg, d, wd, acct, zsP, zsD, x);
      }
      x[23] = merchTotal == 0 ? ABSENT : (double) merchBy[c] / merchTotal;
      x[24] = Math.log1p(merchTotal);
      x[25] = seriesTotal == 0 ? ABSENT : (double) seriesBy[c] / seriesTotal;
      x[26] = Math.log1p(seriesTotal);
      x[29] = zsLexicon ? 1 : 0;
      x[30] = neg ? -1 : 1;
      x[31] = la;
      x[32] = d;
      x[33] = wd;
      int bestRow = part.bestRow()[r];
      x[34] = bestRow < 0 ? 10 : Math.abs(logAmount[bestRow] - la);
      x[PRIOR + 5] = labelZsD[c].equals(zsD) ? 1 : 0;
      x[PRIOR + 6] = labelZsP[c].equals(zsP) ? 1 : 0;
      guessShares(c, self, zsP, zsD, x);
      rows[r] = x;
    }
    return new Query(part.candidates(), rows, part.top1T(), part.top1E(), part.nearest(), part.alone());
  }

  private static final int[] NO_ROWS = new int[0];

  /**
   * Of the labelled rows whose zero-shot guess is the query's, the share that carry label {@code c}
   * (smoothed; leave-one-out for a training row): how a label maps onto the standard categories, learned
   * from the labels themselves, so a merchant the lexicon knows finds the user's own label for its kind.
   */
  private void guessShares(int c, int self, String zsP, String zsD, double[] x) {
    int[] d = byZsDetailed.getOrDefault(zsD, NO_COUNTS);
    int[] p = byZsPrimary.getOrDefault(zsP, NO_COUNTS);
    int selfLabel = self >= 0 ? label[self] : -1;
    int dl = d.length == 0 ? 0 : d[c] - (self >= 0 && selfLabel == c && zsDetailed[self].equals(zsD) ? 1 : 0);
    int dt = d.length == 0 ? 0 : d[classes] - (self >= 0 && zsDetailed[self].equals(zsD) ? 1 : 0);
    int pl = p.length == 0 ? 0 : p[c] - (self >= 0 && selfLabel == c && zsPrimary[self].equals(zsP) ? 1 : 0);
    int pt = p.length == 0 ? 0 : p[classes] - (self >= 0 && zsPrimary[self].equals(zsP) ? 1 : 0);
    x[GUESS] = (dl + 0.1) / (dt + 1.0);
    x[GUESS + 1] = (pl + 0.1) / (pt + 1.0);
    x[GUESS + 2] = Math.log1p(dt);
  }

  private static final int[] NO_COUNTS = new int[0];

  /**
   * Per-label aggregates of the members for a new transaction (no row left out): the same values as
   * {@link #classStats} with {@code self < 0}, by sorted amounts, counts and tables instead of a scan of
   * every member. Built once at construction; read-only afterwards.
   */
  private final class ClassIndex {
    private final double[][] sortedAmount = new double[classes][];
    private final int[] negatives = new int[classes];
    private final double[] sum = new double[classes];
    private final double[] sumSq = new double[classes];
    /** Per label and day of month (1–31): the circular distance to the nearest member's day, at most 16. */
    private final int[][] nearestDom = new int[classes][32];
    private final int[][] weekdays = new int[classes][8];
    private final Map<Long, int[]> accounts = new HashMap<>();
    private final Map<String, int[]> primaries = new HashMap<>();
    private final Map<String, int[]> detailed = new HashMap<>();

    ClassIndex() {
      for (int c = 0; c < classes; c++) {
        int[] ms = members[c];
        double[] a = new double[ms.length];
        boolean[] days = new boolean[32];
        double s = 0;
        double sq = 0;
        for (int q = 0; q < ms.length; q++) {
          int i = ms[q];
          a[q] = logAmount[i];
          s += logAmount[i];
          sq += logAmount[i] * logAmount[i];
          negatives[c] += negative[i] ? 1 : 0;
          weekdays[c][Math.floorMod(weekday[i], 8)]++;
          if (dom[i] >= 0 && dom[i] < 32) {
            days[dom[i]] = true;
          }
          accounts.computeIfAbsent(spread(account[i]), x -> new int[classes])[c]++;
          primaries.computeIfAbsent(zsPrimary[i], x -> new int[classes])[c]++;
          detailed.computeIfAbsent(zsDetailed[i], x -> new int[classes])[c]++;
        }
        sum[c] = s;
        sumSq[c] = sq;
        Arrays.sort(a);
        sortedAmount[c] = a;
        for (int d = 0; d < 32; d++) {
          int best = 16;
          for (int dd0 = 0; dd0 < 32; dd0++) {
            if (days[dd0]) {
              int dd = Math.abs(dd0 - d);
              best = Math.min(best, Math.min(dd, 31 - dd));
            }
          }
          nearestDom[c][d] = best;
        }
      }
    }

    void stats(int c, double la, boolean neg, int d, int wd, long acct, String zsP, String zsD, double[] x) {
      int cnt = count[c];
      double[] a = sortedAmount[c];
      double nearestAmount = 10;
      int ip = Arrays.binarySearch(a, la);
      if (ip >= 0) {
        nearestAmount = Math.min(nearestAmount, Math.abs(a[ip] - la));
      } else {
        ip = -ip - 1;
        if (ip < a.length) {
          nearestAmount = Math.min(nearestAmount, Math.abs(a[ip] - la));
        }
        if (ip > 0) {
          nearestAmount = Math.min(nearestAmount, Math.abs(a[ip - 1] - la));
        }
      }
      boolean same = cnt > 0 && nearestAmount < 1e-9;
      int signAgree = neg ? negatives[c] : cnt - negatives[c];
      int nd = d >= 0 && d < 32 ? nearestDom[c][d] : scanNearestDom(c, d);
      int wdAgree = wd >= 0 && wd < 8 ? weekdays[c][wd] : 0;
      int[] ac = accounts.get(spread(acct));
      int[] zp = primaries.get(zsP);
      int[] zd = detailed.get(zsD);
      double mean = cnt == 0 ? la : sum[c] / cnt;
      double sd = cnt < 2 ? 1.0 : Math.sqrt(Math.max(0, sumSq[c] / cnt - mean * mean));
      x[16] = (signAgree + 0.5) / (cnt + 1.0);
      x[17] = nearestAmount;
      x[18] = Math.abs(la - mean) / (sd + 0.25);
      x[19] = same ? 1 : 0;
      x[20] = cnt == 0 ? 16 : nd;
      x[21] = (wdAgree + 0.5) / (cnt + 1.0);
      x[22] = ((ac == null ? 0 : ac[c]) + 0.5) / (cnt + 1.0);
      x[27] = ((zp == null ? 0 : zp[c]) + 0.5) / (cnt + 1.0);
      x[28] = ((zd == null ? 0 : zd[c]) + 0.5) / (cnt + 1.0);
    }

    /**
     * A bijective mix of an account hash: FNV-1a's low bits depend only on the inputs' low bits, so
     * accounts that differ in their last digits would share hash-map bins.
     */
    private static long spread(long h) {
      h ^= h >>> 33;
      h *= 0xff51afd7ed558ccdL;
      h ^= h >>> 33;
      h *= 0xc4ceb9fe1a85ec53L;
      return h ^ (h >>> 33);
    }

    private int scanNearestDom(int c, int d) {
      int best = 16;
      for (int i : members[c]) {
        int dd = Math.abs(dom[i] - d);
        best = Math.min(best, Math.min(dd, 31 - dd));
      }
      return best;
    }
  }

  private int firstMember(int c, int self) {
    for (int i : members[c]) {
      if (i != self) {
        return i;
      }
    }
    return -1;
  }

  private void classStats(int c, int self, double la, boolean neg, int d, int wd, long acct, String zsP,
      String zsD, double[] x) {
    int cnt = 0;
    int signAgree = 0;
    double nearestAmount = 10;
    double sum = 0;
    double sumSq = 0;
    boolean same = false;
    int nearestDom = 16;
    int wdAgree = 0;
    int acctAgree = 0;
    int zsPAgree = 0;
    int zsDAgree = 0;
    for (int i : members[c]) {
      if (i == self) {
        continue;
      }
      cnt++;
      signAgree += negative[i] == neg ? 1 : 0;
      double diff = Math.abs(logAmount[i] - la);
      nearestAmount = Math.min(nearestAmount, diff);
      same |= diff < 1e-9;
      sum += logAmount[i];
      sumSq += logAmount[i] * logAmount[i];
      int dd = Math.abs(dom[i] - d);
      nearestDom = Math.min(nearestDom, Math.min(dd, 31 - dd));
      wdAgree += weekday[i] == wd ? 1 : 0;
      acctAgree += account[i] == acct ? 1 : 0;
      zsPAgree += zsPrimary[i].equals(zsP) ? 1 : 0;
      zsDAgree += zsDetailed[i].equals(zsD) ? 1 : 0;
    }
    double mean = cnt == 0 ? la : sum / cnt;
    double sd = cnt < 2 ? 1.0 : Math.sqrt(Math.max(0, sumSq / cnt - mean * mean));
    x[16] = (signAgree + 0.5) / (cnt + 1.0);
    x[17] = nearestAmount;
    x[18] = Math.abs(la - mean) / (sd + 0.25);
    x[19] = same ? 1 : 0;
    x[20] = nearestDom;
    x[21] = (wdAgree + 0.5) / (cnt + 1.0);
    x[22] = (acctAgree + 0.5) / (cnt + 1.0);
    x[27] = (zsPAgree + 0.5) / (cnt + 1.0);
    x[28] = (zsDAgree + 0.5) / (cnt + 1.0);
  }

  private static double centroid(double sumSims, double norm, double selfDot, int cnt) {
    if (cnt == 0) {
      return ABSENT;
    }
    // LOO: ||S_c - v||^2 = ||S_c||^2 - 2 S_c.v + 1
    double nn = selfDot == 0 ? norm : norm - 2 * selfDot + 1;
    return nn <= 1e-12 ? 0 : sumSims / Math.sqrt(nn);
  }

  /** Rank of each score, descending, ties by index (as a stable sort): no boxing. */
  private static int[] ranks(double[] score) {
    int k = score.length;
    int[] rank = new int[k];
    for (int c = 0; c < k; c++) {
      int r = 0;
      double s = score[c];
      for (int c2 = 0; c2 < k; c2++) {
        double o = score[c2];
        if (o > s || (o == s && c2 < c)) {
          r++;
        }
      }
      rank[c] = r;
    }
    return rank;
  }

  private static double secondBest(double[] v, int except) {
    double best = ABSENT;
    for (int c = 0; c < v.length; c++) {
      if (c != except && v[c] > best) {
        best = v[c];
      }
    }
    return best;
  }

  private static double max(double[] v) {
    double m = ABSENT;
    for (double x : v) {
      m = Math.max(m, x);
    }
    return m;
  }

  private static double[] filled(int k, double v) {
    double[] a = new double[k];
    Arrays.fill(a, v);
    return a;
  }

  private static int[] filled(int k) {
    int[] a = new int[k];
    Arrays.fill(a, -1);
    return a;
  }

  // ---------------------------------------------------------------- saving

  void write(ModelOutput out) throws IOException {
    DataOutputStream d = out.data();
    out.writeInt(n);
    out.writeInt(classes);
    out.writeInts(label);
    desc.write(out);
    merch.write(out);
    d.writeBoolean(emb != null);
    if (emb != null) {
      out.writeInt(dim);
      out.writeInt(emb.length);
      for (float v : emb) {
        d.writeFloat(v);
      }
    }
    out.writeDoubles(logAmount);
    for (int i = 0; i < n; i++) {
      d.writeBoolean(negative[i]);
      out.writeInt(dom[i]);
      out.writeInt(weekday[i]);
      d.writeLong(account[i]);
      out.writeUTF(merchant[i]);
      out.writeUTF(zsPrimary[i]);
      out.writeUTF(zsDetailed[i]);
    }
  }

  static Evidence read(ModelInput in, OptionalEmbeddings embeddings,
      Function<List<Transaction>, List<String[]>> zeroShot, List<Category> labelCats) {
    int n = in.readInt("rows", 1, MAX_ROWS);
    int classes = in.readInt("labels", 2, 1_000_000);
    int[] label = in.readInts("row labels");
    if (label.length != n) {
      throw in.corrupt("row labels: " + label.length + " for " + n + " rows");
    }
    for (int c : label) {
      if (c < 0 || c >= classes) {
        throw in.corrupt("row label " + c + " outside [0, " + classes + ")");
      }
    }
    View desc = View.read(in, n);
    View merch = View.read(in, n);
    float[] emb = null;
    int dim = 0;
    if (in.readBoolean()) {
      dim = in.readInt("embedding dimension", 1, 100_000);
      int len = in.readCount("embedding values", Float.BYTES);
      if (len != dim * desc.docs.length) {
        throw in.corrupt("embedding values: " + len + ", expected " + dim + " x " + desc.docs.length);
      }
      emb = new float[len];
      for (int i = 0; i < len; i++) {
        emb[i] = Float.intBitsToFloat(in.readInt());
        if (!Float.isFinite(emb[i])) {
          throw in.corrupt("embedding value is not finite");
        }
      }
      if (embeddings == null) {
        throw new dev.pfms.api.ModelException("this stacked-gbm model was fitted with sentence embeddings, but the"
            + " DJL engine or the embedding model is not available here: add pfms-ml's DJL dependencies, or retrain"
            + " with embeddings=off");
      }
    }
    double[] logAmount = in.readDoubles("log amounts");
    if (logAmount.length != n) {
      throw in.corrupt("log amounts: " + logAmount.length + " for " + n + " rows");
    }
    boolean[] negative = new boolean[n];
    int[] dom = new int[n];
    int[] weekday = new int[n];
    long[] account = new long[n];
    String[] merchant = new String[n];
    String[] zsP = new String[n];
    String[] zsD = new String[n];
    for (int i = 0; i < n; i++) {
      if (!Double.isFinite(logAmount[i])) {
        throw in.corrupt("log amount is not finite");
      }
      negative[i] = in.readBoolean();
      dom[i] = in.readInt("day of month", 1, 31);
      weekday[i] = in.readInt("weekday", 1, 7);
      account[i] = in.readLong();
      merchant[i] = in.readUTF();
      zsP[i] = in.readUTF();
      zsD[i] = in.readUTF();
    }
    return new Evidence(n, classes, label, desc, merch, emb, dim, logAmount, negative, dom, weekday, account,
        merchant, zsP, zsD, embeddings, zeroShot, labelCats);
  }

  /**
   * One text view: distinct documents (identical token lists stored once), each with the rows it
   * stands for and its per-label counts, an inverted index from term to (document, weight).
   */
  static final class View {
    final TfidfVectorizer vectorizer;
    final SparseVector[] docs;
    final int[] docOf;
    final int[] firstRow;
    int[][] rows;
    int[][] docLabels;
    int[][] docCounts;
    int[][] postingDoc;
    float[][] postingWeight;

    private View(TfidfVectorizer vectorizer, SparseVector[] docs, int[] docOf) {
      this.vectorizer = vectorizer;
      this.docs = docs;
      this.docOf = docOf;
      this.firstRow = new int[docs.length];
      Arrays.fill(firstRow, -1);
      for (int i = docOf.length - 1; i >= 0; i--) {
        if (docOf[i] >= 0 && docOf[i] < docs.length) {
          firstRow[docOf[i]] = i;
        }
      }
    }

    static View fit(List<String> keys, List<List<String>> tokens, int vocabulary) {
      int n = keys.size();
      Map<String, Integer> ids = new HashMap<>();
      int[] docOf = new int[n];
      List<List<String>> distinct = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        Integer u = ids.get(keys.get(i));
        if (u == null) {
          u = distinct.size();
          ids.put(keys.get(i), u);
          distinct.add(tokens.get(i));
        }
        docOf[i] = u;
      }
      // idf over rows, not distinct texts: a merchant seen 100 times is a common term
      TfidfVectorizer v = TfidfVectorizer.fit(tokens, vocabulary);
      SparseVector[] docs = new SparseVector[distinct.size()];
      for (int u = 0; u < docs.length; u++) {
        docs[u] = v.transform(distinct.get(u));
      }
      return new View(v, docs, docOf);
    }

    void index(int[] label, int classes) {
      int m = docs.length;
      int[] size = new int[m];
      for (int u : docOf) {
        size[u]++;
      }
      rows = new int[m][];
      for (int u = 0; u < m; u++) {
        rows[u] = new int[size[u]];
      }
      int[] fill = new int[m];
      for (int i = 0; i < docOf.length; i++) {
        int u = docOf[i];
        rows[u][fill[u]++] = i;
      }
      docLabels = new int[m][];
      docCounts = new int[m][];
      int[] tally = new int[classes];
      for (int u = 0; u < m; u++) {
        int distinct = 0;
        for (int i : rows[u]) {
          if (tally[label[i]]++ == 0) {
            distinct++;
          }
        }
        docLabels[u] = new int[distinct];
        docCounts[u] = new int[distinct];
        int q = 0;
        for (int i : rows[u]) {
          int c = label[i];
          if (tally[c] > 0) {
            docLabels[u][q] = c;
            docCounts[u][q++] = tally[c];
            tally[c] = 0;
          }
        }
      }
      int terms = vectorizer.size();
      int[] df = new int[terms];
      for (SparseVector d : docs) {
        for (int j : d.indices()) {
          df[j]++;
        }
      }
      postingDoc = new int[terms][];
      postingWeight = new float[terms][];
      for (int j = 0; j < terms; j++) {
        postingDoc[j] = new int[df[j]];
        postingWeight[j] = new float[df[j]];
      }
      int[] pf = new int[terms];
      for (int u = 0; u < m; u++) {
        int[] idx = docs[u].indices();
        double[] val = docs[u].values();
        for (int k = 0; k < idx.length; k++) {
          int j = idx[k];
          postingDoc[j][pf[j]] = u;
          postingWeight[j][pf[j]++] = (float) val[k];
        }
      }
    }

    /** ||S_c||^2 of each label's sum of row vectors. */
    void centroidNorms(int classes, double[] out) {
      Map<Integer, Double>[] sum = newMaps(classes);
      for (int u = 0; u < docs.length; u++) {
        int[] idx = docs[u].indices();
        double[] val = docs[u].values();
        for (int q = 0; q < docLabels[u].length; q++) {
          int c = docLabels[u][q];
          int w = docCounts[u][q];
          for (int k = 0; k < idx.length; k++) {
            sum[c].merge(idx[k], w * val[k], Double::sum);
          }
        }
      }
      for (int c = 0; c < classes; c++) {
        double s = 0;
        for (double v : sum[c].values()) {
          s += v * v;
        }
        out[c] = s;
      }
    }

    /** Accumulates the query's dot product with every document that shares a term with it. */
    void sims(SparseVector q, Scan scan) {
      int[] idx = q.indices();
      double[] val = q.values();
      double[] sim = scan.sim;
      for (int k = 0; k < idx.length; k++) {
        int[] pd = postingDoc[idx[k]];
        float[] pw = postingWeight[idx[k]];
        double w = val[k];
        for (int p = 0; p < pd.length; p++) {
          int u = pd[p];
          if (!scan.seen[u]) {
            scan.seen[u] = true;
            scan.touched[scan.size++] = u;
          }
          sim[u] += w * pw[p];
        }
      }
    }

    void write(ModelOutput out) throws IOException {
      String[] terms = vectorizer.terms();
      out.writeInt(terms.length);
      for (String t : terms) {
        out.writeUTF(t);
      }
      out.writeDoubles(vectorizer.idf());
      out.writeInt(docs.length);
      for (SparseVector d : docs) {
        out.writeInts(d.indices());
        out.writeDoubles(d.values());
      }
      out.writeInts(docOf);
    }

    static View read(ModelInput in, int n) {
      int t = in.readCount("terms", 3);
      String[] terms = new String[t];
      for (int i = 0; i < t; i++) {
        terms[i] = in.readUTF();
      }
      double[] idf = in.readDoubles("idf");
      if (idf.length != t) {
        throw in.corrupt("idf: " + idf.length + " weights for " + t + " terms");
      }
      TfidfVectorizer v;
      try {
        v = TfidfVectorizer.of(terms, idf);
      } catch (IllegalArgumentException e) {
        throw in.corrupt(e.getMessage());
      }
      int m = in.readCount("documents", 8);
      SparseVector[] docs = new SparseVector[m];
      for (int u = 0; u < m; u++) {
        int[] idx = in.readInts("document terms");
        double[] val = in.readDoubles("document weights");
        if (idx.length != val.length) {
          throw in.corrupt("document " + u + ": " + idx.length + " terms, " + val.length + " weights");
        }
        for (int k = 0; k < idx.length; k++) {
          if (idx[k] < 0 || idx[k] >= t || (k > 0 && idx[k] <= idx[k - 1]) || !Double.isFinite(val[k])) {
            throw in.corrupt("document " + u + ": bad term " + idx[k] + " or weight");
          }
        }
        docs[u] = new SparseVector(idx, val);
      }
      int[] docOf = in.readInts("row documents");
      if (docOf.length != n) {
        throw in.corrupt("row documents: " + docOf.length + " for " + n + " rows");
      }
      boolean[] used = new boolean[m];
      for (int u : docOf) {
        if (u < 0 || u >= m) {
          throw in.corrupt("row document " + u + " outside [0, " + m + ")");
        }
        used[u] = true;
      }
      for (boolean b : used) {
        if (!b) {
          throw in.corrupt("a document stands for no row");
        }
      }
      return new View(v, docs, docOf);
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<Integer, Double>[] newMaps(int k) {
    Map<Integer, Double>[] m = new Map[k];
    for (int c = 0; c < k; c++) {
      m[c] = new HashMap<>();
    }
    return m;
  }
}
