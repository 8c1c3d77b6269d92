#!/usr/bin/env python3
"""Scale benchmark of the knowledge base: `newsgraph ingest` of a generated corpus of text
documents on a few cores into a fresh database, then the latency of every query command at
that size.

Usage:
  scripts/bench_store.py [--docs 100000] [--jobs 2] [--runs 20] [--bin target/release/newsgraph]
                         [--shared ../shared] [--work DIR] [--db FILE] [--json OUT]

The generated corpus (deterministic, --seed): the clean bodies of the dev corpus
(../shared/corpus/dev, text and HTML) and of examples/, as `newsgraph extract` gives them, are
split into sentences, one pool per language. Each document takes one base article's sentences
in their order (articles of 5 sentences or more), keeps a random 20-50 % of them (at least 4), mixes in
30-80 % as many sentences of other articles in the same language, names each person either
as the original or as someone else (common given names and surnames), replaces every number
of three digits or more by another of the same magnitude (so figures and measures vary), and
gets its own id, URL (one of 40 outlets), publication date (2024-2025) and paragraph breaks. About 8 % of the documents are wire copies of an earlier generated one:
the same text behind an agency credit or with a closing line, a later date and another outlet
-- the store must cluster those and only those. Records are JSON Lines `text` records.

Ingest runs as one process with `-j JOBS` worker threads; wall time, CPU time (user+sys) and
peak resident memory come from os.wait4. The database size is the file after ingest.

Queries: ~`--runs` varied terms per command, drawn from the database itself (entity names from
the most to the least mentioned, aliases, speakers, counted nouns, words and phrases of the
bodies). Each is timed twice: in-process through the store API (`newsgraph bench-queries`,
database opened once: the query's own cost) and as a `newsgraph` process (what a shell user
waits for, start-up and opening the file included). Standard library only.
"""
import argparse
import glob
import json
import math
import os
import random
import re
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

OUTLETS = [f"https://www.{name}.example/{section}" for name in (
    "tagesblatt", "morgenpost", "kurier", "rundschau", "anzeiger", "zeitung-nord", "abendblatt",
    "landbote", "echo", "general-anzeiger", "daily-herald", "morning-star", "tribune", "gazette",
    "chronicle", "observer", "courier", "dispatch", "sentinel", "ledger") for section in ("politik", "news")]
AGENCY = {"de": ["(dpa) ", "(AFP) ", "(Reuters) ", "(epd) "], "en": ["(AP) ", "(Reuters) ", "(AFP) ", "LONDON (PA) - "]}
OUTRO = {"de": ["Mehr dazu lesen Sie in unserer Morgenausgabe.", "Mit Material von dpa."],
         "en": ["This story has been updated.", "Additional reporting by staff writers."]}

SENTENCE_END = re.compile(r"(?<!\d\.)(?<=[.!?“”\"])\s+(?=[A-ZÄÖÜ„\"“(])")
NUMBER = re.compile(r"\d+(?:[.,]\d+)*")


def base_articles(binary, shared):
    """(lang, [sentences]) of every clean body of the dev corpus and examples/, with person
    slots (see `person_slots`), and the original people of the slots."""
    inputs = sorted(glob.glob(os.path.join(shared, "corpus", "dev", "*.txt")) +
                    glob.glob(os.path.join(shared, "corpus", "dev", "*.html")) +
                    [p for p in glob.glob(os.path.join(ROOT, "examples", "*")) if not p.endswith("README.md")])
    out = subprocess.run([binary, "extract", "-j", "1"] + inputs, capture_output=True, text=True)
    if out.returncode not in (0, 2):
        raise SystemExit(out.stderr[-2000:])
    articles = []
    people = {}
    seen = set()
    for line in out.stdout.splitlines():
        doc = json.loads(line)
        if doc["lang"] not in ("de", "en"):
            continue
        sentences = [s.strip() for p in person_slots(doc, len(articles), people).split("\n") for s in SENTENCE_END.split(p) if s.strip()]
        if len(sentences) >= 2 and sentences[0] not in seen:
            seen.add(sentences[0])
            articles.append((doc["lang"], sentences))
    return articles, people


# Common given names and surnames (written by us) for the people of generated documents.
GIVEN = {"de": "Anna Jonas Lena Lukas Sabine Thomas Katrin Michael Julia Stefan Petra Andreas Miriam Tobias "
               "Claudia Markus Heike Florian Ursula Jan Birgit Matthias Ines Sebastian Karin Felix".split(),
         "en": "James Mary Robert Patricia John Jennifer David Linda William Susan Richard Karen Joseph "
               "Nancy Thomas Lisa Daniel Sarah Mark Emily Paul Laura Kevin Rachel Brian Helen".split()}
