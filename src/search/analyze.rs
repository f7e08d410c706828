//! Text analysis for search: words, folding, stemming, stop words and the
//! parts of compound words.
//!
//! In: text and the language it is written in. Out: the index terms it is
//! found by. A word is a run of letters and digits; it is lowercased and
//! *folded* (`å`, `ä`, `æ` → `a`, `ö`, `ø` → `o`, other accents dropped), and
//! the folded word is stemmed by the Snowball stemmer of its language
//! (Swedish, Norwegian or English, from `rust-stemmers`). Folding comes
//! first so that `hallbarhet` and `hållbarhet` reach the same stem.
//!
//! The browser runs the same steps on the reader's query
//! (`themes/default/static/search.js`): the fold table and the stop words are
//! written into the index by [`crate::search`], and the script carries a
//! port of the three stemmers, checked against this module by the shared
//! word list `tests/fixtures/search/stems.tsv`.

use rust_stemmers::{Algorithm, Stemmer as Snowball};
use rustc_hash::FxHashSet as HashSet;

/// The shortest and longest words indexed, in characters.
pub const WORD_CHARS: std::ops::RangeInclusive<usize> = 2..=40;

/// The words of `text`: runs of letters and digits, as written.
pub fn words(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| WORD_CHARS.contains(&w.chars().count()))
}

/// Characters folded to others; every other character stays as it is
/// (combining marks, U+0300–U+036F, are dropped).
pub const FOLDS: &[(char, &str)] = &[
    ('à', "a"),
    ('á', "a"),
    ('â', "a"),
    ('ã', "a"),
    ('ä', "a"),
    ('å', "a"),
    ('ā', "a"),
    ('ă', "a"),
    ('ą', "a"),
    ('æ', "a"),
    ('ç', "c"),
    ('ć', "c"),
    ('č', "c"),
    ('ď', "d"),
    ('đ', "d"),
    ('ð', "d"),
    ('è', "e"),
    ('é', "e"),
    ('ê', "e"),
    ('ë', "e"),
    ('ē', "e"),
    ('ė', "e"),
    ('ę', "e"),
    ('ě', "e"),
    ('ğ', "g"),
    ('ì', "i"),
    ('í', "i"),
    ('î', "i"),
    ('ï', "i"),
    ('ī', "i"),
    ('į', "i"),
    ('ı', "i"),
    ('ł', "l"),
    ('ñ', "n"),
    ('ń', "n"),
    ('ň', "n"),
    ('ò', "o"),
    ('ó', "o"),
    ('ô', "o"),
    ('õ', "o"),
    ('ö', "o"),
    ('ø', "o"),
    ('ō', "o"),
    ('ő', "o"),
    ('œ', "oe"),
    ('ř', "r"),
    ('ś', "s"),
    ('š', "s"),
    ('ş', "s"),
    ('ș', "s"),
    ('ß', "ss"),
    ('ť', "t"),
    ('ţ', "t"),
    ('ț', "t"),
    ('þ', "th"),
    ('ù', "u"),
    ('ú', "u"),
    ('û', "u"),
    ('ü', "u"),
    ('ū', "u"),
    ('ů', "u"),
    ('ű', "u"),
    ('ų', "u"),
    ('ý', "y"),
    ('ÿ', "y"),
    ('ź', "z"),
    ('ż', "z"),
    ('ž', "z"),
    ('ς', "σ"),
];

/// `word` lowercased and folded: `Hållbarhet` → `hallbarhet`,
/// `Økonomi` → `okonomi`.
pub fn fold(word: &str) -> String {
    let lower = word.to_lowercase();
    let mut out = String::with_capacity(lower.len());
    for c in lower.chars() {
        if c.is_ascii() {
            out.push(c);
        } else if ('\u{300}'..='\u{36f}').contains(&c) {
            // A combining accent: dropped like the accents of FOLDS.
        } else if let Some((_, to)) = FOLDS.iter().find(|(from, _)| *from == c) {
            out.push_str(to);
        } else {
            out.push(c);
        }
    }
    out
}

