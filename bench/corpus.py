#!/usr/bin/env python3
"""The benchmark's synthetic handbook: N pages, deterministic, standard library only.

Usage: python3 bench/corpus.py N OUTDIR [--seed S]

Writes
  OUTDIR/clusterbook/  a handbook in clusterbook's format (docs/format.md):
                       content/site.yaml and content/{phases,roles,cases,talks}/<id>.md
  OUTDIR/hugo/         the same pages for Hugo (config.toml, content/, minimal
                       layouts/), the peer the benchmark compares with on the
                       same machine (bench/build.sh PEERS=hugo)
  OUTDIR/manifest.json the counts, to check a build against

and prints the manifest. The shape is the one the peers' published figures
were measured on: pages spread over the four kinds phase, role, case and talk
(each page's kind drawn uniformly), about 780 words a page (600-900) of
Swedish-like prose with some English-like paragraphs, `##`/`###` headings,
bullet and numbered lists, a table, emphasis and code spans; 2-4 inline
cross-links to other pages, 2-3 "see also" references, and 2-4 of 40 tags
drawn with Zipf-like weights. In the clusterbook layout, roles carry their
see-also references as `related`; phases, cases and talks as a "Se även" list
of relative links at the end of the body. Phases get `order`; every other page
names 1-2 phases; cases get country and region, talks speaker and date.

The words are made from syllables by a seeded generator, so the text is
nonsense with the letter and word-length statistics of prose. The same N, seed
and Python 3 give byte-identical output.
"""

import argparse
import datetime
import json
import os
import random
import shutil

KINDS = ["phase", "role", "case", "talk"]
FOLDER = {k: k + "s" for k in KINDS}
LABEL = {"phase": "Fas", "role": "Roll", "case": "Fall", "talk": "Föredrag"}

TAGS = [
    "finansiering", "internationalisering", "samverkan", "strategi", "ledning",
    "innovation", "forskning", "utbildning", "kompetens", "styrgrupp",
    "partnerskap", "region", "kommun", "naringsliv", "akademi", "export",
    "digitalisering", "hallbarhet", "energi", "industri", "turism", "livsmedel",
    "skog", "halsa", "logistik", "design", "media", "mobilisering",
    "uppfoljning", "utvardering", "kommunikation", "natverk", "forstudie",
    "pilotprojekt", "klusterledare", "processledning", "trippelhelix",
    "smart-specialisering", "benchmarking", "kvalitet",
]

SV_ONSETS = ["", "b", "d", "f", "g", "h", "j", "k", "l", "m", "n", "p", "r", "s", "t", "v",
             "st", "sk", "sp", "tr", "kr", "fr", "br", "gr", "sl", "sn", "fl", "bl", "kl", "sv"]
SV_VOWELS = ["a", "e", "i", "o", "u", "y", "å", "ä", "ö", "a", "e", "i", "o"]
SV_CODAS = ["", "", "n", "r", "l", "s", "t", "k", "m", "nd", "ng", "rt", "st", "ll", "kt"]
EN_ONSETS = ["", "b", "c", "d", "f", "g", "h", "l", "m", "n", "p", "r", "s", "t", "w",
             "th", "ch", "sh", "pr", "st", "cl", "gr", "tr"]
EN_VOWELS = ["a", "e", "i", "o", "u", "ea", "ou", "ai", "a", "e", "i", "o"]
EN_CODAS = ["", "", "n", "r", "l", "s", "t", "nd", "ng", "ck", "st", "rt", "ll", "ss"]
SV_FUNCTION = "och i att det som en på är av för med till den har de inte om ett men var så vi kan ska från när eller efter".split()
EN_FUNCTION = "the of and to in a is that for it as with on by this be are from at or an which".split()
HEADINGS_SV = ["Bakgrund", "Syfte", "Genomförande", "Resultat", "Lärdomar", "Organisation",
               "Finansiering", "Aktörer", "Utmaningar", "Nästa steg", "Process", "Erfarenheter"]
HEADINGS_EN = ["Background", "Purpose", "Approach", "Results", "Lessons", "Organisation",
               "Funding", "Actors", "Challenges", "Next steps"]
