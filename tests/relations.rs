//! Relations visible from both ends: one related section on the pages they belong to,
//! glossary links where they should be and nowhere else, facet and tag
//! pages that list exactly the right entries, previous/next and breadcrumbs.

mod common;

use common::*;

#[test]
fn a_phase_page_lists_everything_that_names_it_grouped_by_kind() {
    let (_tmp, dist) = build_fixture("basic");
    let pilot = page(&dist, "phases/pilot/index.html");
    assert_eq!(
        texts(&pilot, ".related h3"),
        ["Roller 1", "Fall 2", "Föredrag 1", "Resurser 1"]
    );
    let links = hrefs(&pilot, ".related a");
    assert_eq!(
        links,
        [
            "../../roles/ledare/index.html",
            "../../cases/alfa/index.html",
            "../../cases/beta/index.html",
            "../../talks/tal/index.html",
            "../../resources/rapport/index.html",
        ]
    );
    // The start phase is named only by Beta.
    let start = page(&dist, "phases/start/index.html");
    assert_eq!(hrefs(&start, ".related a"), ["../../cases/beta/index.html"]);
}

#[test]
fn a_role_page_lists_the_cases_and_talks_that_name_it() {
    let (_tmp, dist) = build_fixture("basic");
    let role = page(&dist, "roles/ledare/index.html");
    assert_eq!(
        hrefs(&role, ".related a"),
        ["../../cases/alfa/index.html", "../../talks/tal/index.html"]
    );
    assert_eq!(hrefs(&role, ".facts a"), ["../../phases/pilot/index.html"]);
}

#[test]
fn a_case_shows_its_phases_roles_and_related_and_is_referenced_back() {
    let (_tmp, dist) = build_fixture("basic");
    let alfa = page(&dist, "cases/alfa/index.html");
    assert_eq!(
        hrefs(&alfa, ".facts a"),
        [
            "../../cases/country/se/index.html",
            "../../cases/region/skane/index.html",
            "../../phases/pilot/index.html",
            "../../roles/ledare/index.html",
        ]
    );
    assert_eq!(hrefs(&alfa, ".related a"), ["../../talks/tal/index.html"]);
    let talk = page(&dist, "talks/tal/index.html");
    assert_eq!(hrefs(&talk, ".related a"), ["../../cases/alfa/index.html"]);
    let nce = page(&dist, "terms/nce/index.html");
    assert_eq!(
        hrefs(&nce, ".related a"),
        ["../../terms/kluster/index.html"]
    );
}

#[test]
fn the_first_use_of_a_term_links_to_the_glossary_and_nothing_else_does() {
    let (_tmp, dist) = build_fixture("basic");
    let alfa = page(&dist, "cases/alfa/index.html");
    let to_kluster: Vec<_> = hrefs(&alfa, ".body a")
        .into_iter()
        .filter(|h| h.contains("terms/kluster"))
        .collect();
    assert_eq!(to_kluster.len(), 1, "one link per term and page");
    assert_eq!(
        texts(&alfa, ".body a[href*='terms/kluster']"),
        ["kluster"],
        "the first use, in running text"
    );
    let sel = scraper::Selector::parse(".body a[href*='terms/kluster']").unwrap();
    let link = alfa.select(&sel).next().unwrap();
    assert_eq!(
        link.value().attr("title"),
        Some("En geografisk koncentration av företag och organisationer.")
    );
    // Not in headings or code.
    assert!(hrefs(&alfa, ".body h2 a").is_empty());
    assert!(hrefs(&alfa, ".body code a").is_empty());
    // A term never links to its own page, but to other terms.
    let kluster = page(&dist, "terms/kluster/index.html");
    assert!(
        !hrefs(&kluster, ".body a")
            .iter()
            .any(|h| h.contains("terms/kluster"))
    );
    let beta = page(&dist, "cases/beta/index.html");
    assert!(hrefs(&beta, ".body a").contains(&"../../terms/nce/index.html".to_string()));
    // English pages link the English-language glossary (here the Swedish
    // term, untranslated, under its English alias "cluster").
    let en = page(&dist, "en/phases/pilot/index.html");
    assert_eq!(
        hrefs(&en, ".body a"),
        ["../../../terms/kluster/index.html"],
        "the alias `cluster` in English text links the term"
    );
}

