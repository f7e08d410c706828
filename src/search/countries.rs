//! Country names for the ISO 3166 codes of case studies (`country: RO`),
//! in Swedish, Norwegian and English: a case is found by the name of its
//! country in any of the three (`Rumänien`, `Romania`), and the search
//! page's country filter shows the name in the reader's language.

/// (code, Swedish, Norwegian, English).
const NAMES: &[(&str, &str, &str, &str)] = &[
    ("AT", "Österrike", "Østerrike", "Austria"),
    (
        "BA",
        "Bosnien och Hercegovina",
        "Bosnia-Hercegovina",
        "Bosnia and Herzegovina",
    ),
    ("BE", "Belgien", "Belgia", "Belgium"),
    ("BG", "Bulgarien", "Bulgaria", "Bulgaria"),
    ("CA", "Kanada", "Canada", "Canada"),
    ("CH", "Schweiz", "Sveits", "Switzerland"),
    ("CN", "Kina", "Kina", "China"),
    ("CY", "Cypern", "Kypros", "Cyprus"),
    ("CZ", "Tjeckien", "Tsjekkia", "Czechia"),
    ("DE", "Tyskland", "Tyskland", "Germany"),
    ("DK", "Danmark", "Danmark", "Denmark"),
    ("EE", "Estland", "Estland", "Estonia"),
    ("ES", "Spanien", "Spania", "Spain"),
    ("FI", "Finland", "Finland", "Finland"),
    ("FO", "Färöarna", "Færøyene", "Faroe Islands"),
    ("FR", "Frankrike", "Frankrike", "France"),
    ("GB", "Storbritannien", "Storbritannia", "United Kingdom"),
    ("GL", "Grönland", "Grønland", "Greenland"),
    ("GR", "Grekland", "Hellas", "Greece"),
    ("HR", "Kroatien", "Kroatia", "Croatia"),
    ("HU", "Ungern", "Ungarn", "Hungary"),
    ("IE", "Irland", "Irland", "Ireland"),
    ("IN", "Indien", "India", "India"),
    ("IS", "Island", "Island", "Iceland"),
    ("IT", "Italien", "Italia", "Italy"),
    ("JP", "Japan", "Japan", "Japan"),
    ("LT", "Litauen", "Litauen", "Lithuania"),
    ("LU", "Luxemburg", "Luxembourg", "Luxembourg"),
    ("LV", "Lettland", "Latvia", "Latvia"),
    ("MD", "Moldavien", "Moldova", "Moldova"),
    ("ME", "Montenegro", "Montenegro", "Montenegro"),
    ("MK", "Nordmakedonien", "Nord-Makedonia", "North Macedonia"),
    ("MT", "Malta", "Malta", "Malta"),
    ("NL", "Nederländerna", "Nederland", "Netherlands"),
    ("NO", "Norge", "Norge", "Norway"),
    ("PL", "Polen", "Polen", "Poland"),
    ("PT", "Portugal", "Portugal", "Portugal"),
    ("RO", "Rumänien", "Romania", "Romania"),
    ("RS", "Serbien", "Serbia", "Serbia"),
    ("SE", "Sverige", "Sverige", "Sweden"),
    ("SI", "Slovenien", "Slovenia", "Slovenia"),
    ("SK", "Slovakien", "Slovakia", "Slovakia"),
    ("TR", "Turkiet", "Tyrkia", "Turkey"),
    ("UA", "Ukraina", "Ukraina", "Ukraine"),
    ("US", "USA", "USA", "United States"),
];

/// The names of the country with `code`, keyed by language: empty for an
/// unknown code.
pub fn names(code: &str) -> Vec<(&'static str, &'static str)> {
    NAMES
        .iter()
        .find(|n| n.0.eq_ignore_ascii_case(code))
        .map(|&(_, sv, nb, en)| vec![("en", en), ("nb", nb), ("sv", sv)])
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_have_names_in_three_languages() {
        assert_eq!(
            names("RO"),
            [("en", "Romania"), ("nb", "Romania"), ("sv", "Rumänien")]
        );
        assert_eq!(names("se")[2], ("sv", "Sverige"));
        assert!(names("XX").is_empty());
    }

    #[test]
    fn the_table_is_sorted_by_code() {
        assert!(NAMES.windows(2).all(|w| w[0].0 < w[1].0));
    }
}
