//! The compact text encoding of the search index.
//!
//! The index is read by a script from plain JavaScript files, so it is
//! written as characters that need no escaping inside a JSON string:
//!
//! - **numbers** as variable-length base-32 digits: every digit but the
//!   last is one of [`MORE`], the last one of [`LAST`], most significant
//!   first (`0` → `0`, `31` → `v`, `32` → `B0`);
//! - **posting lists** (which documents a term is found in, and how
//!   strongly) as groups: a [`CLASSES`] character for the strength, then
//!   the documents of that strength as gaps (`doc - previous - 1`,
//!   previous starting at -1);
//! - **terms** of a chunk front-coded: each entry is one [`PREFIX`]
//!   character (how many characters it shares with the term before), the
//!   rest of the term, its posting groups, and a space before the next.
//!
//! Terms are made only of letters and digits (see [`super::analyze`]), so
//! none of these characters can be mistaken for a term's.

/// Digits that end a number (values 0–31).
pub const LAST: &str = "0123456789abcdefghijklmnopqrstuv";
/// Digits that are followed by more digits (values 0–31).
pub const MORE: &str = "ABCDEFGHIJKLMNOPQRSTUVWXYZwxyz_$";
/// Strength classes 0–15 (weakest first).
pub const CLASSES: &str = "!#%&'()*+,-./:;<";
/// Shared-prefix lengths 0–35.
pub const PREFIX: &str = "0123456789abcdefghijklmnopqrstuvwxyz";

/// Appends `n` as base-32 digits.
pub fn push_number(out: &mut String, n: u64) {
    let mut digits = [0u8; 13];
    let mut len = 0;
    let mut n = n;
    loop {
        digits[len] = (n & 31) as u8;
        len += 1;
        n >>= 5;
        if n == 0 {
            break;
        }
    }
    for i in (0..len).rev() {
        let table = if i == 0 { LAST } else { MORE };
        out.push(table.as_bytes()[digits[i] as usize] as char);
    }
}

/// Appends a list of increasing numbers as gaps.
pub fn push_ascending(out: &mut String, items: impl IntoIterator<Item = u32>) {
    let mut prev: i64 = -1;
    for d in items {
        push_number(out, (d as i64 - prev - 1) as u64);
        prev = d as i64;
    }
}

/// Appends the posting groups of a term: `postings` are (document,
/// class), sorted by document.
pub fn push_postings(out: &mut String, postings: &[(u32, u8)]) {
    for class in (0..CLASSES.len() as u8).rev() {
        let docs = postings.iter().filter(|p| p.1 == class).map(|p| p.0);
        let mut group = docs.peekable();
        if group.peek().is_none() {
            continue;
        }
        out.push(CLASSES.as_bytes()[class as usize] as char);
        push_ascending(out, group);
    }
}

/// How many leading characters two terms share, at most 35.
pub fn shared_prefix(a: &str, b: &str) -> usize {
    a.chars()
        .zip(b.chars())
        .take_while(|(x, y)| x == y)
        .count()
        .min(PREFIX.len() - 1)
}

/// Appends a term after `previous`, front-coded.
pub fn push_term(out: &mut String, previous: &str, term: &str) {
    let shared = shared_prefix(previous, term);
    out.push(PREFIX.as_bytes()[shared] as char);
    out.extend(term.chars().skip(shared));
}

/// Standard base64 (with padding), for the compressed text of a document.
pub fn base64(bytes: &[u8]) -> String {
    const T: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for c in bytes.chunks(3) {
        let n = (c[0] as u32) << 16
            | (*c.get(1).unwrap_or(&0) as u32) << 8
            | *c.get(2).unwrap_or(&0) as u32;
        out.push(T[(n >> 18) as usize & 63] as char);
        out.push(T[(n >> 12) as usize & 63] as char);
        out.push(if c.len() > 1 {
            T[(n >> 6) as usize & 63] as char
        } else {
            '='
        });
        out.push(if c.len() > 2 {
            T[n as usize & 63] as char
        } else {
            '='
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn number(n: u64) -> String {
        let mut s = String::new();
        push_number(&mut s, n);
        s
    }

    #[test]
    fn numbers_are_base32_with_a_distinct_last_digit() {
        assert_eq!(number(0), "0");
        assert_eq!(number(31), "v");
        assert_eq!(number(32), "B0");
        assert_eq!(number(1023), "$v");
        assert_eq!(number(1024), "BA0");
        assert_eq!(LAST.len(), 32);
        assert_eq!(MORE.len(), 32);
    }

    #[test]
    fn postings_are_grouped_by_class_strongest_first() {
        let mut s = String::new();
        push_postings(&mut s, &[(0, 0), (3, 15), (4, 0), (40, 15)]);
        // class 15 `<`: 3 → 3, 40 → gap 36 = "B4"; class 0 `!`: 0, 4 → gap 3.
        assert_eq!(s, "<3B4!03");
    }

    #[test]
    fn terms_are_front_coded() {
        let mut s = String::new();
        push_term(&mut s, "", "kluster");
        push_term(&mut s, "kluster", "klustr");
        assert_eq!(s, "0kluster5r");
    }

    #[test]
    fn no_encoding_character_needs_escaping_or_is_alphanumeric_twice() {
        for c in CLASSES.chars() {
            assert!(!c.is_alphanumeric() && c != '"' && c != '\\' && c != ' ');
            assert!(!MORE.contains(c) && !LAST.contains(c));
        }
        for c in MORE.chars() {
            assert!(!LAST.contains(c) && c != '"' && c != '\\');
        }
    }

    #[test]
    fn base64_matches_the_standard() {
        assert_eq!(base64(b""), "");
        assert_eq!(base64(b"f"), "Zg==");
        assert_eq!(base64(b"fo"), "Zm8=");
        assert_eq!(base64(b"foo"), "Zm9v");
        assert_eq!(base64("hå".as_bytes()), "aMOl");
    }
}
