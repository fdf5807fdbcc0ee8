#!/usr/bin/python3
"""scikit-learn reference for the pfms categorization evaluation, on the SAME folds.

The Java evaluation writes the fold of every row (and the learning-curve training subsets) with
  CategorizationEvaluation --write-folds true   ->  folds-sample.csv, folds-za.csv (line numbers only)
This script reads those files and the data (sample_data/ in the repo; the real ZA rows from
../shared/data, never copied into the repo), fits plain scikit-learn baselines per fold and writes
sklearn-<data>.csv, which the Java evaluation prints next to its own figures:

  model,curve,accuracy,macro_f1,ece,fold_accuracies

Models: 1-NN on TF-IDF (cross-checks the Java knn-tfidf), TF-IDF -> chi2 300 -> GradientBoostingClassifier
(100 rounds, depth 3: the plain prototype the issue quotes), TF-IDF -> logistic regression, and the same
chi2 features -> HistGradientBoostingClassifier (slow with many classes; set MODELS=... to choose).
Each model's rows are written to the CSV as soon as it is done.
Text features: word 1-2-grams + character 3-5-grams, as in dev.pfms.ml.text.TfidfVectorizer.

Run (Debian: apt-get install -y python3-sklearn):
  python3 tools/reference/categorization/sklearn_baseline.py [--za ../shared/data/labelled/za-bank-transactions.csv]
"""
import argparse
import csv
import os
import re
import sys

import numpy as np
import sklearn
from scipy.sparse import hstack
from sklearn.ensemble import GradientBoostingClassifier, HistGradientBoostingClassifier
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.feature_selection import SelectKBest, chi2
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", "..", ".."))
NUMBER = re.compile(r"-?\d[\d ]*(?:\.\d+)?")


def tokens(desc):
    """Close to dev.pfms.ml.text.BankText.tokens: lower case, no digit-bearing tokens, >= 2 chars."""
    out = []
    for w in re.split(r"[^\w&']+", desc.lower()):
        w = w.strip("'_")
        if len(w) >= 2 and not any(c.isdigit() for c in w):
            out.append(w)
    return " ".join(out)


def read_sample():
    truth = {}
    with open(os.path.join(ROOT, "sample_data", "truth.csv"), newline="") as f:
        for r in csv.DictReader(f):
            truth[int(r["line"])] = r["category"]
    rows = {}
    with open(os.path.join(ROOT, "sample_data", "transactions.csv"), newline="") as f:
        for i, r in enumerate(csv.DictReader(f)):
            line = i + 2
            rows[line] = (r["Description"], float(r["Amount"]), truth[line])
    return rows


def read_za(path):
    rows = {}
    with open(path, newline="", encoding="utf-8") as f:
        for i, r in enumerate(csv.DictReader(f)):
            line = i + 2
            nums = NUMBER.findall(r["amount"])
            if not nums or not r["label"].strip():
                continue
            rows[line] = (r["description"].strip(), float(nums[-1].replace(" ", "")), r["label"].strip())
    return rows


def read_folds(name):
    folds = []
    with open(os.path.join(HERE, "folds-%s.csv" % name), newline="") as f:
        rd = csv.reader(f)
        header = next(rd)
        points = [h.split("_")[1] for h in header[2:]]
        for r in rd:
            subsets = {p: set(int(x) for x in r[2 + k].split("|") if x != "") for k, p in enumerate(points)}
            folds.append((int(r[0]), int(r[1]), subsets))
    return folds, points


def features(train_text, test_text):
    word = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, token_pattern=r"[^ ]+")
    char = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True)
    xtr = hstack([word.fit_transform(train_text), char.fit_transform(train_text)]).tocsr()
    xte = hstack([word.transform(test_text), char.transform(test_text)]).tocsr()
    # L2-normalize the concatenation (as pfms does for its one vector)
    for x in (xtr, xte):
        n = np.sqrt(np.asarray(x.multiply(x).sum(axis=1)).ravel())
        n[n == 0] = 1
        x.data /= np.repeat(n, np.diff(x.indptr))
    return xtr, xte


def knn(xtr, ytr, xte):
    sims = (xte @ xtr.T).toarray()
    best = sims.argmax(axis=1)
    return [ytr[i] for i in best], np.clip(sims.max(axis=1), 0, 1)


