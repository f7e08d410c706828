// clusterbook default theme: the search page.
//
// The index is written by `clusterbook build` (src/search/) as plain
// scripts under search/: index.js (the entry), t/<n>.<v>.js (chunks of
// terms), d/<n>.<v>.js (one per document) and f/<name>.<v>.js (filters).
// Each calls a function of the global `cbSearch` when it runs, so they are
// loaded with <script> tags: that works over http:// and from file://,
// where fetch() of local files is blocked. Only the chunks a query needs and
// the documents of the results shown are loaded.
//
// A query word goes through the steps the build applied to the text
// (src/search/analyze.rs): lowercase, fold (the table comes from the index),
// Snowball stem — once with the stemmer of every language of the site.
(function (global) {
  "use strict";

  // ---------------------------------------------------------------------
  // Text analysis

  var WORD = /[\p{Alphabetic}\p{N}]+/gu;
  var FOLD = Object.create(null);

  function setFold(spec) {
    spec.split(" ").forEach(function (pair) {
      var chars = Array.from(pair);
      FOLD[chars[0]] = chars.slice(1).join("");
    });
  }

  function charCount(s) {
    return /[\uD800-\uDFFF]/.test(s) ? Array.from(s).length : s.length;
  }

  /** Lowercased word → folded word (`hållbarhet` → `hallbarhet`). */
  function fold(lower) {
    var out = "";
    for (var ch of lower) {
      var code = ch.codePointAt(0);
      if (code < 128) out += ch;
      else if (code >= 0x300 && code <= 0x36f) continue;
      else if (FOLD[ch] !== undefined) out += FOLD[ch];
      else out += ch;
    }
    return out;
  }

  /** The words of a text with their offsets: [{w, at, end}]. */
  function words(text) {
    var out = [];
    var m;
    WORD.lastIndex = 0;
    while ((m = WORD.exec(text)) !== null) {
      var n = charCount(m[0]);
      if (n >= 2 && n <= 40) out.push({ w: m[0], at: m.index, end: m.index + m[0].length });
    }
    return out;
  }

  // Snowball stemmers, ported from the code rust-stemmers 1.2.0 generates,
  // for words of a–z and 0–9 (what folding leaves of these languages).
  function isV(c) {
    return c === "a" || c === "e" || c === "i" || c === "o" || c === "u" || c === "y";
  }

  /** R1 of the Scandinavian stemmers: after the first non-vowel that
   * follows a vowel, and at least 3 letters in. */
  function nordicR1(w) {
    if (w.length < 3) return w.length;
    var i = 0;
    while (i < w.length && !isV(w[i])) i++;
    while (i < w.length && isV(w[i])) i++;
    if (i >= w.length) return w.length;
    return Math.max(i + 1, 3);
  }

  /** The longest of `list` that ends `w` and starts at or after `from`. */
  function suffixIn(w, list, from) {
    var best = null;
    for (var i = 0; i < list.length; i++) {
      var s = list[i];
      if (s.length <= w.length - from && (best === null || s.length > best.length) && w.endsWith(s)) best = s;
    }
    return best;
  }

  var SV_1 = ("a arna erna heterna orna ad e ade ande arne are aste en anden aren heten ern ar er " +
    "heter or s as arnas ernas ornas es ades andes ens arens hetens erns at andet het ast").split(" ");
  var SV_2 = "dd gd nn dt gt kt tt".split(" ");
  var SV_3 = "ig lig els fullt löst".split(" ");

  function stemSwedish(w) {
    var p1 = nordicR1(w);
    var s = suffixIn(w, SV_1, p1);
    if (s === "s") {
      if (w.length >= 2 && "bcdfghjklmnoprtvy".indexOf(w[w.length - 2]) >= 0) w = w.slice(0, -1);
    } else if (s !== null) {
      w = w.slice(0, w.length - s.length);
    }
    if (suffixIn(w, SV_2, p1) !== null) w = w.slice(0, -1);
    s = suffixIn(w, SV_3, p1);
    if (s === "fullt") w = w.slice(0, -1);
    else if (s === "löst") w = w.slice(0, -1);
    else if (s !== null) w = w.slice(0, w.length - s.length);
    return w;
  }

  var NO_1 = ("a e ede ande ende ane ene hetene erte en heten ar er heter s as es edes endes enes " +
    "hetenes ens hetens ers ets et het ert ast").split(" ");
  var NO_2 = ["dt", "vt"];
  var NO_3 = "leg eleg ig eig lig elig els lov elov slov hetslov".split(" ");

  function stemNorwegian(w) {
    var p1 = nordicR1(w);
    var s = suffixIn(w, NO_1, p1);
    if (s === "s") {
      var before = w[w.length - 2];
      if ((w.length >= 2 && "bcdfghjlmnoprtvyz".indexOf(before) >= 0) ||
          (before === "k" && w.length >= 3 && !isV(w[w.length - 3]))) {
        w = w.slice(0, -1);
      }
    } else if (s === "erte" || s === "ert") {
      w = w.slice(0, w.length - s.length) + "er";
    } else if (s !== null) {
      w = w.slice(0, w.length - s.length);
    }
    if (suffixIn(w, NO_2, p1) !== null) w = w.slice(0, -1);
    s = suffixIn(w, NO_3, p1);
    if (s !== null) w = w.slice(0, w.length - s.length);
    return w;
  }

  var EN_EXCEPTIONS = {
    skis: "ski", skies: "sky", dying: "die", lying: "lie", tying: "tie", idly: "idl",
    gently: "gentl", ugly: "ugli", early: "earli", only: "onli", singly: "singl",
    sky: "sky", news: "news", howe: "howe", atlas: "atlas", cosmos: "cosmos", bias: "bias", andes: "andes",
  };
  var EN_INVARIANT = { succeed: 1, proceed: 1, exceed: 1, canning: 1, inning: 1, earring: 1, herring: 1, outing: 1 };
  var EN_1A = ["'", "'s'", "'s"];
  var EN_1A2 = ["sses", "ied", "ies", "s", "ss", "us"];
  var EN_1B = ["ed", "eed", "ing", "edly", "eedly", "ingly"];
  var EN_DOUBLE = ["bb", "dd", "ff", "gg", "mm", "nn", "pp", "rr", "tt"];
  var EN_2 = {
    anci: "ance", enci: "ence", ogi: "og", li: "", bli: "ble", abli: "able", alli: "al", fulli: "ful",
    lessli: "less", ousli: "ous", entli: "ent", aliti: "al", biliti: "ble", iviti: "ive", tional: "tion",
    ational: "ate", alism: "al", ation: "ate", ization: "ize", izer: "ize", ator: "ate", iveness: "ive",
    fulness: "ful", ousness: "ous",
  };
  var EN_2_KEYS = Object.keys(EN_2);
  var EN_3 = { icate: "ic", ative: "", alize: "al", iciti: "ic", ical: "ic", tional: "tion", ational: "ate", ful: "", ness: "" };
  var EN_3_KEYS = Object.keys(EN_3);
  var EN_4 = "ic ance ence able ible ate ive ize iti al ism ion er ous ant ent ment ement".split(" ");

  function vowelIn(s) {
    for (var i = 0; i < s.length; i++) if (isV(s[i])) return true;
    return false;
  }

  /** Porter 2 "short syllable" ending at position c. */
  function shortV(s, c) {
    if (c >= 3 && "aeiouywxY".indexOf(s[c - 1]) < 0 && isV(s[c - 2]) && !isV(s[c - 3])) return true;
    return c === 2 && !isV(s[1]) && isV(s[0]);
  }

  /** After the first non-vowel that follows a vowel, from `i`; or -1. */
  function pastVC(s, i) {
    while (i < s.length && !isV(s[i])) i++;
    if (i >= s.length) return -1;
    while (i < s.length && isV(s[i])) i++;
    if (i >= s.length) return -1;
    return i + 1;
  }

  function stemEnglish(w) {
    if (EN_EXCEPTIONS[w] !== undefined) return EN_EXCEPTIONS[w];
    if (w.length < 3) return w;
    var s = w;
    if (s[0] === "'") s = s.slice(1);
    var yFound = false;
    if (s[0] === "y") { s = "Y" + s.slice(1); yFound = true; }
    for (var i = 0; i + 1 < s.length; i++) {
      if (isV(s[i]) && s[i + 1] === "y") { s = s.slice(0, i + 1) + "Y" + s.slice(i + 2); yFound = true; }
    }
    var p1 = s.length, p2 = s.length;
    var pre = /^(gener|commun|arsen)/.exec(s);
    var r = pre ? pre[0].length : pastVC(s, 0);
    if (r >= 0) {
      p1 = r;
      var r2 = pastVC(s, r);
      if (r2 >= 0) p2 = r2;
    }
    // Step 1a
    var suf = suffixIn(s, EN_1A, 0);
    if (suf !== null) s = s.slice(0, s.length - suf.length);
    suf = suffixIn(s, EN_1A2, 0);
    if (suf === "sses") s = s.slice(0, -2);
    else if (suf === "ied" || suf === "ies") s = s.slice(0, -3) + (s.length - 3 >= 2 ? "i" : "ie");
    else if (suf === "s") {
      if (s.length >= 2 && vowelIn(s.slice(0, s.length - 2))) s = s.slice(0, -1);
    }
    if (!EN_INVARIANT[s]) {
      // Step 1b
      suf = suffixIn(s, EN_1B, 0);
      if (suf === "eed" || suf === "eedly") {
        if (s.length - suf.length >= p1) s = s.slice(0, s.length - suf.length) + "ee";
      } else if (suf !== null) {
        var stem = s.slice(0, s.length - suf.length);
        if (vowelIn(stem)) {
          s = stem;
          if (suffixIn(s, ["at", "bl", "iz"], 0) !== null) s += "e";
          else if (suffixIn(s, EN_DOUBLE, 0) !== null) s = s.slice(0, -1);
          else if (s.length === p1 && shortV(s, s.length)) s += "e";
        }
      }
      // Step 1c
      var last = s[s.length - 1];
      if ((last === "y" || last === "Y") && s.length >= 3 && !isV(s[s.length - 2])) s = s.slice(0, -1) + "i";
      // Step 2
      suf = suffixIn(s, EN_2_KEYS, 0);
      if (suf !== null && s.length - suf.length >= p1) {
        var head = s.slice(0, s.length - suf.length);
        if (suf === "ogi") { if (head.endsWith("l")) s = head + "og"; }
        else if (suf === "li") { if ("cdeghkmnrt".indexOf(head[head.length - 1]) >= 0 && head.length > 0) s = head; }
        else s = head + EN_2[suf];
      }
      // Step 3
      suf = suffixIn(s, EN_3_KEYS, 0);
      if (suf !== null && s.length - suf.length >= p1) {
        if (suf === "ative") { if (s.length - suf.length >= p2) s = s.slice(0, -5); }
        else s = s.slice(0, s.length - suf.length) + EN_3[suf];
      }
      // Step 4
      suf = suffixIn(s, EN_4, 0);
      if (suf !== null && s.length - suf.length >= p2) {
        if (suf === "ion") {
          var b = s[s.length - 4];
          if (b === "s" || b === "t") s = s.slice(0, -3);
        } else s = s.slice(0, s.length - suf.length);
      }
      // Step 5
      var at = s.length - 1;
      if (s[at] === "e") {
        if (at >= p2 || (at >= p1 && !shortV(s, at))) s = s.slice(0, -1);
      } else if (s[at] === "l") {
        if (at >= p2 && s[at - 1] === "l") s = s.slice(0, -1);
      }
    }
    if (yFound) s = s.replace(/Y/g, "y");
    return s;
  }

  var STEMMERS = { swedish: stemSwedish, norwegian: stemNorwegian, english: stemEnglish };

  /** The stem of a folded word with the stemmer `name`. */
  function stem(name, folded) {
    var f = STEMMERS[name];
    return f && /^[a-z0-9]+$/.test(folded) ? f(folded) : folded;
  }

  /** One edit (insert, delete, substitute, swap two neighbours) apart? */
  function oneEdit(a, b) {
    if (a === b) return true;
    var la = a.length, lb = b.length;
    if (Math.abs(la - lb) > 1) return false;
    var i = 0;
    while (i < la && i < lb && a[i] === b[i]) i++;
    if (la === lb) {
      if (a.slice(i + 1) === b.slice(i + 1)) return true;
      return a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2);
    }
    return la > lb ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
  }

  /** Edit distance, stopping early past `max`. */
  function distance(a, b, max) {
    if (Math.abs(a.length - b.length) > max) return max + 1;
    var prev = [], cur = [];
    for (var j = 0; j <= b.length; j++) prev[j] = j;
    for (var i = 1; i <= a.length; i++) {
      cur = [i];
      var best = i;
      for (j = 1; j <= b.length; j++) {
        cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
        if (cur[j] < best) best = cur[j];
      }
      if (best > max) return max + 1;
      prev = cur;
    }
    return prev[b.length];
  }

  var PAGE = 10; // results shown at a time

  var analysis = { fold: fold, setFold: setFold, words: words, stem: stem, oneEdit: oneEdit, ranked: ranked };
  if (typeof module === "object" && module.exports) module.exports = analysis;
  if (typeof document === "undefined") return;

  // ---------------------------------------------------------------------
  // Loading the index

  var me = document.currentScript;
  var ROOT = (me && me.getAttribute("data-root")) || "";
  var BASE = ROOT + "search/";

  /** A mark for a hit in language `l` when that is not the page's: a span
   * in the page's language ("in Swedish"), from the `data-in-language` and
   * `data-lang-names` of `T` (an element's dataset); else null. */
  function inLanguage(T, l) {
    var page = document.documentElement.lang || "";
    if (!l || l === page || !T.inLanguage) return null;
    var names = {};
    try { names = JSON.parse(T.langNames || "{}"); } catch (e) { /* the code then */ }
    var span = document.createElement("span");
    span.className = "search-lang";
    span.lang = page;
    span.textContent = T.inLanguage.replace("{language}", names[l] || l);
    return span;
  }
  var waiting = Object.create(null);
  var loaded = Object.create(null);

  function settle(key, value) {
    if (waiting[key]) waiting[key](value);
  }

  global.cbSearch = {
    index: function (data) { settle("index", data); },
    chunk: function (n, data) { settle("t" + n, data); },
    doc: function (n, data) { settle("d" + n, data); },
    filter: function (name, data) { settle("f" + name, data); },
  };

  function load(key, src) {
    if (!loaded[key]) {
      loaded[key] = new Promise(function (resolve, reject) {
        waiting[key] = function (value) { delete waiting[key]; resolve(value); };
        var s = document.createElement("script");
        s.src = src;
        s.async = true;
        s.fetchPriority = "high";
        s.onerror = function () { delete loaded[key]; reject(new Error("cannot load " + src)); };
        s.onload = function () { s.remove(); };
        document.head.appendChild(s);
      });
    }
    return loaded[key];
  }

  var index = null; // the entry, decoded
  var V = {}; // value of each digit character
  var LASTS = {}, CLASSES = {};
  // The same by character code, for the hot loop of decoding postings:
  // DIGIT[c] is a digit's value, KIND[c] 1 for a last digit, 2 for one that
  // continues, 3 for a class (CLASS[c] its number).
  var DIGIT = new Uint8Array(128), KIND = new Uint8Array(128), CLASS = new Uint8Array(128);

  function prepare(data) {
    var e = data.enc;
    for (var i = 0; i < 32; i++) {
      V[e.last[i]] = i; LASTS[e.last[i]] = true;
      V[e.more[i]] = i;
    }
    for (i = 0; i < e.classes.length; i++) CLASSES[e.classes[i]] = i;
    for (i = 0; i < 32; i++) {
      DIGIT[e.last.charCodeAt(i)] = i; KIND[e.last.charCodeAt(i)] = 1;
      DIGIT[e.more.charCodeAt(i)] = i; KIND[e.more.charCodeAt(i)] = 2;
    }
    for (i = 0; i < e.classes.length; i++) { KIND[e.classes.charCodeAt(i)] = 3; CLASS[e.classes.charCodeAt(i)] = i; }
    for (i = 0; i < e.prefix.length; i++) V["p" + e.prefix[i]] = i;
    setFold(data.fold);
    data.stopSet = Object.create(null);
    data.stop.split(" ").forEach(function (w) { data.stopSet[w] = true; });
    data.firsts = frontDecoded(data.chunks, 0, data.chunks.length).terms;
    data.stemmers = [];
    Object.keys(data.langs).forEach(function (l) {
      if (data.stemmers.indexOf(data.langs[l]) < 0) data.stemmers.push(data.langs[l]);
    });
    // Documents not in the main language: their language and main version.
    data.langOf = Object.create(null);
    data.mainOf = Object.create(null);
    Object.keys(data.others).forEach(function (lang) {
      var nums = numbers(data.others[lang]);
      var doc = 0;
      for (var k = 0; k + 1 < nums.length; k += 2) {
        doc += nums[k];
        data.langOf[doc] = lang;
        if (nums[k + 1] > 0) data.mainOf[doc] = doc - nums[k + 1];
      }
    });
    data.stemOf = Object.create(null);
    Object.keys(data.langs).forEach(function (l) { data.stemOf[l] = data.langs[l]; });
    return data;
  }

  function numbers(s) {
    var out = [], n = 0;
    for (var i = 0; i < s.length; i++) {
      var c = s[i];
      n = n * 32 + V[c];
      if (LASTS[c]) { out.push(n); n = 0; }
    }
    return out;
  }

  function ascending(s) {
    var out = [], prev = -1;
    numbers(s).forEach(function (gap) { prev = prev + gap + 1; out.push(prev); });
    return out;
  }

  /** Front-coded terms of a chunk (or the chunk table): terms and where
   * each one's postings are. */
  function frontDecoded(s) {
    var terms = [], starts = [], ends = [];
    var i = 0, prev = "";
    while (i < s.length) {
      var shared = V["p" + s[i]];
      i++;
      var j = i;
      while (j < s.length && CLASSES[s[j]] === undefined && s[j] !== " ") j++;
      var head = shared === prev.length ? prev : /[\uD800-\uDFFF]/.test(prev)
        ? Array.from(prev).slice(0, shared).join("") : prev.slice(0, shared);
      var term = head + s.slice(i, j);
      var k = s.indexOf(" ", j);
      if (k < 0) k = s.length;
      terms.push(term); starts.push(j); ends.push(k);
      prev = term;
      i = k + 1;
    }
    return { terms: terms, starts: starts, ends: ends, text: s };
  }

  function loadIndex() {
    var bust = /^https?:$/.test(location.protocol) ? "?v=" + Date.now() : "";
    return load("index", BASE + "index.js" + bust).then(function (data) {
      index = prepare(data);
      return index;
    });
  }

  function chunkOf(term) {
    var f = index.firsts, lo = 0, hi = f.length - 1;
    while (lo < hi) {
      var mid = (lo + hi + 1) >> 1;
      if (f[mid] <= term) lo = mid; else hi = mid - 1;
    }
    return lo;
  }

  var chunkCache = Object.create(null);
  function chunk(n) {
    if (!chunkCache[n]) {
      chunkCache[n] = load("t" + n, BASE + "t/" + n + "." + index.version + ".js").then(frontDecoded);
    }
    return chunkCache[n];
  }

  function loadDoc(n) {
    return load("d" + n, BASE + "d/" + n + "." + index.version + ".js");
  }

  function loadFilter(name) {
    return load("f" + name, BASE + "f/" + name + "." + index.version + ".js");
  }

  /** Reads the postings of entry i of a chunk straight into the scores of
   * one query word: `best[doc]` becomes the largest weight × `factor` of the
   * documents' classes seen so far; documents seen for the first time are
   * appended to `seen.docs` (from `seen.n` on). Nothing is allocated: a
   * short prefix touches tens of thousands of postings. */
  function scan(c, i, factor, best, seen) {
    var s = c.text, w = 0, prev = -1, n = 0, docs = seen.docs, count = seen.n;
    for (var k = c.starts[i], end = c.ends[i]; k < end; k++) {
      var code = s.charCodeAt(k), kind = KIND[code];
      if (kind === 3) { w = WEIGHT[CLASS[code]] * factor; prev = -1; continue; }
      n = n * 32 + DIGIT[code];
      if (kind === 1) {
        prev = prev + n + 1;
        n = 0;
        if (best[prev] === 0) docs[count++] = prev;
        if (w > best[prev]) best[prev] = w;
      }
    }
    seen.n = count;
  }

  /** How many documents entry i of a chunk is in. */
  function docCount(c, i) {
    var s = c.text, n = 0;
    for (var k = c.starts[i], end = c.ends[i]; k < end; k++) if (KIND[s.charCodeAt(k)] === 1) n++;
    return n;
  }

  /** The first document of entry i's strongest class: groups are written
   * strongest first, documents in ascending order. */
  function strongest(c, i) {
    var s = c.text, n = 0;
    for (var k = c.starts[i] + 1, end = c.ends[i]; k < end; k++) {
      var code = s.charCodeAt(k);
      n = n * 32 + DIGIT[code];
      if (KIND[code] === 1) return n;
    }
    return -1;
  }

  function find(c, term) {
    var t = c.terms, lo = 0, hi = t.length - 1;
    while (lo <= hi) {
      var mid = (lo + hi) >> 1;
      if (t[mid] === term) return mid;
      if (t[mid] < term) lo = mid + 1; else hi = mid - 1;
    }
    return -1;
  }

  // ---------------------------------------------------------------------
  // Queries

  var MAX_CHUNKS = 4; // per prefix or typo range
  var WEIGHT = []; // strength class → weight: two classes per doubling
  for (var w = 0; w < 32; w++) WEIGHT.push(Math.pow(2, w / 2));
  var MAX_EXPANSIONS = 40;

  /** The words of a query, each with the terms to look up. */
  function parseQuery(q) {
    var list = words(q.normalize("NFC"));
    var out = [];
    list.forEach(function (t, i) {
      var lower = t.w.toLowerCase();
      var folded = fold(lower);
      var exact = [folded];
      index.stemmers.forEach(function (name) {
        var s = stem(name, folded);
        if (exact.indexOf(s) < 0) exact.push(s);
      });
      out.push({ text: t.w, folded: folded, exact: exact, optional: !!index.stopSet[lower], last: i === list.length - 1 });
    });
    if (out.every(function (w) { return w.optional; })) out.forEach(function (w) { w.optional = false; });
    return out;
  }

  /** Chunks whose terms may start with `prefix`. */
  function chunksFor(prefix) {
    var from = chunkOf(prefix), to = chunkOf(prefix + "\uffff");
    var out = [];
    for (var n = from; n <= to && out.length < MAX_CHUNKS; n++) out.push(n);
    return out;
  }

  /** The chunks a typo of these words may be found in. */
  function typoRange(list) {
    var ranges = {};
    list.forEach(function (t) {
      var starts = [t.slice(0, 2)];
      if (isV(t[0])) "aeiouy".split("").forEach(function (v) { if (v !== t[0]) starts.push(v + t[1]); });
      starts.forEach(function (p) { chunksFor(p).forEach(function (c) { ranges[c] = true; }); });
    });
    return Object.keys(ranges).map(Number).slice(0, 3 * MAX_CHUNKS);
  }

  /** What one query word looks up: its exact forms (`keys`), shorter heads
   * of a word typed last (`heads`), whether it is a prefix, and the chunks
   * (`nums`) all these are in. */
  function plan(word) {
    var keys = word.exact.slice();
    var heads = [];
    var n = word.folded.length;
    if (word.last && /^[a-z0-9]+$/.test(word.folded)) {
      for (var k = Math.max(4, n - 3); k < n; k++) heads.push(word.folded.slice(0, k));
    }
    var need = {};
    keys.concat(heads).forEach(function (t) { need[chunkOf(t)] = true; });
    var prefix = word.last && n >= 2;
    if (prefix) chunksFor(word.folded).forEach(function (c) { need[c] = true; });
    return { keys: keys, heads: heads, prefix: prefix, nums: Object.keys(need).map(Number) };
  }

  /** Finds the index terms of one query word: `found` ({term: {factor, c,
   * i}}: the chunk and entry of its postings) and whether completions of a
   * prefix are among them (`prefix`). */
  function matchWord(word) {
    var p = plan(word);
    return Promise.all(p.nums.map(chunk)).then(function (cs) {
      var byNum = {};
      p.nums.forEach(function (num, i) { byNum[num] = cs[i]; });
      var m = terms(word, p, function (num) { return byNum[num]; });
      if (m.exact || m.prefix || word.folded.length < 5) return m;
      // One typo: terms one edit from the word or its stems (or starting
      // with something one edit from it), among the terms that share its
      // first two letters or differ only in a first vowel (`okonomi`,
      // `ekonomi`).
      return Promise.all(typoRange(word.exact).map(chunk)).then(function (cs2) {
        cs2.forEach(function (c) { typos(word, c, m.add); });
        return m;
      });
    });
  }

  /** The terms of `word` found in the chunks of its plan `p` (`get(n)`
   * gives chunk n): `found` and `prefix` as matchWord gives them, whether
   * the word itself was found (`exact`), and `add(c, i, factor)` to add
   * more. */
  function terms(word, p, get) {
    var n = word.folded.length;
    var found = Object.create(null);
    function add(c, i, factor) {
      var t = c.terms[i];
      if (found[t] && found[t].factor >= factor) return;
      found[t] = { factor: factor, c: c, i: i };
    }
    p.keys.forEach(function (t) {
      var c = get(chunkOf(t)), i = find(c, t);
      if (i >= 0) add(c, i, 1);
    });
    var exactHit = Object.keys(found).length > 0;
    var prefixHit = false;
    // A word found as it is needs no shorter forms of itself.
    if (!exactHit) {
      p.heads.forEach(function (t) {
        var c = get(chunkOf(t)), i = find(c, t);
        if (i >= 0) add(c, i, 0.6);
      });
    }
    if (p.prefix) {
      var cands = [];
      chunksFor(word.folded).forEach(function (num) {
        var c = get(num);
        for (var i = 0; i < c.terms.length; i++) {
          var t = c.terms[i];
          if (t.length > n && t.lastIndexOf(word.folded, 0) === 0) cands.push([c, i]);
        }
      });
      // Fewer completions of short prefixes, and of a word that is
      // found as it is (its completions only add weaker matches).
      var most = n <= 2 || exactHit ? MAX_EXPANSIONS / 4 : n === 3 ? MAX_EXPANSIONS / 2 : MAX_EXPANSIONS;
      if (cands.length > most) {
        // The most common completions, judged by the length of their
        // encoded postings (decoding them all would cost more).
        cands.forEach(function (x) { x.push(x[0].ends[x[1]] - x[0].starts[x[1]]); });
        cands.sort(function (a, b) { return b[2] - a[2]; });
        cands.length = most;
      }
      cands.forEach(function (x) {
        add(x[0], x[1], 0.4 + 0.4 * n / x[0].terms[x[1]].length);
      });
      prefixHit = cands.length > 0;
    }
    return { found: found, exact: exactHit, prefix: prefixHit, add: add };
  }

  /** Adds the terms of chunk `c` one edit from `word` to its finds. */
  function typos(word, c, add) {
    for (var i = 0; i < c.terms.length; i++) {
      var t = c.terms[i];
      if (t.length < 4) continue;
      for (var e = 0; e < word.exact.length; e++) {
        var q = word.exact[e];
        if (q.length < 4) continue;
        if (oneEdit(q, t)) { add(c, i, 0.5); break; }
        if (t.length > q.length && (oneEdit(q, t.slice(0, q.length)) ||
            oneEdit(q, t.slice(0, q.length + 1)) || oneEdit(q, t.slice(0, q.length - 1)))) {
          add(c, i, 0.3);
          break;
        }
      }
    }
  }

  /** For a one-word query: asks for the file of the document the word is
   * strongest in as soon as the word's own chunk is in — most often the
   * best result — while completions are still loading and being scored. */
  function speculate(word) {
    // chunk() loads each chunk once, however often it is asked for.
    Promise.all(word.exact.map(function (t) { return chunk(chunkOf(t)); })).then(function (cs) {
      var best = -1, cls = -1;
      word.exact.forEach(function (t, w) {
        var c = cs[w], i = find(c, t);
        if (i < 0) return;
        var k = CLASS[c.text.charCodeAt(c.starts[i])], d = strongest(c, i);
        if (k > cls || (k === cls && d < best)) { cls = k; best = d; }
      });
      if (best >= 0) loadDoc(best).catch(function () {});
    }, function () {});
  }

  /** Runs a query: documents by score, best first, one per translation group. */
  function run(q, filters, lang) {
    var qwords = parseQuery(q);
    if (!qwords.length) return Promise.resolve({ words: [], hits: ranked([], []) });
    var filterNames = Object.keys(filters).filter(function (k) { return filters[k]; });
    if (qwords.length === 1 && !filterNames.length) speculate(qwords[0]);
    return Promise.all([
      Promise.all(qwords.map(matchWord)),
      Promise.all(filterNames.map(loadFilter)),
    ]).then(function (res) {
      var allowed = null;
      res[1].forEach(function (values, i) {
        var set = new Set(ascending(values[filters[filterNames[i]]] || ""));
        allowed = allowed ? new Set(Array.from(allowed).filter(function (d) { return set.has(d); })) : set;
      });
      return score(qwords, res[0], allowed, lang);
    });
  }

  /** Scores the documents of the terms each query word `matches`
   * (matchWord's results) and ranks them; `allowed`, when not null, is the
   * set of documents the filters let through. */
  function score(qwords, matches, allowed, lang) {
    var N = index.docs;
    // Typed arrays by document: a query touches thousands of postings.
    var scores = new Float64Array(N), counts = new Uint8Array(N), best = new Float64Array(N);
    var seen = { docs: new Int32Array(N), n: 0 };
    var touched = [];
    var required = qwords.filter(function (w) { return !w.optional; }).length;
    matches.forEach(function (m, wi) {
      var found = m.found, prefixed = m.prefix;
      // A document's score for a word: its best term, by strength and
      // how well the term matches; words found in fewer documents weigh
      // more (idf of the word, not of each of its terms).
      seen.n = 0;
      Object.keys(found).forEach(function (t) {
        scan(found[t].c, found[t].i, found[t].factor, best, seen);
      });
      qwords[wi].terms = Object.keys(found);
      // What the highlighter looks for: these terms as stems; inside
      // longer words (compounds) the terms that are not completions of
      // the prefix; and words that start with the typed prefix.
      var w = qwords[wi];
      w.termSet = new Set(w.terms);
      w.needles = w.terms.filter(function (t) {
        return t.length >= 4 && !(prefixed && t.length > w.folded.length && t.lastIndexOf(w.folded, 0) === 0);
      });
      w.start = prefixed ? w.folded : null;
      var idf = Math.log(1 + N / Math.max(1, seen.n));
      var optional = qwords[wi].optional;
      for (var i = 0; i < seen.n; i++) {
        var d = seen.docs[i];
        if (scores[d] === 0) touched.push(d);
        scores[d] += best[d] * idf;
        best[d] = 0;
        if (!optional) counts[d] += 1;
      }
    });
    var translated = Object.keys(index.mainOf).length > 0;
    function collect(full) {
      if (!translated) {
        var docs = touched.filter(function (doc) {
          return (!full || counts[doc] >= required) && (!allowed || allowed.has(doc));
        });
        return ranked(docs, scores);
      }
      // One result per entry: its best score, shown in the reader's
      // language when that version matches too.
      var groups = new Map();
      touched.forEach(function (doc) {
        var s = scores[doc];
        if (full && counts[doc] < required) return;
        if (allowed && !allowed.has(doc)) return;
        var mine = (index.langOf[doc] || index.main) === lang;
        var g = index.mainOf[doc] !== undefined ? index.mainOf[doc] : doc;
        var old = groups.get(g);
        if (!old) { groups.set(g, { doc: doc, score: s, mine: mine }); return; }
        if ((mine && !old.mine) || (mine === old.mine && (s > old.score || (s === old.score && doc < old.doc)))) {
          old.doc = doc;
          old.mine = mine;
        }
        old.score = Math.max(old.score, s);
      });
      var chosen = [], groupScores = new Float64Array(N), mineFirst = new Uint8Array(N);
      groups.forEach(function (g) {
        chosen.push(g.doc);
        groupScores[g.doc] = g.score;
        mineFirst[g.doc] = g.mine ? 1 : 0;
      });
      // The reader's language first; the hits only other languages have
      // after it (marked where they are shown).
      return ranked(chosen, groupScores, mineFirst);
    }
    var hits = collect(true);
    var partial = false;
    if (!hits.length && required > 1) { hits = collect(false); partial = hits.length > 0; }
    return { words: qwords, hits: hits, partial: partial };
  }

  /** `docs` best first by `scores[doc]` (ties: the lower number first), as
   * `{length, slice(from, to)}` giving `{doc, score}`s. The first page is
   * picked out without sorting the rest, which is sorted only when a later
   * page is asked for: a short prefix matches thousands of documents, and
   * most searches never go past the first page. */
  function ranked(docs, scores, first) {
    var top = null, all = null;
    // Documents marked in `first` (the reader's language) come before the
    // others, each part best first.
    function before(a, b) {
      var fa = first ? first[a] : 0, fb = first ? first[b] : 0;
      if (fa !== fb) return fa > fb;
      return scores[a] > scores[b] || (scores[a] === scores[b] && a < b);
    }
    function hit(doc) { return { doc: doc, score: scores[doc] }; }
    return {
      length: docs.length,
      slice: function (from, to) {
        to = Math.min(to, docs.length);
        if (to <= PAGE) {
          if (!top) {
            top = [];
            for (var i = 0; i < docs.length; i++) {
              var d = docs[i];
              if (top.length === PAGE && !before(d, top[PAGE - 1])) continue;
              var k = Math.min(top.length, PAGE - 1);
              while (k > 0 && before(d, top[k - 1])) { top[k] = top[k - 1]; k--; }
              top[k] = d;
            }
          }
          return top.slice(from, to).map(hit);
        }
        if (!all) all = docs.slice().sort(function (a, b) { return before(a, b) ? -1 : 1; });
        return all.slice(from, to).map(hit);
      },
    };
  }

  /** Indexed words near the query's, for "did you mean". */
  function suggest(qwords) {
    var out = [];
    return Promise.all(qwords.map(function (w) {
      var nums = typoRange(w.exact);
      return Promise.all(nums.map(chunk)).then(function (cs) {
        var best = null;
        cs.forEach(function (c) {
          c.terms.forEach(function (t, i) {
            if (t.length < 3) return;
            var d = Math.min.apply(null, w.exact.map(function (e) { return distance(e, t, 2); }));
            if (d > 2) return;
            var df = docCount(c, i);
            if (!best || d < best.d || (d === best.d && df > best.df)) best = { term: t, d: d, df: df };
          });
        });
        if (best) out.push(best.term);
      });
    })).then(function () { return out; });
  }

  // ---------------------------------------------------------------------
  // Documents and excerpts

  var docText = new Map();
  function docWithText(n) {
    return loadDoc(n).then(function (d) {
      if (d.text !== undefined) return d;
      if (d.x !== undefined) { d.text = d.x; return d; }
      if (docText.has(n)) { d.text = docText.get(n); return d; }
      if (global.cbInflate && d.n) {
        try {
          d.text = inflateNow(d.z, d.n);
          docText.set(n, d.text);
          return d;
        } catch (e) { /* fall back to the browser's own inflate */ }
      }
      return inflate(d.z).then(function (text) {
        docText.set(n, text);
        d.text = text;
        return d;
      }, function () { d.text = ""; return d; });
    });
  }

  /** Inflates base64'd raw deflate of `size` bytes of UTF-8 text, at once
   * (theme/inflate.js: tiny-inflate). */
  function inflateNow(b64, size) {
    return new TextDecoder().decode(global.cbInflate(base64Bytes(b64), new Uint8Array(size)));
  }

  function base64Bytes(b64) {
    var bin = atob(b64), bytes = new Uint8Array(bin.length);
    for (var i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
    return bytes;
  }

  /** The same with the browser's DecompressionStream, asynchronously. */
  function inflate(b64) {
    if (typeof DecompressionStream === "undefined") return Promise.reject(new Error("no DecompressionStream"));
    var stream = new Blob([base64Bytes(b64)]).stream().pipeThrough(new DecompressionStream("deflate-raw"));
    return new Response(stream).text();
  }

  /** Which query word (index) a word of a document matches, or -1. */
  function matcher(qwords, lang) {
    // One per query and language: the words of ten documents repeat.
    qwords.matchers = qwords.matchers || {};
    if (qwords.matchers[lang]) return qwords.matchers[lang];
    var stemmer = index.stemOf[lang] || "none";
    var cache = new Map();
    // The stemmers only change a word's ending: a word whose first letter
    // starts no term and holds no needle cannot match, unstemmed.
    var firsts = new Set(), needles = [];
    qwords.forEach(function (q) {
      if (!q.termSet) return;
      q.termSet.forEach(function (t) { firsts.add(t[0]); });
      if (q.start) firsts.add(q.start[0]);
      needles = needles.concat(q.needles);
    });
    return (qwords.matchers[lang] = function (folded) {
      if (cache.has(folded)) return cache.get(folded);
      if (!firsts.has(folded[0]) && !needles.some(function (n) { return folded.indexOf(n) >= 0; })) {
        cache.set(folded, -1);
        return -1;
      }
      var s = stemCached(stemmer, folded), hit = -1;
      for (var i = 0; i < qwords.length && hit < 0; i++) {
        var q = qwords[i];
        if (!q.termSet) continue;
        if (q.termSet.has(s) || q.termSet.has(folded) || (q.start && folded.lastIndexOf(q.start, 0) === 0)) { hit = i; break; }
        for (var k = 0; k < q.needles.length; k++) {
          if (folded.indexOf(q.needles[k]) >= 0) { hit = i; break; }
        }
      }
      cache.set(folded, hit);
      return hit;
    });
  }

  // Stems and folded words of documents, kept across queries: while a
  // query is typed the same documents and words come back.
  var stems = Object.create(null), folds = new Map();
  function stemCached(stemmer, folded) {
    var m = stems[stemmer] || (stems[stemmer] = new Map()), s = m.get(folded);
    if (s === undefined) {
      if (m.size > 100000) m.clear();
      m.set(folded, (s = stem(stemmer, folded)));
    }
    return s;
  }
  function foldCached(w) {
    var f = folds.get(w);
    if (f === undefined) {
      if (folds.size > 100000) folds.clear();
      folds.set(w, (f = fold(w.toLowerCase())));
    }
    return f;
  }

  /** The words of a text, each with its folded form; kept on `holder`. */
  function tokens(holder, text) {
    if (holder && holder.tokens && holder.tokensOf === text) return holder.tokens;
    var toks = words(text);
    for (var i = 0; i < toks.length; i++) toks[i].f = foldCached(toks[i].w);
    if (holder) { holder.tokens = toks; holder.tokensOf = text; }
    return toks;
  }

  var EXCERPT_WORDS = 30;

  /** The excerpt: [{text, mark}] pieces around the best cluster of hits. */
  function excerpt(text, qwords, lang, holder) {
    var toks = tokens(holder, text);
    var match = matcher(qwords, lang);
    var hits = toks.map(function (t) { return match(t.f); });
    var bestAt = -1, bestScore = 0;
    for (var i = 0; i < toks.length; i++) {
      if (hits[i] < 0) continue;
      var from = Math.max(0, i - 6), seen = {}, score = 0;
      for (var k = from; k < Math.min(toks.length, from + EXCERPT_WORDS); k++) {
        if (hits[k] >= 0) { score += seen[hits[k]] ? 1 : 10; seen[hits[k]] = true; }
      }
      if (score > bestScore) { bestScore = score; bestAt = from; }
    }
    var start = bestAt < 0 ? 0 : bestAt;
    var end = Math.min(toks.length, start + EXCERPT_WORDS);
    if (!toks.length) return [];
    var pieces = [];
    var pos = toks[start].at;
    if (start > 0) pieces.push({ text: "… " });
    for (k = start; k < end; k++) {
      if (hits[k] >= 0) {
        pieces.push({ text: text.slice(pos, toks[k].at) });
        pieces.push({ text: text.slice(toks[k].at, toks[k].end), mark: true });
        pos = toks[k].end;
      }
    }
    var stop = end < toks.length ? toks[end - 1].end : text.length;
    pieces.push({ text: text.slice(pos, stop) });
    if (end < toks.length) pieces.push({ text: " …" });
    pieces.forEach(function (p) { p.text = p.text.replace(/\s+/g, " "); });
    return pieces;
  }

  /** Marks the words of a short text (a title) that match the query. */
  function marked(text, qwords, lang) {
    var match = matcher(qwords, lang), pieces = [], pos = 0;
    tokens(null, text).forEach(function (t) {
      if (match(t.f) >= 0) {
        pieces.push({ text: text.slice(pos, t.at) });
        pieces.push({ text: text.slice(t.at, t.end), mark: true });
        pos = t.end;
      }
    });
    pieces.push({ text: text.slice(pos) });
    return pieces;
  }

  function fill(el, pieces) {
    pieces.forEach(function (p) {
      if (!p.text) return;
      if (p.mark) {
        var m = document.createElement("mark");
        m.textContent = p.text;
        el.appendChild(m);
      } else el.appendChild(document.createTextNode(p.text));
    });
    return el;
  }

  // ---------------------------------------------------------------------
  // The header box of every page: the first results while typing, in a
  // listbox under the box (the ARIA combobox pattern). site.js loads this
  // file on the box's first focus or keystroke; the same index code as the
  // search page's finds the results.

  (function typeahead() {
    var box = document.getElementById("site-search");
    var pop = document.getElementById("typeahead");
    var list = document.getElementById("typeahead-list");
    if (!box || !pop || !list || !box.form) return;
    var status = pop.querySelector(".typeahead-status");
    var T = pop.dataset;
    var LANG = document.documentElement.lang || "";
    var MAX = 6;
    var gen = 0, active = -1, options = [];

    function say(template, values) {
      return (template || "").replace(/\{(\w+)\}/g, function (_, k) { return values[k] !== undefined ? values[k] : ""; });
    }
    function allHref(q) {
      return box.form.getAttribute("action") + "?q=" + encodeURIComponent(q);
    }
    function open() {
      pop.hidden = false;
      box.setAttribute("aria-expanded", "true");
    }
    function close() {
      pop.hidden = true;
      box.setAttribute("aria-expanded", "false");
      select(-1);
    }
    function select(i) {
      if (options[active]) options[active].setAttribute("aria-selected", "false");
      active = i;
      if (options[i]) {
        options[i].setAttribute("aria-selected", "true");
        box.setAttribute("aria-activedescendant", options[i].id);
        if (options[i].scrollIntoView) options[i].scrollIntoView({ block: "nearest" });
      } else {
        box.removeAttribute("aria-activedescendant");
      }
    }
    function option(id, cls, href) {
      var li = document.createElement("li");
      li.id = id;
      li.className = cls;
      li.setAttribute("role", "option");
      li.setAttribute("aria-selected", "false");
      li.setAttribute("data-href", href);
      return li;
    }
    function piece(cls, text) {
      var span = document.createElement("span");
      span.className = cls;
      if (text !== undefined) span.textContent = text;
      return span;
    }
    function show(q, r, docs) {
      list.textContent = "";
      options = [];
      active = -1;
      docs.forEach(function (d, i) {
        var li = option("typeahead-" + i, "typeahead-option kind-" + d.k, ROOT + d.u);
        if (d.l && d.l !== LANG) li.lang = d.l;
        li.appendChild(fill(piece("typeahead-title"), marked(d.t, r.words, d.l)));
        li.appendChild(piece("typeahead-kind", T["k" + d.k] || d.k));
        var other = inLanguage(T, d.l);
        if (other) li.appendChild(other);
        var ex = excerpt(d.text || "", r.words, d.l, d);
        if (ex.length) li.appendChild(fill(piece("typeahead-excerpt"), ex));
        list.appendChild(li);
        options.push(li);
      });
      var all = option("typeahead-all", "typeahead-option typeahead-all", allHref(q));
      all.textContent = say(T.all, { q: q });
      list.appendChild(all);
      options.push(all);
      var n = r.hits.length;
      status.textContent = n ? say(n === 1 ? T.countOne : T.count, { n: n }) : say(T.none, { q: q });
      pop.setAttribute("data-query", q);
      open();
    }
    function update() {
      var g = ++gen;
      var q = box.value.trim();
      if (!q) { list.textContent = ""; options = []; close(); return; }
      // The index may still be on its way (loaded on the box's first focus).
      loadIndex().then(function () {
        return g === gen ? run(q, {}, LANG) : null;
      }).then(function (r) {
        if (!r || g !== gen) return null;
        return Promise.all(r.hits.slice(0, MAX).map(function (h) { return docWithText(h.doc); })).then(function (docs) {
          if (g === gen) show(q, r, docs);
        });
      }).catch(function (e) {
        if (g !== gen) return;
        list.textContent = "";
        options = [];
        status.textContent = T.failed + " (" + e.message + ")";
        open();
      });
    }
    function go(i) {
      var href = options[i] && options[i].getAttribute("data-href");
      if (href) location.href = href;
    }

    box.addEventListener("input", update);
    box.addEventListener("focus", function () { if (box.value.trim() && options.length) open(); });
    box.addEventListener("keydown", function (ev) {
      var n = options.length;
      if (ev.key === "ArrowDown" || ev.key === "ArrowUp") {
        if (pop.hidden) { if (box.value.trim()) { update(); } return; }
        if (!n) return;
        ev.preventDefault();
        var d = ev.key === "ArrowDown" ? 1 : -1;
        select(active < 0 ? (d > 0 ? 0 : n - 1) : (active + d + n) % n);
      } else if (ev.key === "Enter") {
        if (!pop.hidden && active >= 0) { ev.preventDefault(); go(active); }
      } else if (ev.key === "Escape") {
        if (!pop.hidden) { ev.preventDefault(); close(); }
      }
    });
    // A tap or click chooses an option; the box keeps its focus meanwhile.
    list.addEventListener("mousedown", function (ev) { ev.preventDefault(); });
    list.addEventListener("click", function (ev) {
      var li = ev.target.closest && ev.target.closest("[role=option]");
      if (li) go(options.indexOf(li));
    });
    box.addEventListener("blur", function () { setTimeout(close, 150); });

    // The reader may have typed while this file was on its way.
    loadIndex().catch(function () {});
    if (box.value.trim()) update();
  })();

  // ---------------------------------------------------------------------
  // The page

  var input = document.getElementById("search-input");
  var results = document.getElementById("search-results");
  var form = input && input.form;
  if (!input || !results) return;
  var filterBox = document.getElementById("search-filters");
  var selects = {
    kind: document.getElementById("search-kind"),
    phase: document.getElementById("search-phase"),
    country: document.getElementById("search-country"),
  };
  var LANG = document.documentElement.lang || "";
  var T = results.dataset;
  var generation = 0;
  var shown = 0;
  var current = null;

  function say(template, values) {
    return (template || "").replace(/\{(\w+)\}/g, function (_, k) { return values[k] !== undefined ? values[k] : ""; });
  }

  function kindLabel(kind) {
    var opt = selects.kind && selects.kind.querySelector('option[value="' + kind + '"]');
    return opt ? opt.getAttribute("data-one") || opt.textContent : kind;
  }

  function label(labels, value) {
    return (labels && (labels[LANG] || labels[index.main] || labels.en)) || value;
  }

  function state() {
    var s = { q: input.value };
    Object.keys(selects).forEach(function (k) { if (selects[k]) s[k] = selects[k].value; });
    return s;
  }

  function urlOf(s) {
    var p = new URLSearchParams();
    if (s.q) p.set("q", s.q);
    Object.keys(selects).forEach(function (k) { if (s[k]) p.set(k, s[k]); });
    var qs = p.toString();
    return qs ? "?" + qs : location.pathname;
  }

  function fromUrl() {
    var p = new URLSearchParams(location.search);
    input.value = p.get("q") || "";
    Object.keys(selects).forEach(function (k) {
      var sel = selects[k];
      if (!sel) return;
      var v = p.get(k) || "";
      sel.value = v;
      if (sel.value !== v) sel.value = "";
    });
  }

  // While typing, the address follows the query once the reader pauses:
  // changing it is a same-page navigation that costs the browser 10–20 ms
  // (and a new look at the page's icon), which would delay every
  // keystroke's results. `typed` is what was typed and is not yet in the
  // address; it goes there before anything leaves the page or makes a new
  // history entry.
  var typed = null, addressTimer = 0;

  function rememberSoon() {
    var s = state();
    typed = { s: s, url: urlOf(s) };
    clearTimeout(addressTimer);
    addressTimer = setTimeout(function () { remember(false); }, 400);
  }

  function rememberNow() {
    if (typed) remember(false);
  }

  function forgetTyped() {
    typed = null;
    clearTimeout(addressTimer);
  }

  /** Puts the query and filters into the address: a new history entry
   * when `push`, else in place of the current one. Typing not yet in the
   * address first goes into the current entry, so that Back returns to it. */
  function remember(push) {
    var t = typed;
    forgetTyped();
    if (push && t) address(t.s, t.url, false);
    var s = state();
    address(s, urlOf(s), push);
  }

  function address(s, url, push) {
    if (location.search === (url[0] === "?" ? url : "")) return;
    try {
      if (push) history.pushState(s, "", url);
      else history.replaceState(s, "", url);
    } catch (e) {
      // Some browsers refuse to change file:// addresses; search still works.
    }
  }

  function fillFilters() {
    var f = index.filters;
    if (selects.kind) {
      var kinds = {};
      f.kind.forEach(function (v) { kinds[v[0]] = v[1]; });
      Array.prototype.forEach.call(selects.kind.options, function (o) {
        if (o.value && kinds[o.value] === undefined) o.remove();
      });
    }
    ["phase", "country"].forEach(function (name) {
      var sel = selects[name];
      if (!sel) return;
      if (f[name]) return options(name, f[name]);
      // A long list is in its own file: loaded when the reader opens the
      // filter, or when the address asks for one of its values.
      var fill = function () {
        sel.removeEventListener("focus", fill);
        sel.removeEventListener("pointerdown", fill);
        return loadFilter("values").then(function (v) {
          var keep = sel.value || new URLSearchParams(location.search).get(name) || "";
          options(name, v[name] || []);
          sel.value = keep;
        });
      };
      sel.addEventListener("focus", fill);
      sel.addEventListener("pointerdown", fill);
      if (new URLSearchParams(location.search).get(name)) fill().then(search);
    });
    if (filterBox) filterBox.hidden = false;
  }

  function options(name, values) {
    var sel = selects[name];
    var wrap = sel.closest("label") || sel;
    if (!values.length) { wrap.hidden = true; return; }
    values.forEach(function (v) {
      var o = document.createElement("option");
      o.value = v[0];
      o.textContent = label(v[2], v[0]);
      sel.appendChild(o);
    });
  }

  function status(text, cls) {
    var p = document.createElement("p");
    p.className = cls || "search-status";
    p.textContent = text;
    return p;
  }

  function search() {
    var gen = ++generation;
    var s = state();
    var q = s.q.trim();
    if (!q) { results.textContent = ""; current = null; finished(""); return Promise.resolve(); }
    results.setAttribute("data-state", "searching");
    var filters = { kind: s.kind, phase: s.phase, country: s.country };
    return run(q, filters, LANG).then(function (r) {
      if (gen !== generation) return;
      current = { q: q, r: r };
      shown = 0;
      if (!r.hits.length) return noResults(q, r, gen);
      var box = document.createElement("div");
      box.className = "search-found";
      box.appendChild(status(say(r.hits.length === 1 ? T.one : T.many, { n: r.hits.length, q: q })));
      if (r.partial) box.appendChild(status(T.partial, "search-note"));
      var list = document.createElement("ol");
      list.className = "search-list";
      box.appendChild(list);
      // The old results stay until the best new one can be shown; the
      // others fill in below it as their files arrive.
      var show = function () {
        if (gen !== generation || box.parentNode === results) return;
        results.textContent = "";
        results.appendChild(box);
        results.setAttribute("data-first", q);
        results.setAttribute("data-count", r.hits.length);
      };
      return more(box, gen, show).then(function () {
        if (gen !== generation) return;
        show();
        finished(q);
      });
    }).catch(function (e) {
      if (gen !== generation) return;
      results.textContent = "";
      results.appendChild(status(T.failed + " (" + e.message + ")", "search-note"));
      finished(q);
    });
  }

  /** Marks the results as those of `q` (`data-query`, `data-state="done"`),
   * for tools and tests that read them. */
  function finished(q) {
    results.setAttribute("data-query", q);
    results.setAttribute("data-state", "done");
  }

  /** Adds the next page of results to the results box, each as soon as
   * its document is loaded; `first` is called when the first is in. */
  function more(box, gen, first) {
    var r = current.r, list = box.querySelector(".search-list");
    var page = r.hits.slice(shown, shown + PAGE);
    shown += page.length;
    var slots = page.map(function () {
      var li = document.createElement("li");
      li.className = "search-result";
      li.hidden = true;
      list.appendChild(li);
      return li;
    });
    var firstShown = page.length ? docWithText(page[0].doc).then(function (d) {
      if (gen !== generation) return;
      slots[0].replaceWith(resultItem(d, r.words));
      if (first) first();
      // Let the browser show the best result before the others are made.
      return new Promise(function (ok) { setTimeout(ok, 0); });
    }) : Promise.resolve();
    // The others are asked for once the best one is in: loading them all at
    // once delays the one the reader sees first. Not when the reader has
    // typed on meanwhile: their files would delay the new query's.
    return Promise.all(page.map(function (h, i) {
      if (i === 0) return firstShown;
      return firstShown.then(function () {
        return gen === generation ? docWithText(h.doc) : null;
      }).then(function (d) {
        if (!d || gen !== generation) return;
        slots[i].replaceWith(resultItem(d, r.words));
      });
    })).then(function () {
      if (gen !== generation) return;
      var button = box.querySelector(".search-more");
      if (shown >= r.hits.length) {
        if (button) button.remove();
        return;
      }
      if (!button) {
        button = document.createElement("button");
        button.type = "button";
        button.className = "search-more";
        button.addEventListener("click", function () {
          var first = list.children.length;
          more(box, generation).then(function () {
            var a = list.children[first] && list.children[first].querySelector("a");
            if (a) a.focus();
          });
        });
        box.appendChild(button);
      }
      button.textContent = say(T.more, { n: Math.min(PAGE, r.hits.length - shown) });
    });
  }

  function resultItem(d, qwords) {
    var li = document.createElement("li");
    li.className = "search-result kind-" + d.k;
    var h = document.createElement("h3");
    var a = document.createElement("a");
    a.href = ROOT + d.u;
    if (d.l && d.l !== LANG) { a.hreflang = d.l; a.lang = d.l; }
    fill(a, marked(d.t, qwords, d.l));
    h.appendChild(a);
    li.appendChild(h);
    var meta = document.createElement("p");
    meta.className = "search-meta";
    var kind = document.createElement("span");
    kind.className = "search-kind";
    kind.textContent = kindLabel(d.k);
    meta.appendChild(kind);
    var other = inLanguage(T, d.l);
    if (other) {
      meta.appendChild(document.createTextNode(" · "));
      meta.appendChild(other);
    }
    if (d.p && d.p.length) {
      var names = {};
      (index.filters.phase || []).forEach(function (v) { names[v[0]] = label(v[2], v[0]); });
      var ph = document.createElement("span");
      ph.className = "search-phases";
      ph.textContent = d.p.map(function (p) { return names[p[0]] || p[1]; }).join(", ");
      meta.appendChild(document.createTextNode(" · "));
      meta.appendChild(ph);
    }
    if (d.c) {
      var names2 = {};
      index.filters.country.forEach(function (v) { names2[v[0]] = label(v[2], v[0]); });
      meta.appendChild(document.createTextNode(" · " + (names2[d.c] || d.c)));
    }
    li.appendChild(meta);
    var ex = excerpt(d.text || "", qwords, d.l, d);
    if (ex.length) {
      var p = document.createElement("p");
      p.className = "search-excerpt";
      if (d.l && d.l !== LANG) p.lang = d.l;
      li.appendChild(fill(p, ex));
    }
    return li;
  }

  // A raw deflate stream (dynamic Huffman codes, as the build writes them)
  // of WARM_TEXT_SIZE bytes of Swedish, for the warm-up.
  var WARM_TEXT = "7Y7RDYMwDERXuQEQA3QFfrqCoSZxcWLkhG7UFViAxRqQugWfd9K9d4NupTpXFEpKjvnYW6LQIR57KIupOWyKcA5imR2LSw4InDi3TSJsNVFuHXmPp9vEpSi/yDk3xle1bSTaCvKRazMJPuRvxkzlAclShU9kh1XUaoemH/WqLvHFGMkj1x7Dffe++7/7Aw==";
  var WARM_TEXT_SIZE = 700;

  /** Runs a search's own code on made-up data while the page is idle, a
   * step at a time (each a few ms), until a search starts. Browsers first
   * run a script's functions in a slow interpreter and compile those that
   * run often: without this, a reader's first query spends 20 ms or more
   * in slow code (parsing the query, reading postings, ranking, inflating
   * and marking the excerpt). Loads no file and changes nothing a search
   * reads: the made-up chunk is never cached and the result made is never
   * shown. */
  function warmUp() {
    var idle = global.requestIdleCallback || function (f) { return setTimeout(f, 20); };
    var chunkText, c, qwords, matches, r, rounds = 0;
    var steps = [function () { chunkText = warmChunk(); }];
    for (var round = 0; round < 4; round++) {
      steps.push(function () {
        c = frontDecoded(chunkText);
        qwords = parseQuery(rounds++ % 2 ? "warm samverkan" : "samverkan warm");
        matches = qwords.map(function (w) {
          return terms(w, plan(w), function () { return c; });
        });
      }, function () {
        r = score(qwords, matches, null, LANG);
        r.hits.slice(0, PAGE);
      }, function () {
        var sample = global.cbInflate ? inflateNow(WARM_TEXT, WARM_TEXT_SIZE) : "";
        resultItem({ k: "page", t: "Warmb och samverkan", u: "#", l: index.main, p: [],
          text: sample + " Warma, warmb och samverkande warmc. " + sample }, r.words);
      });
    }
    idle(function next() {
      if (generation) return;
      // For tools and tests: the code is warm now.
      if (!steps.length) { results.setAttribute("data-warm", "done"); return; }
      try {
        steps.shift()();
      } catch (err) {
        return; // warming up is only an optimisation
      }
      idle(next);
    });
  }

  /** A made-up chunk, in the index's encoding, for warmUp: terms "warm",
   * "warma", "warmb", ..., each in many documents of several strength
   * classes. */
  function warmChunk() {
    var e = index.enc, N = index.docs;
    var text = "";
    for (var t = 0; t < 12; t++) {
      text += t === 0 ? e.prefix[0] + "warm" : " " + e.prefix[4] + String.fromCharCode(96 + t);
      for (var cls = 9; cls >= 2; cls -= 1 + (t % 3)) {
        text += e.classes[cls];
        var doc = -1;
        for (var k = 0; k < 300; k++) {
          var gap = (k * 7 + t) % 40;
          if (doc + gap + 1 >= N) break;
          doc += gap + 1;
          text += gap < 32 ? e.last[gap] : e.more[1] + e.last[gap - 32];
        }
      }
    }
    return text;
  }

  function noResults(q, r, gen) {
    return suggest(r.words).then(function (terms) {
      if (gen !== generation) return;
      results.textContent = "";
      results.appendChild(status(say(T.none, { q: q }), "search-status search-none"));
      results.setAttribute("data-first", q);
      results.setAttribute("data-count", 0);
      var s = state();
      if (s.kind || s.phase || s.country) results.appendChild(status(T.filtered, "search-note"));
      if (terms.length) {
        var p = document.createElement("p");
        p.className = "search-suggest";
        p.appendChild(document.createTextNode(T.suggest + " "));
        terms.forEach(function (t, i) {
          if (i) p.appendChild(document.createTextNode(", "));
          var a = document.createElement("a");
          a.href = urlOf(Object.assign(state(), { q: t }));
          a.textContent = t;
          a.addEventListener("click", function (ev) {
            ev.preventDefault();
            input.value = t;
            remember(true);
            search();
          });
          p.appendChild(a);
        });
        results.appendChild(p);
      }
      results.appendChild(status(T.tips, "search-note"));
      finished(q);
    });
  }

  function links() {
    return Array.prototype.slice.call(results.querySelectorAll(".search-list a"));
  }

  document.addEventListener("click", rememberNow, true);
  global.addEventListener("pagehide", rememberNow);

  input.addEventListener("input", function () {
    search();
    rememberSoon();
  });
  input.addEventListener("keydown", function (ev) {
    if (ev.key === "ArrowDown") {
      var l = links();
      if (l.length) { ev.preventDefault(); l[0].focus(); }
    }
  });
  results.addEventListener("keydown", function (ev) {
    var l = links(), i = l.indexOf(document.activeElement);
    if (i < 0) return;
    if (ev.key === "ArrowDown" && i + 1 < l.length) { ev.preventDefault(); l[i + 1].focus(); }
    else if (ev.key === "ArrowUp") { ev.preventDefault(); (i > 0 ? l[i - 1] : input).focus(); }
    else if (ev.key === "Escape") { ev.preventDefault(); input.focus(); }
  });
  if (form) {
    form.addEventListener("submit", function (ev) {
      ev.preventDefault();
      remember(true);
      search();
    });
  }
  Object.keys(selects).forEach(function (k) {
    if (!selects[k]) return;
    selects[k].addEventListener("change", function () {
      remember(true);
      search();
    });
  });
  global.addEventListener("popstate", function () {
    forgetTyped();
    fromUrl();
    search();
  });

  results.setAttribute("aria-busy", "true");
  loadIndex().then(function () {
    fillFilters();
    fromUrl();
    results.setAttribute("aria-busy", "false");
    if (input.value) search(); else input.focus();
    warmUp();
  }, function (e) {
    results.textContent = "";
    results.appendChild(status(T.failed + " (" + e.message + ")", "search-note"));
  });
})(typeof window !== "undefined" ? window : globalThis);