CODE = ["site.yaml", "phases: [pilot]", "--strict", "related", "order: 2", "check"]
COUNTRIES = {"SE": ["Norrbotten", "Skåne", "Värmland", "Jönköping"],
             "NO": ["Agder", "Vestland", "Trøndelag", "Viken"],
             "DK": ["Nordjylland", "Midtjylland", "Sjælland"]}
FIRST = ["Anna", "Erik", "Karin", "Lars", "Ingrid", "Jon", "Maria", "Olav", "Sara", "Per"]
LAST = ["Berg", "Lund", "Holm", "Dahl", "Strand", "Nilsen", "Eklund", "Moe", "Sandberg"]


class Language:
    """A vocabulary of syllable-built words with Zipf-like frequencies."""

    def __init__(self, rng, onsets, vowels, codas, function, size):
        words = list(function)
        seen = set(words)
        while len(words) < size:
            n = rng.choice([1, 2, 2, 2, 3, 3, 4])
            w = "".join(rng.choice(onsets) + rng.choice(vowels) + rng.choice(codas) for _ in range(n))
            if len(w) > 1 and w not in seen:
                seen.add(w)
                words.append(w)
        self.words = words
        self.content = words[len(function):]
        total, self.cum = 0.0, []
        for rank in range(len(words)):
            total += 1.0 / (rank + 1.5)
            self.cum.append(total)


class Page:
    """One page's text, from a random stream of its own."""

    def __init__(self, i, seed, lang, other, titles, ids):
        self.rng = random.Random("page:%d:%d" % (seed, i))
        self.i, self.lang, self.other = i, lang, other
        self.titles, self.ids = titles, ids
        self.words = 0
        self.links = []

    def pick_other(self):
        n = len(self.ids)
        while True:
            j = self.rng.randrange(n)
            if j != self.i or n == 1:
                return j

    def sentence(self, lang, lo=7, hi=17):
        r = self.rng
        k = r.randint(lo, hi)
        ws = r.choices(lang.words, cum_weights=lang.cum, k=k)
        self.words += k
        roll = r.random()
        if roll < 0.08:
            p = r.randrange(k)
            ws[p] = "*%s*" % ws[p]
        elif roll < 0.13:
            p = r.randrange(k)
            ws[p] = "**%s**" % ws[p]
        elif roll < 0.18:
            ws[r.randrange(k)] = "`%s`" % r.choice(CODE)
        text = " ".join(ws)
        return text[0].upper() + text[1:] + r.choice(".....?!")

    def paragraph(self, lang, link=False):
        sents = [self.sentence(lang) for _ in range(self.rng.randint(3, 6))]
        if link:
            j = self.pick_other()
            self.links.append(j)
            self.words += len(self.titles[j].split())
            sents.append("Läs också om [%s](\0%d\0)." % (self.titles[j], j))
        return " ".join(sents)

    def items(self, ordered):
        out = []
        for k in range(self.rng.randint(3, 6)):
            mark = "%d." % (k + 1) if ordered else "-"
            out.append("%s %s" % (mark, self.sentence(self.lang, 4, 9)))
        return "\n".join(out)

    def table(self):
        r = self.rng
        rows = ["| Steg | Ansvar | Status |", "|---|---|---|"]
        for _ in range(r.randint(3, 5)):
            cells = [" ".join(r.sample(self.lang.content[:400], 2)), r.choice(self.lang.content[:200]),
                     r.choice(["klar", "pågår", "planerad"])]
            self.words += 4
            rows.append("| %s |" % " | ".join(cells))
        return "\n".join(rows)

    def body(self):
        r = self.rng
        target = r.randint(600, 900)
        inline = r.randint(2, 4)
        heads = r.sample(HEADINGS_SV, 6)
        blocks = [self.paragraph(self.lang, link=True)]
        inline -= 1
        blocks += ["## " + heads[0], self.paragraph(self.lang), self.items(False),
                   "## " + heads[1], self.paragraph(self.lang, link=inline > 0), self.table(),
                   "## " + r.choice(HEADINGS_EN), self.paragraph(self.other), self.items(True)]
        inline -= 1
        h = 2
        while self.words < target:
            if h < len(heads) and r.random() < 0.3:
                blocks.append("### " + heads[h])
                h += 1
            lang = self.lang if r.random() < 0.85 else self.other
            blocks.append(self.paragraph(lang, link=inline > 0))
            inline -= 1
        tags = set()
        for _ in range(r.randint(2, 4)):
            while True:
                t = r.choices(TAGS, cum_weights=TAG_WEIGHTS)[0]
                if t not in tags:
                    tags.add(t)
                    break
        see = []
        for _ in range(r.randint(2, 3)):
            j = self.pick_other()
            if j not in see:
                see.append(j)
        return "\n\n".join(blocks) + "\n", sorted(tags), see


