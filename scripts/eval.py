#!/usr/bin/env python3
"""Quality evaluation: runs `newsgraph extract` over the gold corpus and the public benchmarks in
../shared, scores each with the scorer shipped there, prints the figures, and with --check fails
when a figure drops below its floor in eval/floors.json.

Usage:
  scripts/eval.py [--bin target/release/newsgraph] [--shared ../shared] [--suite NAME ...]
                  [--check] [--write-floors] [--json OUT]

Suites: dev (score.py on corpus/dev), scrapinghub (score_extraction.py, 181 pages),
trafilatura (score_trafilatura_eval.py, 990 HTML pages), trafilatura-text (the same pages as
copied page text), recognizers (score_recognizers.py on the number, currency and dimension
specs, and scripts/datetime_specs.py on the DateTimeModel specs), germeval (score_ner_germeval.py
on the GermEval 2014 test set), quotes-de (score_quotes_de.py on the German WikiNews quotation
test set, with the default strict quote scope), quotes-de-inclusive (the same under
NEWSGRAPH_QUOTES=inclusive, the corpus's own convention). Floors are the figures the project has reached, so a regression fails CI.
Standard library only.
"""
import argparse
import glob
import json
import os
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FLOORS = os.path.join(ROOT, "eval", "floors.json")
SUITES = ["dev", "scrapinghub", "trafilatura", "trafilatura-text", "recognizers", "germeval", "quotes-de",
          "quotes-de-inclusive"]


def flatten(prefix, obj, out):
    if isinstance(obj, dict):
        for k, v in obj.items():
            flatten(f"{prefix}.{k}" if prefix else str(k), v, out)
    elif isinstance(obj, (int, float)) and not isinstance(obj, bool):
        out[prefix] = float(obj)


def is_floor_figure(key):
    """Quality figures worth a floor: overall ones, not per-language splits or counts."""
    parts = key.split(".")
    if parts[0] == "dev" and parts[1] != "all":
        return False
    if parts[0] in {"germeval", "quotes-de", "quotes-de-inclusive"}:  # the balanced figures
        return parts[-1] == "f1" or parts[1:] == ["speaker", "accuracy"]
    return parts[-1] in {"f1", "precision", "recall", "accuracy", "lang_accuracy", "title_accuracy",
                         "canonical_name_accuracy", "speaker_accuracy", "end_to_end_f1",
                         "approximate_accuracy", "source_accuracy", "hedge_accuracy", "rate"}


def run(cmd, env=None):
    proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    if proc.returncode not in (0, 2):  # 2 = some documents failed, which the scores show
        sys.stderr.write(proc.stderr[-4000:])
        raise SystemExit(f"command failed ({proc.returncode}): {' '.join(cmd[:4])} ...")
    return proc


def report(tmp, name, script, *args, env=None):
    """Runs a scorer (`script`, a path) with `args` and `--json`, and returns the report it wrote."""
    js = os.path.join(tmp, f"{name}.json")
    run([sys.executable, script, *args, "--json", js], env=env)
    with open(js) as f:
        return json.load(f)


def tool(a, name):
    """Path of a scorer shipped in ../shared/tools."""
    return os.path.join(a.shared, "tools", name)


def suite_dev(a, tmp):
    out = os.path.join(tmp, "dev")
    gold = os.path.join(a.shared, "corpus", "dev")
    run([a.bin, "extract", "--out", out, gold])
    figures = {}
    for group, summary in report(tmp, "dev", tool(a, "score.py"), "--gold", gold, "--pred", out).items():
        flatten(f"dev.{group}", summary, figures)
    return {k: v for k, v in figures.items() if not k.endswith(".gold") and not k.endswith(".docs")
            and not k.endswith(".predictions_found")}


def suite_scrapinghub(a, tmp):
    bench = os.path.join(a.shared, "bench", "article-extraction")
    out = os.path.join(tmp, "sh")
    run([a.bin, "extract", "--out", out] + sorted(glob.glob(os.path.join(bench, "html", "*.html.gz"))))
    figures = {}
    flatten("scrapinghub", report(tmp, "sh", tool(a, "score_extraction.py"), "--truth",
                                  os.path.join(bench, "ground-truth.json"), "--pred", out), figures)
    return figures