/// The stemmer of a language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Stemmer {
    /// Snowball Swedish (`sv`).
    Swedish,
    /// Snowball Norwegian (`nb`, `nn`, `no`).
    Norwegian,
    /// Snowball English (Porter 2; `en`).
    English,
    /// No stemming (languages without a stemmer here).
    None,
}

impl Stemmer {
    /// The stemmer for a language code (`sv`, `nb`, `en-GB`, ...).
    pub fn for_lang(lang: &str) -> Stemmer {
        let base = lang.split(['-', '_']).next().unwrap_or("");
        match base.to_ascii_lowercase().as_str() {
            "sv" => Stemmer::Swedish,
            "nb" | "nn" | "no" => Stemmer::Norwegian,
            "en" => Stemmer::English,
            _ => Stemmer::None,
        }
    }

    /// The name the browser knows this stemmer by.
    pub fn name(self) -> &'static str {
        match self {
            Stemmer::Swedish => "swedish",
            Stemmer::Norwegian => "norwegian",
            Stemmer::English => "english",
            Stemmer::None => "none",
        }
    }

    /// Whether words of this language are split into compound parts.
    pub fn compounds(self) -> bool {
        matches!(self, Stemmer::Swedish | Stemmer::Norwegian)
    }

    /// The stem of a folded word. Only plain `a–z0–9` words are stemmed
    /// (after folding that is every Swedish, Norwegian and English word);
    /// others are their own stem.
    pub fn stem(self, folded: &str) -> String {
        let algorithm = match self {
            Stemmer::Swedish => Algorithm::Swedish,
            Stemmer::Norwegian => Algorithm::Norwegian,
            Stemmer::English => Algorithm::English,
            Stemmer::None => return folded.to_string(),
        };
        if !folded
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        {
            return folded.to_string();
        }
        thread_local! {
            static STEMMERS: [Snowball; 3] = [
                Snowball::create(Algorithm::Swedish),
                Snowball::create(Algorithm::Norwegian),
                Snowball::create(Algorithm::English),
            ];
        }
        let i = match algorithm {
            Algorithm::Swedish => 0,
            Algorithm::Norwegian => 1,
            _ => 2,
        };
        STEMMERS.with(|s| s[i].stem(folded).into_owned())
    }

    /// The stop words of the language, lowercased (not folded): words too
    /// common to find anything by. They are not indexed, and a query word
    /// that is one is optional.
    pub fn stop_words(self) -> &'static [&'static str] {
        match self {
            Stemmer::Swedish => SWEDISH_STOP,
            Stemmer::Norwegian => NORWEGIAN_STOP,
            Stemmer::English => ENGLISH_STOP,
            Stemmer::None => &[],
        }
    }
}

/// Snowball's Swedish stop word list.
const SWEDISH_STOP: &[&str] = &[
    "och", "det", "att", "i", "en", "jag", "hon", "som", "han", "på", "den", "med", "var", "sig",
    "för", "så", "till", "är", "men", "ett", "om", "hade", "de", "av", "icke", "mig", "du",
    "henne", "då", "sin", "nu", "har", "inte", "hans", "honom", "skulle", "hennes", "där", "min",
    "man", "ej", "vid", "kunde", "något", "från", "ut", "när", "efter", "upp", "vi", "dem", "vara",
    "vad", "över", "än", "dig", "kan", "sina", "här", "ha", "mot", "alla", "under", "någon",
    "eller", "allt", "mycket", "sedan", "ju", "denna", "själv", "detta", "åt", "utan", "varit",
    "hur", "ingen", "mitt", "ni", "bli", "blev", "oss", "din", "dessa", "några", "deras", "blir",
    "mina", "samma", "vilken", "er", "sådan", "vår", "blivit", "dess", "inom", "mellan", "sådant",
    "varför", "varje", "vilka", "ditt", "vem", "vilket", "sitta", "sådana", "vart", "dina", "vars",
    "vårt", "våra", "ert", "era", "vilkas",
];