TAG_WEIGHTS = []
for _rank in range(len(TAGS)):
    TAG_WEIGHTS.append((TAG_WEIGHTS[-1] if TAG_WEIGHTS else 0.0) + 1.0 / (_rank + 1))


def quoted(s):
    return '"%s"' % s.replace("\\", "\\\\").replace('"', '\\"')


def yaml_list(xs):
    return "[%s]" % ", ".join(quoted(x) for x in xs)


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)


def links_to(body, href):
    """The body with each link mark \\0j\\0 replaced by href(j)."""
    parts = body.split("\0")
    return "".join(href(int(p)) if k % 2 else p for k, p in enumerate(parts))


HUGO_CONFIG = 'baseURL = "https://example.org/"\ntitle = "Handbok"\nlanguageCode = "sv"\n' \
    'disableKinds = ["RSS"]\n\n[taxonomies]\ntag = "tags"\n'
HUGO_SINGLE = """<!DOCTYPE html>
<html lang="sv"><head><meta charset="utf-8"><title>{{ .Title }}</title></head>
<body><nav><a href="{{ "/" | relURL }}">{{ site.Title }}</a></nav>
<main><h1>{{ .Title }}</h1>
<ul>{{ range .GetTerms "tags" }}<li><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a></li>{{ end }}</ul>
{{ .Content }}
{{ with .Params.links }}<h2>Se även</h2><ul>{{ range . }}{{ with site.GetPage (printf "/%s" .) }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}{{ end }}</ul>{{ end }}
</main>
<nav>{{ with .PrevInSection }}<a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }} {{ with .NextInSection }}<a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}</nav>
</body></html>
"""
HUGO_LIST = """<!DOCTYPE html>
<html lang="sv"><head><meta charset="utf-8"><title>{{ .Title }}</title></head>
<body><nav><a href="{{ "/" | relURL }}">{{ site.Title }}</a></nav>
<main><h1>{{ .Title }}</h1>{{ .Content }}
<ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul></main>
</body></html>
"""


