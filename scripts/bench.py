#!/usr/bin/env python3
"""Speed benchmark: documents/second on one core and peak memory of `newsgraph extract`, with
trafilatura (Python) run side by side on the same HTML pages when it is installed.

Usage:
  scripts/bench.py [--bin target/release/newsgraph] [--shared ../shared] [--repeat-text 1000]
                   [--no-peer] [--json OUT]

Corpora:
  html  the 990 pages of trafilatura's evaluation corpus (../shared/bench/trafilatura-eval/html,
        about 140 KB each), decompressed to a temporary folder first so no engine pays for gzip;
  text  the copied-page-text files of ../shared/corpus/dev repeated to at least --repeat-text
        documents.
Each engine runs as one process on one thread (`extract -j 1`); wall time, CPU time and peak
resident memory (ru_maxrss of that process) come from os.wait4. newsgraph runs twice per corpus:
with every annotation (the default), and with `--annotate none` (clean text, title, date,
language and sentences only: the job trafilatura does, so the like-for-like row beside it), both
with `--out DIR` (a JSON file per document); `--annotate none` runs a third time writing JSON
Lines to one file on stdout, since the peer writes no files at all.
The output goes to a memory file system (--out-root, default /dev/shm where it exists): the kernel
time of creating 1,000 files on a disk file system is not the engine's, and on ext4 it depends on
the disk's history (after many deletions, ext4's inode allocator skips recently freed inodes: perf
showed that scan costing 0.1-0.3 CPU-s per 1,000 files created here). `--out-root DIR` measures on
another file system.
Standard library only.
Run the peer from a Python that has trafilatura: `/path/to/venv/bin/python scripts/bench.py`.
"""
import argparse
import glob
import gzip
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

PEER = r"""
import sys, trafilatura
paths = sys.argv[1:]
n = 0
for p in paths:
    with open(p, encoding="utf-8", errors="replace") as f:
        html = f.read()
    if trafilatura.extract(html) is not None:
        n += 1
print(n)
"""


def eval_pages(data):
    """The corpus's 990 documents, each file looked up in cache/ first, then eval/ (its own order)."""
    with open(os.path.join(data, "evaldata.json")) as f:
        docs = json.load(f)
    pages = []
    for doc in docs.values():
        for sub in ("cache", "eval"):
            p = os.path.join(data, "html", sub, doc["file"] + ".gz")
            if os.path.exists(p):
                pages.append(p)
                break
    return sorted(set(pages))