SURNAMES = {"de": "Müller Schmidt Schneider Fischer Weber Meyer Wagner Becker Schulz Hoffmann Koch Richter "
                  "Klein Wolf Schröder Neumann Schwarz Zimmermann Braun Krüger Hofmann Hartmann Lange Schmitt "
                  "Werner Krause Meier Lehmann Köhler Maier Herrmann Walter König Mayer Huber Kaiser".split(),
            "en": "Smith Johnson Williams Brown Jones Miller Davis Wilson Anderson Taylor Moore Jackson Martin "
                  "Thompson White Harris Clark Lewis Robinson Walker Young Allen Wright Scott Green Baker Adams "
                  "Nelson Hill Campbell Mitchell Roberts Carter Phillips Evans Turner Parker".split()}
SLOT = re.compile(r"\{P([\d_]+)(s?)\}")


def person_slots(doc, k, people):
    """The body with each mention of a person written as `{P<k>_<n>}` (full name) or
    `{P<k>_<n>s}` (surname alone), so that generated documents can name other people in the
    same places; `people` maps each slot to the original (given names, surname)."""
    body = doc["body"]
    cuts = []
    for n, e in enumerate(doc["entities"]):
        parts = e["name"].split()
        if e["type"] != "person" or len(parts) < 2:
            continue
        n = f"{k}_{n}"
        people[n] = (" ".join(parts[:-1]), parts[-1])
        for m in e["mentions"]:
            if m["text"] == e["name"]:
                cuts.append((m["start"], m["end"], f"{{P{n}}}"))
            elif m["text"] == parts[-1]:
                cuts.append((m["start"], m["end"], f"{{P{n}s}}"))
    for start, end, slot in sorted(cuts, reverse=True):
        body = body[:start] + slot + body[end:]
    return body


def fill_people(sentences, lang, people, rnd):
    """Names every person slot: half the time the original person again, else someone else."""
    names = {}

    def name(m):
        if m.group(1) not in names:
            names[m.group(1)] = (people[m.group(1)] if rnd.random() < 0.5
                                 else (rnd.choice(GIVEN[lang]), rnd.choice(SURNAMES[lang])))
        given, surname = names[m.group(1)]
        return surname if m.group(2) else f"{given} {surname}"

    return [SLOT.sub(name, s) for s in sentences]


def vary_number(m, rnd):
    """Another number of the same magnitude and format ("15.000" -> "12.000"); one or two digits
    (days, hours, ages) stay, years shift by at most one."""
    s = m.group(0)
    if len(s) <= 2:  # days, hours, ages: keep
        return s
    if len(s) == 4 and s[:2] in ("19", "20"):  # a year: shift a little
        return str(int(s) + rnd.choice((-1, 0, 0, 1)))
    return "".join(str(rnd.randint(1 if i == 0 and len(s) > 1 else 0, 9)) if c.isdigit() else c
                   for i, c in enumerate(s))


def generate(articles, people, n, seed, path):
    """Writes n JSON Lines text records to path; returns (documents, wire copies)."""
    rnd = random.Random(seed)
    by_lang = {}
    for lang, sents in articles:
        by_lang.setdefault(lang, []).extend(sents)
    # Base articles of a few sentences (the one-line records) only lend sentences.
    primaries = [a for a in articles if len(a[1]) >= 5]
    made = []
    copies = 0
    with open(path, "w", encoding="utf-8") as f:
        for i in range(n):
            outlet = rnd.choice(OUTLETS)
            day = rnd.randrange(730)
            date = time.strftime("%Y-%m-%d", time.gmtime(1704067200 + 86400 * day))
            if made and rnd.random() < 0.08:
                lang, text, old_day = rnd.choice(made[-2000:])
                date = time.strftime("%Y-%m-%d", time.gmtime(1704067200 + 86400 * (old_day + rnd.randrange(3))))
                text = (rnd.choice(AGENCY[lang]) + text if rnd.random() < 0.5
                        else text + "\n\n" + rnd.choice(OUTRO[lang]))
                copies += 1
            else:
                lang, sents = rnd.choice(primaries)
                share = rnd.uniform(0.2, 0.5)
                keep = [s for s in sents if rnd.random() < share]
                if len(keep) < 4:
                    keep = [sents[j] for j in sorted(rnd.sample(range(len(sents)), min(4, len(sents))))]
                pool = by_lang[lang]
                for _ in range(max(1, int(len(keep) * rnd.uniform(0.3, 0.8)))):
                    keep.insert(rnd.randrange(len(keep) + 1), rnd.choice(pool))
                keep = fill_people([NUMBER.sub(lambda m: vary_number(m, rnd), s) for s in keep],
                                   lang, people, rnd)
                paras, cur = [], []
                for s in keep:
                    cur.append(s)
                    if len(cur) >= rnd.randint(2, 5):
                        paras.append(" ".join(cur))
                        cur = []
                if cur:
                    paras.append(" ".join(cur))
                text = "\n\n".join(paras)
                made.append((lang, text, day))
            title = text.split(". ")[0][:90]
            rec = {"id": f"bench-{i:06d}", "text": text, "lang": lang, "published": date,
                   "title": title, "url": f"{outlet}/{date.replace('-', '/')}/article-{i:06d}.html"}
            f.write(json.dumps(rec, ensure_ascii=False) + "\n")
    return n, copies