def generate(n, out, seed=1):
    vocab = random.Random("vocabulary:%d" % seed)
    sv = Language(vocab, SV_ONSETS, SV_VOWELS, SV_CODAS, SV_FUNCTION, 9000)
    en = Language(vocab, EN_ONSETS, EN_VOWELS, EN_CODAS, EN_FUNCTION, 3000)
    pick = random.Random("pages:%d" % seed)
    kinds, titles, ids = [], [], []
    for i in range(n):
        kind = KINDS[pick.randrange(4)]
        a, b = pick.sample(sv.content[:2000], 2)
        kinds.append(kind)
        titles.append("%s %d: %s och %s" % (LABEL[kind], i + 1, a.capitalize(), b))
        ids.append("%s-%05d" % (kind, i + 1))
    if n and "phase" not in kinds:
        # A handbook needs a phase for the others' `phases`.
        kinds[0], ids[0] = "phase", "phase-00001"
        titles[0] = LABEL["phase"] + titles[0][titles[0].index(" "):]
    for sub in ("clusterbook", "hugo"):
        shutil.rmtree(os.path.join(out, sub), ignore_errors=True)
    cb = os.path.join(out, "clusterbook", "content")
    hugo = os.path.join(out, "hugo")
    write(os.path.join(cb, "site.yaml"),
          "title: Syntetisk handbok\ndescription: \"En handbok för mätningar.\"\nlanguages: [sv]\n")
    for k in KINDS:
        os.makedirs(os.path.join(cb, FOLDER[k]), exist_ok=True)
    write(os.path.join(hugo, "config.toml"), HUGO_CONFIG)
    write(os.path.join(hugo, "layouts", "_default", "single.html"), HUGO_SINGLE)
    write(os.path.join(hugo, "layouts", "_default", "list.html"), HUGO_LIST)
    write(os.path.join(hugo, "content", "_index.md"), '---\ntitle: "Handbok"\n---\n')

    phases = [ids[i] for i in range(n) if kinds[i] == "phase"]
    ref = lambda j: "%s/%s" % (FOLDER[kinds[j]], ids[j])
    totals = {"words": 0, "inline_links": 0, "see_also": 0, "related_refs": 0,
              "body_links": 0, "phase_refs": 0}
    cases = 0
    for i in range(n):
        kind = kinds[i]
        lang = sv if random.Random("lang:%d:%d" % (seed, i)).random() < 0.8 else en
        page = Page(i, seed, lang, en if lang is sv else sv, titles, ids)
        body, tags, see = page.body()
        totals["words"] += page.words
        totals["inline_links"] += len(page.links)
        totals["see_also"] += len(see)
        extra = random.Random("fields:%d:%d" % (seed, i))
        first = body.split(". ")[0].split("[")[0].replace("*", "").replace("`", "")
        fm = [("title", quoted(titles[i])), ("summary", quoted(first[:160] + "."))]
        if kind == "phase":
            fm.append(("order", str(phases.index(ids[i]) + 1)))
        if kind == "case":
            country = sorted(COUNTRIES)[cases % len(COUNTRIES)]
            cases += 1
            fm += [("country", country), ("region", quoted(extra.choice(COUNTRIES[country])))]
        if kind == "talk":
            day = datetime.date(2008, 1, 1) + datetime.timedelta(days=extra.randrange(4000))
            fm += [("speaker", quoted("%s %s" % (extra.choice(FIRST), extra.choice(LAST)))),
                   ("date", day.isoformat())]
        if kind != "phase":
            named = sorted(extra.sample(phases, min(len(phases), extra.randint(1, 2))))
            fm.append(("phases", "[%s]" % ", ".join(named)))
            totals["phase_refs"] += len(named)
        fm.append(("tags", yaml_list(tags)))
        text = links_to(body, lambda j: "../%s.md" % ref(j))
        totals["body_links"] += len(page.links)
        if kind == "role":
            fm.append(("related", "[%s]" % ", ".join(ref(j) for j in see)))
            totals["related_refs"] += len(see)
        else:
            text += "\n## Se även\n\n" + "".join("- [%s](../%s.md)\n" % (titles[j], ref(j)) for j in see)
            totals["body_links"] += len(see)
        front = "---\n" + "".join("%s: %s\n" % kv for kv in fm) + "---\n\n"
        write(os.path.join(cb, FOLDER[kind], ids[i] + ".md"), front + text)
        hugo_body = links_to(body, lambda j: '{{< relref "%s.md" >}}' % ids[j])
        write(os.path.join(hugo, "content", ids[i] + ".md"),
              "---\ntitle: %s\ntype: %s\ntags: %s\nlinks: %s\nweight: %d\n---\n\n%s"
              % (quoted(titles[i]), kind, yaml_list(tags), yaml_list([ids[j] for j in see]), i + 1, hugo_body))
    manifest = {
        "pages": n,
        "seed": seed,
        "words": totals["words"],
        "avg_words": round(totals["words"] / max(n, 1), 1),
        "inline_links": totals["inline_links"],
        "see_also": totals["see_also"],
        "tags": len(TAGS),
        "clusterbook": dict({FOLDER[k]: kinds.count(k) for k in KINDS}, files=n + 1,
                            body_links=totals["body_links"], related_refs=totals["related_refs"],
                            phase_refs=totals["phase_refs"]),
    }
    write(os.path.join(out, "manifest.json"), json.dumps(manifest, indent=2) + "\n")
    return manifest


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("n", type=int, help="number of pages")
    ap.add_argument("outdir")
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    print(json.dumps(generate(a.n, a.outdir, a.seed)))


if __name__ == "__main__":
    main()