def measure(cmd, stdout_path=None):
    """Runs cmd (its stdout to stdout_path, or discarded); returns wall seconds, CPU seconds and
    peak RSS in MiB of that process."""
    start = time.perf_counter()
    sink = open(stdout_path, "wb") if stdout_path else subprocess.DEVNULL
    proc = subprocess.Popen(cmd, stdout=sink, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    if stdout_path:
        sink.close()
    stderr = proc.stderr.read().decode("utf-8", "replace") if proc.stderr else ""
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 2):
        sys.stderr.write(stderr[-2000:])
        raise SystemExit(f"{cmd[0]} exited with {code}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--bin", default=os.path.join(ROOT, "target", "release", "newsgraph"))
    ap.add_argument("--shared", default=os.path.join(ROOT, "..", "shared"))
    ap.add_argument("--repeat-text", type=int, default=1000)
    ap.add_argument("--no-peer", action="store_true", help="skip the trafilatura run")
    ap.add_argument("--json", help="write the figures here")
    ap.add_argument("--out-root", default="/dev/shm" if os.access("/dev/shm", os.W_OK) else None,
                    help="where the engine writes its output (default /dev/shm where it exists)")
    a = ap.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        html_dir = os.path.join(tmp, "html")
        os.makedirs(html_dir)
        pages = eval_pages(os.path.join(a.shared, "bench", "trafilatura-eval"))
        total_bytes = 0
        for p in pages:
            dest = os.path.join(html_dir, os.path.basename(p)[:-3])
            with gzip.open(p) as src, open(dest, "wb") as dst:
                data = src.read()
                total_bytes += len(data)
                dst.write(data)
        html_files = sorted(glob.glob(os.path.join(html_dir, "*.html")))

        text_dir = os.path.join(tmp, "text")
        os.makedirs(text_dir)
        texts = sorted(glob.glob(os.path.join(a.shared, "corpus", "dev", "*.txt")))
        n_text = 0
        rep = 0
        while n_text < a.repeat_text and texts:
            for t in texts:
                shutil.copy(t, os.path.join(text_dir, f"{os.path.basename(t)[:-4]}-{rep}.txt"))
                n_text += 1
            rep += 1

        out_tmp = tempfile.TemporaryDirectory(dir=a.out_root)
        out = os.path.join(out_tmp.name, "out")
        for corpus, folder, n in [("html", html_dir, len(html_files)), ("text", text_dir, n_text)]:
            for annotate in ("all", "none"):
                shutil.rmtree(out, ignore_errors=True)
                wall, cpu, rss = measure([a.bin, "extract", "-j", "1", "--annotate", annotate,
                                          "--out", out, folder])
                engine = "newsgraph" if annotate == "all" else "newsgraph --annotate none"
                rows.append({"engine": engine, "corpus": corpus, "docs": n, "wall_s": wall, "cpu_s": cpu,
                             "docs_per_s_core": n / wall, "peak_mib": rss})
            # The same job with one JSON Lines file on stdout instead of a file per document (the
            # peer writes nothing).
            jsonl = os.path.join(out_tmp.name, "out.jsonl")
            wall, cpu, rss = measure([a.bin, "extract", "-j", "1", "--annotate", "none", folder], jsonl)
            os.remove(jsonl)
            rows.append({"engine": "newsgraph --annotate none, JSON Lines", "corpus": corpus, "docs": n,
                         "wall_s": wall, "cpu_s": cpu, "docs_per_s_core": n / wall, "peak_mib": rss})
        if not a.no_peer:
            try:
                subprocess.run([sys.executable, "-c", "import trafilatura"], check=True,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                script = os.path.join(tmp, "peer.py")
                with open(script, "w") as f:
                    f.write(PEER)
                wall, cpu, rss = measure([sys.executable, script] + html_files)
                import trafilatura  # noqa: F401  (only for the version)
                rows.append({"engine": f"trafilatura {trafilatura.__version__}", "corpus": "html",
                             "docs": len(html_files), "wall_s": wall, "cpu_s": cpu,
                             "docs_per_s_core": len(html_files) / wall, "peak_mib": rss})
            except (subprocess.CalledProcessError, ImportError):
                print("trafilatura is not installed (pip install trafilatura): peer run skipped")
        out_tmp.cleanup()
    print(f"output written under {a.out_root or tempfile.gettempdir()}")
    print(f"html corpus: {len(html_files)} pages, {total_bytes / len(html_files) / 1024:.0f} KB on average"
          if html_files else "html corpus: none found")
    print(f"{'engine':37} {'corpus':6} {'docs':>6} {'wall s':>8} {'cpu s':>8} {'docs/s/core':>12} "
          f"{'docs/cpu-s':>11} {'peak MiB':>9}")
    for r in rows:
        r["docs_per_cpu_s"] = r["docs"] / r["cpu_s"] if r["cpu_s"] else 0.0
        print(f"{r['engine']:37} {r['corpus']:6} {r['docs']:6d} {r['wall_s']:8.2f} {r['cpu_s']:8.2f} "
              f"{r['docs_per_s_core']:12.1f} {r['docs_per_cpu_s']:11.1f} {r['peak_mib']:9.1f}")
    print("docs/s/core = docs / wall seconds of a one-thread run; docs/cpu-s = docs / CPU seconds "
          "(the steadier figure on a loaded machine)")
    if a.json:
        with open(a.json, "w") as f:
            json.dump(rows, f, indent=2)


if __name__ == "__main__":
    main()