def gbm(xtr, ytr, xte, amount_tr, amount_te, hist=True):
    k = min(300, xtr.shape[1])
    sel = SelectKBest(chi2, k=k).fit(xtr, ytr)
    a = lambda v: np.column_stack([np.sign(v), np.log1p(np.abs(v))])
    dtr = np.hstack([sel.transform(xtr).toarray(), a(amount_tr)])
    dte = np.hstack([sel.transform(xte).toarray(), a(amount_te)])
    if len(set(ytr)) < 2:
        return [ytr[0]] * xte.shape[0], np.ones(xte.shape[0])
    if hist:
        m = HistGradientBoostingClassifier(max_iter=100, learning_rate=0.1, max_depth=6, min_samples_leaf=1,
                                           random_state=42).fit(dtr, ytr)
    else:
        m = GradientBoostingClassifier(n_estimators=100, learning_rate=0.1, max_depth=3, random_state=42).fit(dtr, ytr)
    p = m.predict_proba(dte)
    return list(m.classes_[p.argmax(axis=1)]), p.max(axis=1)


def logreg(xtr, ytr, xte):
    if len(set(ytr)) < 2:
        return [ytr[0]] * xte.shape[0], np.ones(xte.shape[0])
    m = LogisticRegression(C=10, max_iter=2000).fit(xtr, ytr)
    p = m.predict_proba(xte)
    return list(m.classes_[p.argmax(axis=1)]), p.max(axis=1)


def ece(conf, ok, bins=10):
    conf = np.asarray(conf)
    ok = np.asarray(ok, dtype=float)
    total = 0.0
    for b in range(bins):
        lo, hi = b / bins, (b + 1) / bins
        m = (conf >= lo) & ((conf < hi) if b < bins - 1 else (conf <= hi))
        if m.any():
            total += m.sum() / len(conf) * abs(ok[m].mean() - conf[m].mean())
    return total


def evaluate(name, rows):
    folds, points = read_folds(name)
    nfold = max(f for _, f, _ in folds) + 1
    results = []
    models = os.environ.get("MODELS", "1-NN TF-IDF (sklearn),TF-IDF+chi2+GradientBoosting,"
                            "TF-IDF+LogisticRegression,TF-IDF+chi2+HistGBM").split(",")
    out = os.path.join(HERE, "sklearn-%s.csv" % name)
    for model in models:
        for curve in points + ["all"]:
            truth, pred, conf, fold_acc = [], [], [], []
            for f in range(nfold):
                train = [l for l, g, s in folds if g != f and (curve == "all" or f in s[curve])]
                test = [l for l, g, _ in folds if g == f]
                xtr, xte = features([tokens(rows[l][0]) for l in train], [tokens(rows[l][0]) for l in test])
                ytr = np.array([rows[l][2] for l in train])
                if model.startswith("1-NN"):
                    p, c = knn(xtr, ytr, xte)
                elif model.startswith("TF-IDF+chi2"):
                    p, c = gbm(xtr, ytr, xte, np.array([rows[l][1] for l in train]),
                               np.array([rows[l][1] for l in test]), hist=model.endswith("HistGBM"))
                else:
                    p, c = logreg(xtr, ytr, xte)
                t = [rows[l][2] for l in test]
                fold_acc.append(np.mean([a == b for a, b in zip(t, p)]))
                truth += t
                pred += list(p)
                conf += list(c)
            ok = [a == b for a, b in zip(truth, pred)]
            f1 = f1_score(truth, pred, labels=sorted(set(truth)), average="macro", zero_division=0)
            results.append((model, curve, np.mean(ok), f1, ece(conf, ok), "|".join("%.3f" % a for a in fold_acc)))
            print("%-8s %-28s %-4s acc %.3f macro-F1 %.3f ECE %.3f" % (name, model, curve, np.mean(ok), f1,
                                                                      results[-1][4]), flush=True)
        # written after every model, so a slow model that is interrupted leaves the others' figures
        with open(out, "w", newline="") as f:
            f.write("# scikit-learn %s, Python %s; produced by sklearn_baseline.py on folds-%s.csv\n"
                    % (sklearn.__version__, sys.version.split()[0], name))
            f.write("model,curve,accuracy,macro_f1,ece,fold_accuracies\n")
            for r in results:
                f.write("%s,%s,%.3f,%.3f,%.3f,%s\n" % r)
        print("wrote", out, flush=True)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--za", default=os.path.join(ROOT, "..", "shared", "data", "labelled", "za-bank-transactions.csv"))
    ap.add_argument("--data", default="za,sample")
    a = ap.parse_args()
    for d in a.data.split(","):
        if d == "za":
            if not os.path.isfile(a.za):
                print("skipping za:", a.za, "is absent")
                continue
            evaluate("za", read_za(a.za))
        else:
            evaluate("sample", read_sample())


if __name__ == "__main__":
    main()