/// Snowball's Norwegian stop word list.
const NORWEGIAN_STOP: &[&str] = &[
    "og",
    "i",
    "jeg",
    "det",
    "at",
    "en",
    "et",
    "den",
    "til",
    "er",
    "som",
    "på",
    "de",
    "med",
    "han",
    "av",
    "ikke",
    "ikkje",
    "der",
    "så",
    "var",
    "meg",
    "seg",
    "men",
    "ett",
    "har",
    "om",
    "vi",
    "min",
    "mitt",
    "ha",
    "hadde",
    "hun",
    "nå",
    "over",
    "da",
    "ved",
    "fra",
    "du",
    "ut",
    "sin",
    "dem",
    "oss",
    "opp",
    "man",
    "kan",
    "hans",
    "hvor",
    "eller",
    "hva",
    "skal",
    "selv",
    "sjøl",
    "her",
    "alle",
    "vil",
    "bli",
    "ble",
    "blei",
    "blitt",
    "kunne",
    "inn",
    "når",
    "være",
    "kom",
    "noen",
    "noe",
    "ville",
    "dere",
    "deres",
    "kun",
    "ja",
    "etter",
    "ned",
    "skulle",
    "denne",
    "for",
    "deg",
    "si",
    "sine",
    "sitt",
    "mot",
    "å",
    "meget",
    "hvorfor",
    "dette",
    "disse",
    "uten",
    "hvordan",
    "ingen",
    "din",
    "ditt",
    "blir",
    "samme",
    "hvilken",
    "hvilke",
    "sånn",
    "inni",
    "mellom",
    "vår",
    "hver",
    "hvem",
    "vors",
    "hvis",
    "både",
    "bare",
    "enn",
    "fordi",
    "før",
    "mange",
    "også",
    "slik",
    "vært",
    "båe",
    "begge",
    "siden",
    "dykk",
    "dykkar",
    "dei",
    "deira",
    "deires",
    "deim",
    "di",
    "då",
    "eg",
    "ein",
    "eit",
    "eitt",
    "elles",
    "honom",
    "hjå",
    "ho",
    "hoe",
    "henne",
    "hennar",
    "hennes",
    "hoss",
    "hossen",
    "ingi",
    "inkje",
    "korleis",
    "korso",
    "kva",
    "kvar",
    "kvarhelst",
    "kven",
    "kvi",
    "kvifor",
    "me",
    "medan",
    "mi",
    "mine",
    "mykje",
    "no",
    "nokon",
    "noka",
    "nokor",
    "noko",
    "nokre",
    "sia",
    "sidan",
    "so",
    "somt",
    "somme",
    "um",
    "upp",
    "vere",
    "vore",
    "verte",
    "vort",
    "varte",
    "vart",
];

/// Snowball's English stop word list (without the contracted forms).
const ENGLISH_STOP: &[&str] = &[
    "i",
    "me",
    "my",
    "myself",
    "we",
    "our",
    "ours",
    "ourselves",
    "you",
    "your",
    "yours",
    "yourself",
    "yourselves",
    "he",
    "him",
    "his",
    "himself",
    "she",
    "her",
    "hers",
    "herself",
    "it",
    "its",
    "itself",
    "they",
    "them",
    "their",
    "theirs",
    "themselves",
    "what",
    "which",
    "who",
    "whom",
    "this",
    "that",
    "these",
    "those",
    "am",
    "is",
    "are",
    "was",
    "were",
    "be",
    "been",
    "being",
    "have",
    "has",
    "had",
    "having",
    "do",
    "does",
    "did",
    "doing",
    "would",
    "should",
    "could",
    "ought",
    "a",
    "an",
    "the",
    "and",
    "but",
    "if",
    "or",
    "because",
    "as",
    "until",
    "while",
    "of",
    "at",
    "by",
    "for",
    "with",
    "about",
    "against",
    "between",
    "into",
    "through",
    "during",
    "before",
    "after",
    "above",
    "below",
    "to",
    "from",
    "up",
    "down",
    "in",
    "out",
    "on",
    "off",
    "over",
    "under",
    "again",
    "further",
    "then",
    "once",
    "here",
    "there",
    "when",
    "where",
    "why",
    "how",
    "all",
    "any",
    "both",
    "each",
    "few",
    "more",
    "most",
    "other",
    "some",
    "such",
    "no",
    "nor",
    "not",
    "only",
    "own",
    "same",
    "so",
    "than",
    "too",
    "very",
];