def suite_recognizers(a, tmp):
    specs = os.path.join(a.shared, "bench", "recognizers")
    figures = {}
    flatten("recognizers", report(tmp, "rec", tool(a, "score_recognizers.py"), "--specs", specs,
                                  "--engine", a.bin), figures)
    flatten("recognizers", report(tmp, "dt", os.path.join(ROOT, "scripts", "datetime_specs.py"), "--bin", a.bin,
                                  "--specs", specs), figures)
    return figures


def suite_germeval(a, tmp):
    rep = report(tmp, "germeval", tool(a, "score_ner_germeval.py"), "--data",
                 os.path.join(a.shared, "bench", "germeval2014", "NER-de-test.tsv"), "--engine", a.bin)
    figures = {}
    for level in ("strict", "partial"):
        flatten(f"germeval.{level}", rep[level], figures)
    return figures


def suite_quotes_de(a, tmp, scope="strict"):
    name = "quotes-de" if scope == "strict" else f"quotes-de-{scope}"
    env = dict(os.environ, NEWSGRAPH_QUOTES=scope)
    rep = report(tmp, name, tool(a, "score_quotes_de.py"), "--data",
                 os.path.join(a.shared, "bench", "german-quotes", "test"), "--engine", a.bin, env=env)
    figures = {}
    for part in ("detection", "by_kind", "end_to_end", "speaker"):
        flatten(f"{name}.{part}", rep[part], figures)
    return figures


def suite_trafilatura(a, tmp, form):
    figures = {}
    flatten("trafilatura" if form == "html" else "trafilatura-text",
            report(tmp, f"traf-{form}", tool(a, "score_trafilatura_eval.py"), "--data",
                   os.path.join(a.shared, "bench", "trafilatura-eval"), "--engine", a.bin, "--form", form), figures)
    return figures


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--bin", default=os.path.join(ROOT, "target", "release", "newsgraph"))
    ap.add_argument("--shared", default=os.path.join(ROOT, "..", "shared"))
    ap.add_argument("--suite", action="append", choices=SUITES)
    ap.add_argument("--check", action="store_true", help="fail if a figure is below its floor")
    ap.add_argument("--write-floors", action="store_true", help="set floors to the figures reached")
    ap.add_argument("--json", help="write all figures here")
    a = ap.parse_args()
    a.bin = os.path.abspath(a.bin)
    if not os.path.isdir(a.shared):
        raise SystemExit(f"no benchmark folder at {a.shared} (pass --shared)")
    suites = a.suite or SUITES
    figures = {}
    with tempfile.TemporaryDirectory() as tmp:
        for s in suites:
            if s == "dev":
                figures.update(suite_dev(a, tmp))
            elif s == "scrapinghub":
                figures.update(suite_scrapinghub(a, tmp))
            elif s == "recognizers":
                figures.update(suite_recognizers(a, tmp))
            elif s == "germeval":
                figures.update(suite_germeval(a, tmp))
            elif s == "quotes-de":
                figures.update(suite_quotes_de(a, tmp))
            elif s == "quotes-de-inclusive":
                figures.update(suite_quotes_de(a, tmp, "inclusive"))
            else:
                figures.update(suite_trafilatura(a, tmp, "html" if s == "trafilatura" else "text"))
    floors = {}
    if os.path.exists(FLOORS):
        with open(FLOORS) as f:
            floors = json.load(f)
    failed = []
    print(f"{'figure':52} {'value':>8} {'floor':>8}")
    for k in sorted(figures):
        floor = floors.get(k)
        mark = ""
        if floor is not None and figures[k] < floor - 1e-9:
            mark = "  BELOW FLOOR"
            failed.append(k)
        print(f"{k:52} {figures[k]:8.3f} {'' if floor is None else f'{floor:8.3f}'}{mark}")
    missing = [k for k in floors if k.split(".")[0] in suites and k not in figures]
    if a.json:
        with open(a.json, "w") as f:
            json.dump(figures, f, indent=2, sort_keys=True)
    if a.write_floors:
        keep = {k: v for k, v in floors.items() if k not in figures}
        for k, v in figures.items():
            if is_floor_figure(k):
                keep[k] = int(v * 1000) / 1000  # round down: the floor is what was reached
        with open(FLOORS, "w") as f:
            json.dump(dict(sorted(keep.items())), f, indent=2)
            f.write("\n")
        print(f"floors written to {FLOORS}")
    if a.check and (failed or missing):
        for k in missing:
            print(f"missing figure: {k}")
        raise SystemExit(f"{len(failed)} figure(s) below floor: {', '.join(failed)}")


if __name__ == "__main__":
    main()