def ingest(binary, jobs, corpus, db):
    """Runs ingest; returns wall, user CPU, system CPU, peak RSS (MiB) and its summary."""
    start = time.perf_counter()
    proc = subprocess.Popen([binary, "ingest", "-j", str(jobs), "--db", db, corpus],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    out = proc.stdout.read().decode("utf-8", "replace")
    err = proc.stderr.read().decode("utf-8", "replace")
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 2):
        raise SystemExit(f"ingest exited with {code}: {err[-2000:]}")
    return wall, usage.ru_utime, usage.ru_stime, usage.ru_maxrss / 1024, err.strip() + "\n" + out


def query_terms(db, runs, seed):
    """Varied query arguments per command, drawn from the database."""
    rnd = random.Random(seed)
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)

    def spread(rows, k):
        """k rows evenly from a list sorted by frequency: head, middle and tail."""
        if len(rows) <= k or k <= 1:
            return list(rows[:k])
        return [rows[int(i * (len(rows) - 1) / (k - 1))] for i in range(k)]

    entities = [r[0] for r in con.execute(
        "SELECT e.name FROM entities e JOIN mentions m ON m.entity = e.id "
        "GROUP BY e.id ORDER BY count(*) DESC")]
    aliases = [r[0] for r in con.execute(
        "SELECT m.text FROM mentions m JOIN entities e ON e.id = m.entity "
        "WHERE lower(m.text) <> lower(e.name) GROUP BY m.text ORDER BY count(*) DESC LIMIT 200")]
    speakers = [r[0] for r in con.execute(
        "SELECT e.name FROM quotes q JOIN entities e ON e.id = q.speaker_entity "
        "GROUP BY e.id ORDER BY count(*) DESC")]
    nouns = [r[0] for r in con.execute(
        "SELECT of FROM quantities WHERE of IS NOT NULL GROUP BY of ORDER BY count(*) DESC")]
    bodies = [r[0] for r in con.execute("SELECT body FROM documents ORDER BY random() LIMIT 200")]
    con.close()
    half = max(2, runs // 2)
    names = spread(entities, runs - half // 2) + rnd.sample(aliases, min(len(aliases), half // 2))
    words = sorted({w for b in bodies for w in re.findall(r"\w{6,}", b) if not w.isdigit()})
    phrases = []
    for b in rnd.sample(bodies, min(len(bodies), runs)):
        toks = re.findall(r"\w+", b)
        if len(toks) > 3:
            j = rnd.randrange(len(toks) - 2)
            phrases.append('"' + " ".join(toks[j:j + 2]) + '"')
    searches = (rnd.sample(words, min(len(words), runs // 2)) + phrases[: runs // 4] +
                [f"{a} {b}" for a, b in zip(rnd.sample(words, runs // 8 + 1), rnd.sample(words, runs // 8 + 1))] +
                [f"{a} OR {b}" for a, b in zip(rnd.sample(words, runs // 8 + 1), rnd.sample(words, runs // 8 + 1))])
    return {
        "entity": [["entity", n] for n in names],
        "quotes --speaker": [["quotes", "--speaker", n] for n in spread(speakers, runs)] or [["quotes", "--speaker", "x"]],
        "figures --entity": [["figures", "--entity", n] for n in names],
        "figures --of": [["figures", "--of", n] for n in spread(nouns, runs)],
        # The stored measures (grouped at the end of ingest), with the default cut: 50
        # measures, 10 values and conflicting pairs each.
        "figures --conflicts": [["figures", "--conflicts", "--entity", n] for n in names],
        "measures": [["measures"]] + [["measures", "--of", n] for n in spread(nouns, runs - 3)] +
                    [["measures", "--unit", u] for u in ("count", "USD")],
        "conflicts": [["conflicts"]] * runs,
        "search": [["search"] + s.split(" ") if " OR " in s else ["search", s] for s in searches],
    }


def pct(xs, p):
    """The p-th percentile (nearest rank) of xs."""
    xs = sorted(xs)
    return xs[min(len(xs) - 1, max(0, math.ceil(p / 100 * len(xs)) - 1))]


def run_queries(binary, db, terms, work):
    """Times every query in-process (bench-queries) and as a process; returns rows per command."""
    plan = os.path.join(work, "queries.jsonl")
    with open(plan, "w", encoding="utf-8") as f:
        for cmd, items in terms.items():
            for args in items:
                f.write(json.dumps({"command": cmd, "args": args}, ensure_ascii=False) + "\n")
    out = subprocess.run([binary, "bench-queries", "--db", db, plan], capture_output=True, text=True)
    if out.returncode != 0:
        raise SystemExit(f"bench-queries failed: {out.stderr[-2000:]}")
    inproc = {}
    for line in out.stdout.splitlines():
        r = json.loads(line)
        inproc.setdefault(r["command"], []).append(r)
    rows = []
    for cmd, items in terms.items():
        walls = []
        for args in items:
            start = time.perf_counter()
            p = subprocess.run([binary] + args + ["--db", db], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            walls.append((time.perf_counter() - start) * 1000)
            if p.returncode not in (0, 1):
                raise SystemExit(f"{args} exited with {p.returncode}")
        ms = [r["ms"] for r in inproc.get(cmd, [])]
        results = [r["results"] for r in inproc.get(cmd, [])]
        rows.append({"command": cmd, "runs": len(items), "median_ms": statistics.median(ms), "p95_ms": pct(ms, 95),
                     "max_ms": max(ms), "cli_median_ms": statistics.median(walls), "cli_p95_ms": pct(walls, 95),
                     "median_results": statistics.median(results)})
    return rows


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--bin", default=os.path.join(ROOT, "target", "release", "newsgraph"))
    ap.add_argument("--shared", default=os.path.join(ROOT, "..", "shared"))
    ap.add_argument("--docs", type=int, default=100_000)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--runs", type=int, default=20, help="query terms per command")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--work", help="keep the corpus and database here (default: a temporary folder)")
    ap.add_argument("--db", help="query this database instead of generating and ingesting")
    ap.add_argument("--no-queries", action="store_true")
    ap.add_argument("--json", help="write the figures here")
    a = ap.parse_args()
    tmp = None
    work = a.work
    if not work:
        tmp = tempfile.TemporaryDirectory()
        work = tmp.name
    os.makedirs(work, exist_ok=True)
    report = {"docs": a.docs, "jobs": a.jobs}
    db = a.db
    if not db:
        corpus = os.path.join(work, "corpus.jsonl")
        if not os.path.exists(corpus) or a.work is None:
            articles, people = base_articles(a.bin, a.shared)
            n, copies = generate(articles, people, a.docs, a.seed, corpus)
            print(f"corpus: {n} documents from {len(articles)} base articles, {copies} wire copies, "
                  f"{os.path.getsize(corpus) / n / 1024:.1f} KB per document")
        db = os.path.join(work, "bench.db")
        for suffix in ("", "-wal", "-shm"):
            if os.path.exists(db + suffix):
                os.remove(db + suffix)
        wall, user, system, rss, summary = ingest(a.bin, a.jobs, corpus, db)
        cpu = user + system
        size = os.path.getsize(db)
        report.update({"ingest_wall_s": wall, "ingest_cpu_s": cpu, "ingest_user_s": user,
                       "ingest_sys_s": system, "docs_per_s": a.docs / wall,
                       "docs_per_cpu_s": a.docs / cpu, "peak_rss_mib": rss, "db_mib": size / 2**20,
                       "db_kib_per_doc": size / 1024 / a.docs})
        print(summary.strip())
        print(f"ingest: {a.docs} documents, -j {a.jobs}: {wall:.1f} s wall, {cpu:.1f} s CPU "
              f"({user:.1f} user + {system:.1f} sys) "
              f"({a.docs / wall:.0f} docs/s, {a.docs / cpu:.0f} docs/CPU-s), peak RSS {rss:.0f} MiB, "
              f"database {size / 2**20:.0f} MiB ({size / 1024 / a.docs:.1f} KiB per document)")
    if not a.no_queries:
        terms = query_terms(db, a.runs, a.seed)
        rows = run_queries(a.bin, db, terms, work)
        report["queries"] = rows
        print(f"{'query':22} {'runs':>4} {'median ms':>10} {'p95 ms':>8} {'max ms':>8} "
              f"{'CLI median':>11} {'CLI p95':>8} {'results':>8}")
        for r in rows:
            print(f"{r['command']:22} {r['runs']:4d} {r['median_ms']:10.1f} {r['p95_ms']:8.1f} {r['max_ms']:8.1f} "
                  f"{r['cli_median_ms']:11.1f} {r['cli_p95_ms']:8.1f} {r['median_results']:8.0f}")
        print("ms = in-process through the store API (database open); CLI = a newsgraph process "
              "per query (start-up, open, output to /dev/null)")
    if a.json:
        with open(a.json, "w") as f:
            json.dump(report, f, indent=2)
    if tmp:
        tmp.cleanup()


if __name__ == "__main__":
    main()