/// The words of a corpus that compound words are split into: every word
/// (folded) that also stands alone somewhere, except stop words.
#[derive(Debug, Default)]
pub struct Vocabulary<'a> {
    words: HashSet<&'a str>,
}

impl<'a> Vocabulary<'a> {
    /// A vocabulary of the folded words in `words`.
    pub fn new(words: impl IntoIterator<Item = &'a str>) -> Self {
        Vocabulary {
            words: words
                .into_iter()
                .filter(|w| w.chars().count() >= MIN_PART)
                .collect(),
        }
    }

    fn has(&self, w: &str) -> bool {
        self.words.contains(w)
    }
}

/// The shortest part of a compound, in characters.
const MIN_PART: usize = 3;
/// The shortest word that is tried as a compound.
const MIN_COMPOUND: usize = 8;

/// The parts of a folded compound word that the vocabulary knows:
/// `klusterutveckling` → `kluster`, `utveckling`; `utvecklingsarbete` →
/// `utveckling`, `arbete` (a linking `s` is left out of the part before it).
///
/// The split with the fewest parts wins, then the one with the longest last
/// part (the head of a Swedish or Norwegian compound). A word that cannot
/// be split whole still gives its head when the head is a known word of six
/// letters or more. A word that is not a compound gives nothing.
pub fn compound_parts<'w>(word: &'w str, vocab: &Vocabulary<'_>) -> Vec<&'w str> {
    // Char boundaries, so that slicing works on any text.
    let bounds: Vec<usize> = word
        .char_indices()
        .map(|(i, _)| i)
        .chain(std::iter::once(word.len()))
        .collect();
    let n = bounds.len() - 1;
    if !(MIN_COMPOUND..=40).contains(&n) {
        return Vec::new();
    }
    // best[i]: the fewest parts covering the first i chars, and where the
    // last of them starts (and whether it ends in a linking s).
    let mut best: Vec<Option<(usize, usize, bool)>> = vec![None; n + 1];
    best[0] = Some((0, 0, false));
    for end in MIN_PART..=n {
        for start in 0..=end - MIN_PART {
            let Some((count, _, _)) = best[start] else {
                continue;
            };
            let seg = &word[bounds[start]..bounds[end]];
            let last = end == n;
            let linked = !last
                && seg.len() > MIN_PART
                && seg.ends_with('s')
                && vocab.has(&seg[..seg.len() - 1]);
            if !(vocab.has(seg) || linked) || (start == 0 && last) {
                continue;
            }
            let candidate = (count + 1, start, linked && !vocab.has(seg));
            let better = match best[end] {
                None => true,
                // Fewer parts; for as many, a later start of the last part
                // means a shorter last part, so keep the earlier start.
                Some((c, s, _)) => candidate.0 < c || (candidate.0 == c && start < s),
            };
            if better {
                best[end] = Some(candidate);
            }
        }
    }
    if best[n].is_some() {
        let mut parts = Vec::new();
        let mut end = n;
        while end > 0 {
            let (_, start, linked) = best[end].expect("a split reaches every part's end");
            let stop = if linked { bounds[end] - 1 } else { bounds[end] };
            parts.push(&word[bounds[start]..stop]);
            end = start;
        }
        parts.reverse();
        return parts;
    }
    // No whole split: the longest known head of six letters or more.
    (MIN_PART..=n - 6)
        .map(|start| &word[bounds[start]..])
        .find(|head| vocab.has(head))
        .map(|head| vec![head])
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_runs_of_letters_and_digits() {
        let w: Vec<&str> =
            words("SSSE-klustret i Kalmarregionen (2016–2017), ESCA:s mål!").collect();
        assert_eq!(
            w,
            [
                "SSSE",
                "klustret",
                "Kalmarregionen",
                "2016",
                "2017",
                "ESCA",
                "mål"
            ]
        );
        // One-letter words are left out; so are very long runs.
        assert_eq!(words("a b cd").collect::<Vec<_>>(), ["cd"]);
        assert_eq!(words(&"x".repeat(41)).count(), 0);
        assert_eq!(
            words("Økonomi og næring").collect::<Vec<_>>(),
            ["Økonomi", "og", "næring"]
        );
    }

    #[test]
    fn folding_drops_nordic_and_other_accents() {
        assert_eq!(fold("Hållbarhet"), "hallbarhet");
        assert_eq!(fold("Økonomi"), "okonomi");
        assert_eq!(fold("Rumänien"), "rumanien");
        assert_eq!(fold("Næringsliv"), "naringsliv");
        assert_eq!(fold("Övre"), "ovre");
        assert_eq!(fold("Café"), "cafe");
        assert_eq!(fold("Straße"), "strasse");
        // A decomposed å (a + combining ring) folds like the composed one.
        assert_eq!(fold("ha\u{30a}llbar"), "hallbar");
        assert_eq!(fold("ΟΔΟΣ"), "οδοσ");
    }

    #[test]
    fn languages_have_their_stemmers() {
        assert_eq!(Stemmer::for_lang("sv"), Stemmer::Swedish);
        assert_eq!(Stemmer::for_lang("nb"), Stemmer::Norwegian);
        assert_eq!(Stemmer::for_lang("no"), Stemmer::Norwegian);
        assert_eq!(Stemmer::for_lang("nn"), Stemmer::Norwegian);
        assert_eq!(Stemmer::for_lang("en-GB"), Stemmer::English);
        assert_eq!(Stemmer::for_lang("fi"), Stemmer::None);
    }

    fn stem(lang: &str, word: &str) -> String {
        Stemmer::for_lang(lang).stem(&fold(word))
    }

    #[test]
    fn swedish_words_stem_to_one_term() {
        assert_eq!(stem("sv", "hållbarhet"), "hallbar");
        assert_eq!(stem("sv", "hållbarheten"), "hallbar");
        assert_eq!(stem("sv", "hallbarhet"), stem("sv", "hållbarhet"));
        assert_eq!(stem("sv", "klustret"), stem("sv", "klustrets"));
        assert_eq!(stem("sv", "styrgruppen"), stem("sv", "styrgrupp"));
        assert_eq!(stem("sv", "ekonomier"), stem("sv", "ekonomi"));
        assert_eq!(stem("sv", "Kalmarregionen"), "kalmarregion");
        assert_eq!(stem("sv", "processledare"), stem("sv", "processledaren"));
    }

    #[test]
    fn norwegian_words_stem_to_one_term() {
        assert_eq!(stem("nb", "økonomi"), "okonomi");
        assert_eq!(stem("nb", "okonomien"), stem("nb", "økonomi"));
        assert_eq!(stem("nb", "styringsgruppe"), stem("nb", "styringsgruppen"));
        assert_eq!(stem("nb", "klyngene"), stem("nb", "klynger"));
        assert_eq!(stem("nb", "prosjektlederen"), stem("nb", "prosjektledere"));
        assert_eq!(stem("nb", "fasilitatoren"), "fasilitator");
    }

    #[test]
    fn english_words_stem_to_one_term() {
        assert_eq!(stem("en", "organisations"), stem("en", "organisation"));
        assert_eq!(stem("en", "clusters"), "cluster");
        assert_eq!(stem("en", "running"), "run");
        assert_eq!(stem("en", "sustainability"), "sustain");
        assert_eq!(stem("en", "generously"), "generous");
    }

    /// The word list the browser's stemmers are checked against too
    /// (`tests/browser/search.test.mjs`): both must give these stems.
    #[test]
    fn stems_agree_with_the_shared_word_list() {
        let list = include_str!("../../tests/fixtures/search/stems.tsv");
        let mut checked = 0;
        for line in list.lines().filter(|l| !l.starts_with('#')) {
            let cols: Vec<&str> = line.split('\t').collect();
            assert_eq!(cols.len(), 4, "{line}");
            for (stemmer, want) in [
                (Stemmer::Swedish, cols[1]),
                (Stemmer::Norwegian, cols[2]),
                (Stemmer::English, cols[3]),
            ] {
                assert_eq!(stemmer.stem(cols[0]), want, "{stemmer:?} {}", cols[0]);
                checked += 1;
            }
        }
        assert!(checked > 1000);
    }

    #[test]
    fn only_plain_words_are_stemmed() {
        assert_eq!(Stemmer::Swedish.stem("οδοσ"), "οδοσ");
        assert_eq!(Stemmer::None.stem("klustret"), "klustret");
    }

    #[test]
    fn stop_words_are_per_language() {
        assert!(Stemmer::Swedish.stop_words().contains(&"och"));
        assert!(Stemmer::Norwegian.stop_words().contains(&"og"));
        assert!(Stemmer::English.stop_words().contains(&"the"));
        assert!(!Stemmer::English.stop_words().contains(&"och"));
    }

    fn vocab(words: &[&'static str]) -> Vocabulary<'static> {
        Vocabulary::new(words.iter().copied())
    }

    #[test]
    fn swedish_compounds_split_into_known_words() {
        let v = vocab(&[
            "kluster",
            "utveckling",
            "arbete",
            "kalmar",
            "regionen",
            "process",
            "ledare",
        ]);
        assert_eq!(
            compound_parts("klusterutveckling", &v),
            ["kluster", "utveckling"]
        );
        assert_eq!(
            compound_parts("utvecklingsarbete", &v),
            ["utveckling", "arbete"]
        );
        assert_eq!(compound_parts("kalmarregionen", &v), ["kalmar", "regionen"]);
        assert_eq!(
            compound_parts("klusterprocessledare", &v),
            ["kluster", "process", "ledare"]
        );
        // Not a compound of known words: nothing.
        assert!(compound_parts("kommunikation", &v).is_empty());
        // Short words are never split.
        assert!(compound_parts("kluster", &v).is_empty());
    }

    #[test]
    fn norwegian_compounds_split_into_known_words() {
        let v = vocab(&["styring", "gruppe", "prosjekt", "leder", "klynge"]);
        assert_eq!(compound_parts("styringsgruppe", &v), ["styring", "gruppe"]);
        assert_eq!(compound_parts("prosjektleder", &v), ["prosjekt", "leder"]);
        assert_eq!(compound_parts("klyngeprosjekt", &v), ["klynge", "prosjekt"]);
    }

    #[test]
    fn an_unsplittable_word_still_gives_its_known_head() {
        let v = vocab(&["utveckling"]);
        assert_eq!(compound_parts("klusterutveckling", &v), ["utveckling"]);
        // Heads shorter than six letters are too likely to be chance.
        let v = vocab(&["arbete"]);
        assert_eq!(compound_parts("xyzqarbete", &v), ["arbete"]);
        let v = vocab(&["bete"]);
        assert!(compound_parts("xyzqarbete", &v).is_empty());
    }
}
