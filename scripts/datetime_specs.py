#!/usr/bin/env python3
"""Pass rate of the dates stage on the public DateTimeModel test specs (../shared/bench/recognizers).

Usage:
  scripts/datetime_specs.py [--bin target/release/newsgraph] [--specs ../shared/bench/recognizers]
                            [--json OUT] [--verbose]

Each case becomes one JSON Lines record {"id", "text": Input, "lang", "published": the case's
ReferenceDateTime}, all run through `newsgraph extract` in one process. A case's expected values
are the TIMEX3 values of its results that the output contract has a form for: dates, months,
years, weeks, quarters, seasons (`2016-10-02`, `XXXX-10`, `2016-W45`, `2016-Q3`, `2016-SU`), and
date ranges written as "(start,end,duration)", which count as their two ends in the contract's
forms: whole years as years ("2014 to 2018": 2014, 2018), whole months as months, one calendar
quarter as the quarter ("last quarter": 2019-Q2), any other range as its two end dates. Times, date-
times, durations and sets are out of scope: they are dropped from the expectation, and a case
with nothing else left is skipped (a case with no results at all stays: it expects no date). A
case passes when
the multiset of expected values equals the multiset of predicted date values (an expected
"XXXX-…" matches a predicted value with any year and the same rest, as score.py matches).
Cases the spec marks NotSupported for "dotnet" (the reference implementation) are skipped.
Standard library only.
"""
import argparse
import json
import os
import re
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LANGS = {"German": "de", "English": "en"}
IN_SCOPE = re.compile(r"^(XXXX|\d{4})(-(\d\d|W\d\d|Q[1-4]|SP|SU|FA|WI)(-\d\d)?)?$")


def range_ends(timex):
    """The ends of a range "(start,end,duration)" as the output contract writes them: whole years
    ("(2014-01-01,2018-01-01,P4Y)") as years, whole months as months, one calendar quarter as
    the quarter; any other range as its two end dates."""
    parts = timex.strip("()").split(",")
    ends, dur = parts[:2], parts[2] if len(parts) > 2 else ""
    days = [re.match(r"^(XXXX|\d{4})-(\d\d)-(\d\d)$", e) for e in ends]
    if all(days) and len(ends) == 2:
        (y1, m1, d1), (y2, m2, d2) = (d.groups() for d in days)
        if re.match(r"^P\d+Y$", dur) and m1 == m2 == "01" and d1 == d2 == "01":
            return [y1, y2]
        if dur == "P3M" and d1 == d2 == "01" and m1 in ("01", "04", "07", "10"):
            return [f"{y1}-Q{(int(m1) - 1) // 3 + 1}"]
        if re.match(r"^P\d+M$", dur) and d1 == d2 == "01":
            return [f"{y1}-{m1}", f"{y2}-{m2}"]
    return [e for e in ends if IN_SCOPE.match(e)]


def expected_values(case):
    values = []
    for result in case.get("Results", []):
        for v in (result.get("Resolution") or {}).get("values", [])[:1]:
            timex = v.get("timex", "")
            if timex.startswith("("):
                values.extend(range_ends(timex))
            elif IN_SCOPE.match(timex):
                values.append(timex)
    return values


def same(expected, predicted):
    rest = list(predicted)
    for e in expected:
        hit = next((i for i, p in enumerate(rest)
                    if p == e or (e.startswith("XXXX") and len(p) == len(e) and p[4:] == e[4:])), None)
        if hit is None:
            return False
        rest.pop(hit)
    return not rest


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--bin", default=os.path.join(ROOT, "target", "release", "newsgraph"))
    ap.add_argument("--specs", default=os.path.join(ROOT, "..", "shared", "bench", "recognizers"))
    ap.add_argument("--json")
    ap.add_argument("--verbose", action="store_true")
    a = ap.parse_args()
    cases = []
    for folder, lang in LANGS.items():
        path = os.path.join(a.specs, folder, "DateTimeModel.json")
        if not os.path.exists(path):
            continue
        with open(path) as f:
            for i, case in enumerate(json.load(f)):
                if "dotnet" in str(case.get("NotSupported", "")).lower():
                    continue
                ref = (case.get("Context") or {}).get("ReferenceDateTime", "")[:10] or None
                cases.append((f"{lang}-{i}", lang, case, ref))
    with tempfile.TemporaryDirectory() as tmp:
        src = os.path.join(tmp, "cases.jsonl")
        with open(src, "w") as f:
            for cid, lang, case, ref in cases:
                f.write(json.dumps({"id": cid, "text": case["Input"], "lang": lang, "published": ref},
                                   ensure_ascii=False) + "\n")
        out = os.path.join(tmp, "out")
        subprocess.run([a.bin, "extract", "--out", out, src], stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL)
        tally = {}
        for cid, lang, case, _ in cases:
            try:
                with open(os.path.join(out, f"{cid}.json")) as f:
                    pred = [d.get("value", "") for d in json.load(f).get("dates", [])]
            except FileNotFoundError:
                pred = []
            exp = expected_values(case)
            if not exp and case.get("Results"):
                continue  # only times, durations or sets: nothing the output contract holds
            ok = same(exp, pred)
            t = tally.setdefault(f"{lang}.DateTimeModel", {"cases": 0, "passed": 0})
            t["cases"] += 1
            t["passed"] += ok
            if a.verbose and not ok:
                print(f"  {cid}: {case['Input'][:70]!r} expected {exp} got {pred}")
    for name, t in sorted(tally.items()):
        t["rate"] = t["passed"] / t["cases"] if t["cases"] else 0.0
        print(f"{name:24} {t['passed']:4d}/{t['cases']:<4d} {100 * t['rate']:5.1f}%")
    if a.json:
        with open(a.json, "w") as f:
            json.dump(tally, f, indent=2)
    if not tally:
        sys.exit("no DateTimeModel specs found")


if __name__ == "__main__":
    main()
