package dev.pfms.ml.stack;

import dev.pfms.api.model.Transaction;
import dev.pfms.ml.embed.OptionalEmbeddings;
import dev.pfms.ml.text.BankText;
import dev.pfms.ml.text.SparseVector;
import dev.pfms.ml.text.TfidfVectorizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Stage 1 of {@code stacked-gbm}: the labelled transactions as a searchable memory (TF-IDF word and
 * character n-grams in an inverted index, sentence embeddings when present) and, for a query, one
 * feature row per candidate label — neighbour evidence by both text views, label-centroid
 * similarity, and the label's amount, sign, date, account, counterparty, recurring-series and
 * zero-shot agreement with the query.
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
      "merchant nearest similarity", "merchant kNN vote", "merchant label rank", "merchant centroid similarity"};

  static final int WIDTH = NAMES.length;
  private static final int KNN = 10;
  private static final double ABSENT = -1.0;

  final int n;
  final int classes;
  final int[] label;
  private final TfidfVectorizer vectorizer;
  private final SparseVector[] docs;
  private final int[][] postingDoc;
  private final float[][] postingWeight;
  private final float[][] emb;
  private final SparseView merchantView;
  private final OptionalEmbeddings embeddings;
  private final double[] normT;
  private final double[] normE;
  private final int[] count;
  private final int[][] members;
  private final double[] logAmount;
  private final boolean[] negative;
  private final int[] dom;
  private final int[] weekday;
  private final String[] account;
  private final String[] merchant;
  private final String[] zsPrimary;
  private final String[] zsDetailed;
  private final Map<String, int[]> byMerchant;
  private final Function<List<Transaction>, List<String[]>> zeroShot;

  /** One query's candidate labels and their feature rows. */
  record Query(int[] candidates, double[][] rows, double top1T, double top1E, int nearest, double[] simT) {}

  Evidence(List<Transaction> rows, int[] labels, int classes, int vocabulary, OptionalEmbeddings embeddings,
      Function<List<Transaction>, List<String[]>> zeroShot) {
    this.n = rows.size();
    this.classes = classes;
    this.label = labels.clone();
    this.embeddings = embeddings;
    this.zeroShot = zeroShot;
    List<List<String>> tokens = new ArrayList<>(n);
    for (Transaction t : rows) {
      tokens.add(BankText.tokens(t.description()));
    }
    vectorizer = TfidfVectorizer.fit(tokens, vocabulary);
    docs = new SparseVector[n];
    int[] df = new int[vectorizer.size()];
    for (int i = 0; i < n; i++) {
      docs[i] = vectorizer.transform(tokens.get(i));
      for (int j : docs[i].indices()) {
        df[j]++;
      }
    }
    postingDoc = new int[df.length][];
    postingWeight = new float[df.length][];
    for (int j = 0; j < df.length; j++) {
      postingDoc[j] = new int[df[j]];
      postingWeight[j] = new float[df[j]];
    }
    int[] fill = new int[df.length];
    for (int i = 0; i < n; i++) {
      int[] idx = docs[i].indices();
      double[] val = docs[i].values();
      for (int k = 0; k < idx.length; k++) {
        int j = idx[k];
        postingDoc[j][fill[j]] = i;
        postingWeight[j][fill[j]++] = (float) val[k];
      }
    }
    emb = embeddings == null ? null : embeddings.embed(texts(rows));
    merchantView = new SparseView(rows, labels, classes, vocabulary);
    count = new int[classes];
    normT = new double[classes];
    normE = new double[classes];
    Map<Integer, Double>[] sumT = newMaps(classes);
    float[][] sumE = emb == null ? null : new float[classes][emb[0].length];
    for (int i = 0; i < n; i++) {
      int c = labels[i];
      count[c]++;
      int[] idx = docs[i].indices();
      double[] val = docs[i].values();
      for (int k = 0; k < idx.length; k++) {
        sumT[c].merge(idx[k], val[k], Double::sum);
      }
      if (sumE != null) {
        for (int d = 0; d < emb[i].length; d++) {
          sumE[c][d] += emb[i][d];
        }
      }
    }
    members = new int[classes][];
    int[] fillM = new int[classes];
    for (int c = 0; c < classes; c++) {
      members[c] = new int[count[c]];
    }
    for (int i = 0; i < n; i++) {
      members[labels[i]][fillM[labels[i]]++] = i;
    }
    for (int c = 0; c < classes; c++) {
      double s = 0;
      for (double v : sumT[c].values()) {
        s += v * v;
      }
      normT[c] = s;
      if (sumE != null) {
        double e = 0;
        for (float v : sumE[c]) {
          e += (double) v * v;
        }
        normE[c] = e;
      }
    }
    logAmount = new double[n];
    negative = new boolean[n];
    dom = new int[n];
    weekday = new int[n];
    account = new String[n];
    merchant = new String[n];
    byMerchant = new HashMap<>();
    for (int i = 0; i < n; i++) {
      Transaction t = rows.get(i);
      logAmount[i] = logMagnitude(t);
      negative[i] = t.amount().amount().signum() < 0;
      dom[i] = t.bookingDate().getDayOfMonth();
      weekday[i] = t.bookingDate().getDayOfWeek().getValue();
      account[i] = t.account();
      merchant[i] = merchantKey(t);
    }
    for (int i = 0; i < n; i++) {
      byMerchant.merge(merchant[i], new int[] {i}, Evidence::concat);
    }
    List<String[]> zs = zeroShot.apply(rows);
    zsPrimary = new String[n];
    zsDetailed = new String[n];
    for (int i = 0; i < n; i++) {
      zsPrimary[i] = zs.get(i)[0];
      zsDetailed[i] = zs.get(i)[1];
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

  private static int[] concat(int[] a, int[] b) {
    int[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  static List<String> texts(List<Transaction> rows) {
    List<String> out = new ArrayList<>(rows.size());
    for (Transaction t : rows) {
      String s = BankText.normalize(t.description());
      out.add(s.isEmpty() ? t.description().toLowerCase(Locale.ROOT).trim() : s);
    }
    return out;
  }

  static double logMagnitude(Transaction t) {
    return Math.log1p(Math.abs(t.amount().amount().doubleValue()));
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

  boolean hasEmbeddings() {
    return emb != null;
  }

  String describeNeighbour(int i) {
    return merchant[i];
  }

  /**
   * Leave-one-out evidence for every training row.
   *
   * @param candidatesPerView labels kept per text view
   * @return one query per training row
   */
  Query[] trainingQueries(int candidatesPerView) {
    Query[] out = new Query[n];
    double[] simT = new double[n];
    for (int i = 0; i < n; i++) {
      Arrays.fill(simT, 0);
      tfidfSims(docs[i], simT);
      double[] simE = emb == null ? null : embSims(emb[i]);
      double[] simM = merchantView.sims(merchantView.docs[i]);
      out[i] = query(i, simT, simE, simM, logAmount[i], negative[i], dom[i], weekday[i], account[i], merchant[i],
          zsPrimary[i], zsDetailed[i], false, candidatesPerView, false);
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
    Query[] out = new Query[batch.size()];
    float[][] qe = emb == null ? null : embeddings.embed(texts(batch));
    List<String[]> zs = zeroShot.apply(batch);
    for (int b = 0; b < batch.size(); b++) {
      Transaction t = batch.get(b);
      double[] simT = new double[n];
      tfidfSims(vectorizer.transform(BankText.tokens(t.description())), simT);
      double[] simE = qe == null ? null : embSims(qe[b]);
      double[] simM = merchantView.sims(merchantView.vector(t));
      out[b] = query(-1, simT, simE, simM, logMagnitude(t), t.amount().amount().signum() < 0,
          t.bookingDate().getDayOfMonth(), t.bookingDate().getDayOfWeek().getValue(), t.account(), merchantKey(t),
          zs.get(b)[0], zs.get(b)[1], "L".equals(zs.get(b)[2]), candidatesPerView, true);
    }
    return out;
  }

  private void tfidfSims(SparseVector q, double[] out) {
    int[] idx = q.indices();
    double[] val = q.values();
    for (int k = 0; k < idx.length; k++) {
      int[] pd = postingDoc[idx[k]];
      float[] pw = postingWeight[idx[k]];
      double w = val[k];
      for (int p = 0; p < pd.length; p++) {
        out[pd[p]] += w * pw[p];
      }
    }
  }

  private double[] embSims(float[] q) {
    double[] out = new double[n];
    for (int i = 0; i < n; i++) {
      out[i] = OptionalEmbeddings.cosine(q, emb[i]);
    }
    return out;
  }

  private Query query(int self, double[] simT, double[] simE, double[] simM, double la, boolean neg, int d, int wd, String acct,
      String merch, String zsP, String zsD, boolean zsLexicon, int perView, boolean keepSims) {
    int k = classes;
    double[] maxT = filled(k, ABSENT);
    double[] secT = filled(k, ABSENT);
    double[] sumT = new double[k];
    double[] maxE = filled(k, ABSENT);
    double[] secE = filled(k, ABSENT);
    double[] sumE = new double[k];
    int[] bestT = new int[k];
    Arrays.fill(bestT, -1);
    double[] maxM = filled(k, ABSENT);
    double[] sumM = new double[k];
    double selfT = 0;
    double selfE = 0;
    double selfM = 0;
    int nearest = -1;
    for (int i = 0; i < n; i++) {
      int c = label[i];
      if (i == self) {
        continue;
      }
      double s = simT[i];
      sumT[c] += s;
      if (s > maxT[c]) {
        secT[c] = maxT[c];
        maxT[c] = s;
        bestT[c] = i;
      } else if (s > secT[c]) {
        secT[c] = s;
      }
      sumM[c] += simM[i];
      maxM[c] = Math.max(maxM[c], simM[i]);
      if (nearest < 0 || s > simT[nearest]) {
        nearest = i;
      }
      if (simE != null) {
        double e = simE[i];
        sumE[c] += e;
        if (e > maxE[c]) {
          secE[c] = maxE[c];
          maxE[c] = e;
        } else if (e > secE[c]) {
          secE[c] = e;
        }
      }
    }
    if (self >= 0) {
      int c = label[self];
      // S_c . v_self = sum of the row's similarities to its own label's members, itself (1) included
      selfT = sumT[c] + 1.0;
      selfE = simE == null ? 0 : sumE[c] + 1.0;
      selfM = sumM[c] + 1.0;
    }
    double[] voteT = vote(simT, self);
    double[] voteE = simE == null ? null : vote(simE, self);
    int[] rankT = ranks(maxT);
    int[] rankE = simE == null ? null : ranks(maxE);
    double[] voteM = vote(simM, self);
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
        strength[c] = cand[c] ? Math.max(Math.max(maxT[c], maxM[c]), Math.max(simE == null ? ABSENT : maxE[c],
            Math.max(voteT[c], voteM[c]))) : Double.NEGATIVE_INFINITY;
      }
      int[] order = ranks(strength);
      nc = 0;
      for (int c = 0; c < k; c++) {
        cand[c] = cand[c] && order[c] < perView;
        nc += cand[c] ? 1 : 0;
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
    double top1E = simE == null ? ABSENT : max(maxE);
    int[] merchIdx = byMerchant.getOrDefault(merch, new int[0]);
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
    int[] candidates = new int[nc];
    double[][] rows = new double[nc][];
    int r = 0;
    for (int c = 0; c < k; c++) {
      if (!cand[c]) {
        continue;
      }
      boolean own = self >= 0 && label[self] == c;
      int cnt = count[c] - (own ? 1 : 0);
      double[] x = new double[WIDTH];
      x[0] = maxT[c];
      x[1] = secT[c];
      x[2] = voteT[c];
      x[3] = rankT[c];
      x[4] = maxT[c] - secondBest(maxT, c);
      x[5] = top1T;
      x[6] = centroid(sumT[c], normT[c], own ? selfT : 0, cnt);
      if (simE != null) {
        x[7] = maxE[c];
        x[8] = secE[c];
        x[9] = voteE[c];
        x[10] = rankE[c];
        x[11] = maxE[c] - secondBest(maxE, c);
        x[12] = top1E;
        x[13] = centroid(sumE[c], normE[c], own ? selfE : 0, cnt);
      } else {
        for (int j = 7; j <= 13; j++) {
          x[j] = ABSENT;
        }
      }
      // the label's size over the whole training set: leave-one-out would make the true label look one
      // example smaller than the others, a signal a new transaction never has
      x[14] = Math.log((count[c] + 0.5) / (n + 0.5));
      x[15] = Math.log1p(count[c]);
      classStats(c, self, la, neg, d, wd, acct, zsP, zsD, x);
      x[23] = merchTotal == 0 ? ABSENT : (double) merchBy[c] / merchTotal;
      x[24] = Math.log1p(merchTotal);
      x[25] = seriesTotal == 0 ? ABSENT : (double) seriesBy[c] / seriesTotal;
      x[26] = Math.log1p(seriesTotal);
      x[29] = zsLexicon ? 1 : 0;
      x[30] = neg ? -1 : 1;
      x[31] = la;
      x[32] = d;
      x[33] = wd;
      x[34] = bestT[c] < 0 ? 10 : Math.abs(logAmount[bestT[c]] - la);
      x[35] = maxM[c];
      x[36] = voteM[c];
      x[37] = rankM[c];
      x[38] = centroid(sumM[c], merchantView.norm[c], own ? selfM : 0, cnt);
      candidates[r] = c;
      rows[r++] = x;
    }
    return new Query(candidates, rows, top1T, top1E, nearest, keepSims ? simT : null);
  }

  private void classStats(int c, int self, double la, boolean neg, int d, int wd, String acct, String zsP,
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
      acctAgree += account[i].equals(acct) ? 1 : 0;
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

  private double[] vote(double[] sims, int self) {
    int kk = Math.min(KNN, n - (self >= 0 ? 1 : 0));
    int[] top = new int[kk];
    double[] topS = filled(kk, Double.NEGATIVE_INFINITY);
    for (int i = 0; i < n; i++) {
      if (i == self) {
        continue;
      }
      double s = sims[i];
      if (kk > 0 && s > topS[kk - 1]) {
        int p = kk - 1;
        while (p > 0 && topS[p - 1] < s) {
          topS[p] = topS[p - 1];
          top[p] = top[p - 1];
          p--;
        }
        topS[p] = s;
        top[p] = i;
      }
    }
    double[] v = new double[classes];
    double total = 0;
    for (int j = 0; j < kk; j++) {
      double w = Math.max(0, topS[j]);
      v[label[top[j]]] += w;
      total += w;
    }
    if (total > 0) {
      for (int c = 0; c < classes; c++) {
        v[c] /= total;
      }
    }
    return v;
  }

  private static int[] ranks(double[] score) {
    Integer[] order = new Integer[score.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> Double.compare(score[b], score[a]));
    int[] rank = new int[score.length];
    for (int r = 0; r < order.length; r++) {
      rank[order[r]] = r;
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

  /** A TF-IDF view of one text field (here the normalized merchant) with an inverted index. */
  private static final class SparseView {
    final TfidfVectorizer vectorizer;
    final SparseVector[] docs;
    final int[][] postingDoc;
    final float[][] postingWeight;
    final double[] norm;
    final int n;

    SparseView(List<Transaction> rows, int[] labels, int classes, int vocabulary) {
      n = rows.size();
      List<List<String>> tokens = new ArrayList<>(n);
      for (Transaction t : rows) {
        tokens.add(tokens(t));
      }
      vectorizer = TfidfVectorizer.fit(tokens, vocabulary);
      docs = new SparseVector[n];
      int[] df = new int[vectorizer.size()];
      for (int i = 0; i < n; i++) {
        docs[i] = vectorizer.transform(tokens.get(i));
        for (int j : docs[i].indices()) {
          df[j]++;
        }
      }
      postingDoc = new int[df.length][];
      postingWeight = new float[df.length][];
      for (int j = 0; j < df.length; j++) {
        postingDoc[j] = new int[df[j]];
        postingWeight[j] = new float[df[j]];
      }
      int[] fill = new int[df.length];
      Map<Integer, Double>[] sum = newMaps(classes);
      for (int i = 0; i < n; i++) {
        int[] idx = docs[i].indices();
        double[] val = docs[i].values();
        for (int k = 0; k < idx.length; k++) {
          int j = idx[k];
          postingDoc[j][fill[j]] = i;
          postingWeight[j][fill[j]++] = (float) val[k];
          sum[labels[i]].merge(j, val[k], Double::sum);
        }
      }
      norm = new double[classes];
      for (int c = 0; c < classes; c++) {
        for (double v : sum[c].values()) {
          norm[c] += v * v;
        }
      }
    }

    static List<String> tokens(Transaction t) {
      String m = t.merchant() == null || t.merchant().isBlank() ? t.description() : t.merchant();
      return BankText.tokens(m);
    }

    SparseVector vector(Transaction t) {
      return vectorizer.transform(tokens(t));
    }

    double[] sims(SparseVector q) {
      double[] out = new double[n];
      int[] idx = q.indices();
      double[] val = q.values();
      for (int k = 0; k < idx.length; k++) {
        int[] pd = postingDoc[idx[k]];
        float[] pw = postingWeight[idx[k]];
        double w = val[k];
        for (int p = 0; p < pd.length; p++) {
          out[pd[p]] += w * pw[p];
        }
      }
      return out;
    }
  }
}