#[test]
fn facet_and_tag_pages_list_exactly_the_right_entries() {
    let (_tmp, dist) = build_fixture("basic");
    let se = page(&dist, "cases/country/se/index.html");
    assert_eq!(
        hrefs(&se, "main .cards a"),
        ["../../../cases/alfa/index.html"]
    );
    let no = page(&dist, "cases/country/no/index.html");
    assert_eq!(
        hrefs(&no, "main .cards a"),
        ["../../../cases/beta/index.html"]
    );
    let agder = page(&dist, "cases/region/agder/index.html");
    assert_eq!(
        hrefs(&agder, "main .cards a"),
        ["../../../cases/beta/index.html"]
    );
    let fin = page(&dist, "tags/finansiering/index.html");
    assert_eq!(
        hrefs(&fin, "main .links a"),
        ["../../cases/alfa/index.html", "../../cases/beta/index.html"]
    );
    let org = page(&dist, "tags/organisering/index.html");
    assert_eq!(
        hrefs(&org, "main .links a"),
        [
            "../../phases/pilot/index.html",
            "../../cases/alfa/index.html"
        ]
    );
    let tags = page(&dist, "tags/index.html");
    assert_eq!(
        texts(&tags, ".chips a"),
        ["finansiering 2", "organisering 2"]
    );
    // The cases index offers the facets with counts, and cases by phase.
    let cases = page(&dist, "cases/index.html");
    // Countries by name in the page's language, not by code.
    assert_eq!(
        texts(&cases, "#facet-country + .chips a"),
        ["Norge 1", "Sverige 1"]
    );
    assert_eq!(texts(&cases, "#facet-phase ~ h3"), ["Start", "Pilot"]);
}

#[test]
fn the_phases_index_shows_the_model_at_a_glance() {
    let (_tmp, dist) = build_fixture("basic");
    let idx = page(&dist, "phases/index.html");
    assert_eq!(texts(&idx, ".overview-table tbody th"), ["Start", "Pilot"]);
    let pilot_row = texts(&idx, ".overview-table tbody tr:nth-child(2) td");
    assert_eq!(pilot_row, ["Processledare", "Alfa, Beta", "Ett föredrag"]);
}

#[test]
fn phases_link_previous_and_next_and_every_entry_has_breadcrumbs() {
    let (_tmp, dist) = build_fixture("basic");
    let start = page(&dist, "phases/start/index.html");
    assert_eq!(
        hrefs(&start, ".prevnext a[rel=next]"),
        ["../../phases/pilot/index.html"]
    );
    assert!(hrefs(&start, ".prevnext a[rel=prev]").is_empty());
    let pilot = page(&dist, "phases/pilot/index.html");
    assert_eq!(
        hrefs(&pilot, ".prevnext a[rel=prev]"),
        ["../../phases/start/index.html"]
    );
    assert_eq!(
        texts(&pilot, ".breadcrumbs li"),
        ["Start", "Faser", "Pilot"],
        "home, kind, page"
    );
    let en = page(&dist, "en/phases/pilot/index.html");
    assert_eq!(
        texts(&en, ".breadcrumbs li"),
        ["Home", "Phases", "Pilot phase"]
    );
}

#[test]
fn a_translation_links_to_its_original_and_back() {
    let (_tmp, dist) = build_fixture("basic");
    let sv = page(&dist, "phases/pilot/index.html");
    assert_eq!(
        hrefs(&sv, ".translations a"),
        ["../../en/phases/pilot/index.html"]
    );
    let en = page(&dist, "en/phases/pilot/index.html");
    assert_eq!(
        hrefs(&en, ".translations a"),
        ["../../../phases/pilot/index.html"]
    );
    assert_eq!(
        texts(&en, "html").len(),
        1,
        "the page parses as one document"
    );
    let sel = scraper::Selector::parse("html").unwrap();
    assert_eq!(
        en.select(&sel).next().unwrap().value().attr("lang"),
        Some("en")
    );
    assert_eq!(
        sv.select(&sel).next().unwrap().value().attr("lang"),
        Some("sv")
    );
}
