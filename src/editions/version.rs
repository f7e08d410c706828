//! Edition labels: calendar editions `YYYY.N` (`2026.1`, the N-th edition
//! of 2026) or semantic versions (`1.2.0`, read by the `semver` crate).
//!
//! In: the text an editor or `versions.yaml` gives. Out: a [`Version`] that
//! orders editions, or a sentence saying what a valid label looks like.

use std::cmp::Ordering;
use std::fmt;

/// A valid edition label.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Version {
    /// `YYYY.N`: the year and the edition's number within it (from 1).
    Calendar {
        /// The year, four digits.
        year: u32,
        /// The number within the year, from 1.
        number: u32,
    },
    /// A semantic version (`1.2.0`, `2.0.0-rc.1`).
    Semantic(semver::Version),
}

/// What a valid label looks like, for messages.
pub const VERSION_FORMS: &str = "`YYYY.N` (as `2026.1`) or a semantic version (as `1.2.0`)";

/// Labels that name something else in the built site and so cannot be an
/// edition's: the newest edition's folder and the working content's.
pub const RESERVED: [&str; 2] = ["latest", "next"];

impl Version {
    /// Reads `text` as an edition label.
    pub fn parse(text: &str) -> Result<Version, String> {
        let t = text.trim();
        if t != text || t.is_empty() {
            return Err(format!(
                "`{text}` is not an edition label: use {VERSION_FORMS}"
            ));
        }
        if let Some((y, n)) = t.split_once('.')
            && y.len() == 4
            && y.bytes().all(|b| b.is_ascii_digit())
            && !n.contains('.')
        {
            let year: u32 = y.parse().unwrap_or(0);
            return match n.parse::<u32>() {
                Ok(number) if number >= 1 && !n.starts_with('0') && year >= 1000 => {
                    Ok(Version::Calendar { year, number })
                }
                _ => Err(format!(
                    "`{text}` is not an edition label: after the year comes the edition's number, from 1 without leading zeros (as `{y}.1`)"
                )),
            };
        }
        match semver::Version::parse(t) {
            Ok(v) if v.build.is_empty() => Ok(Version::Semantic(v)),
            Ok(_) => Err(format!(
                "`{text}` has build metadata (`+…`), which does not order editions: use {VERSION_FORMS}"
            )),
            Err(_) => Err(format!(
                "`{text}` is not an edition label: use {VERSION_FORMS}"
            )),
        }
    }

    /// Whether `self` and `other` are of the same form (calendar or
    /// semantic): a handbook's editions use one form, so that they order.
    pub fn same_form(&self, other: &Version) -> bool {
        matches!(
            (self, other),
            (Version::Calendar { .. }, Version::Calendar { .. })
                | (Version::Semantic(_), Version::Semantic(_))
        )
    }
}

impl Ord for Version {
    fn cmp(&self, other: &Self) -> Ordering {
        match (self, other) {
            (
                Version::Calendar { year, number },
                Version::Calendar {
                    year: y2,
                    number: n2,
                },
            ) => (year, number).cmp(&(y2, n2)),
            (Version::Semantic(a), Version::Semantic(b)) => a.cmp(b),
            // Never compared in a valid handbook (one form only); a fixed
            // order keeps sorting total.
            (Version::Calendar { .. }, Version::Semantic(_)) => Ordering::Less,
            (Version::Semantic(_), Version::Calendar { .. }) => Ordering::Greater,
        }
    }
}

impl PartialOrd for Version {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl fmt::Display for Version {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Version::Calendar { year, number } => write!(f, "{year}.{number}"),
            Version::Semantic(v) => write!(f, "{v}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(s: &str) -> Version {
        Version::parse(s).unwrap()
    }

    #[test]
    fn calendar_editions_order_by_year_then_number() {
        assert!(v("2026.1") > v("2025.9"));
        assert!(v("2026.10") > v("2026.9"));
        assert_eq!(v("2026.2").to_string(), "2026.2");
    }

    #[test]
    fn semantic_versions_order_as_semver() {
        assert!(v("1.10.0") > v("1.9.3"));
        assert!(v("2.0.0") > v("2.0.0-rc.1"));
    }

    #[test]
    fn malformed_labels_say_what_is_expected() {
        for bad in [
            "",
            " 2026.1",
            "2026",
            "2026.0",
            "2026.01",
            "26.1",
            "2026.1.x",
            "v1.0.0",
            "1.0",
            "latest",
            "2026-1",
            "1.0.0+build",
        ] {
            let e = Version::parse(bad).unwrap_err();
            assert!(e.contains(&format!("`{bad}`")), "{bad}: {e}");
        }
        assert!(
            Version::parse("2026.01")
                .unwrap_err()
                .contains("leading zeros")
        );
    }

    #[test]
    fn forms_do_not_mix() {
        assert!(!v("2026.1").same_form(&v("1.0.0")));
        assert!(v("2026.1").same_form(&v("2027.3")));
    }
}
