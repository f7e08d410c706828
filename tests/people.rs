//! People, sources that reference resources, and the questions page, on the
//! `people` fixture: a talk links its speaker's page and keeps a plain name
//! as text, a person's page lists what names them and the phases those
//! speak to, the contacts index groups people by region (or country) and
//! organisation, a source naming a resource links it and the resource lists
//! every entry that cites it, and the questions page gathers every phase's
//! questions in the model's order.

mod common;

use common::*;

#[test]
fn a_talk_links_its_speaker_page_and_keeps_a_plain_name() {
    let (_tmp, dist) = build_fixture("people");
    let talk = page(&dist, "talks/tal/index.html");
    assert_eq!(
        texts(&talk, ".facts dd")[0],
        "Anna Ek, Carl Utan Sida",
        "speakers in the order written"
    );
    let facts = hrefs(&talk, ".facts a");
    assert_eq!(facts[0], "../../people/anna/index.html");
}

#[test]
fn a_person_page_lists_what_names_them_and_the_phases_those_speak_to() {
    let (_tmp, dist) = build_fixture("people");
    let anna = page(&dist, "people/anna/index.html");
    assert_eq!(
        hrefs(&anna, ".related a"),
        [
            "../../talks/tal/index.html",
            "../../resources/rapport/index.html"
        ]
    );
    let facts = hrefs(&anna, ".facts a");
    assert_eq!(
        facts,
        [
            "../../people/organisation/region-skane/index.html",
            "../../people/region/skane/index.html",
            "../../people/country/se/index.html",
            "../../phases/pilot/index.html",
            "https://example.org/anna",
        ]
    );
    assert!(texts(&anna, ".facts dd").contains(&"deltagare i lärprojektet, talare".to_string()));
    let bo = page(&dist, "people/bo/index.html");
    assert_eq!(hrefs(&bo, ".related a"), ["../../cases/fall/index.html"]);
    assert!(hrefs(&bo, ".facts a").contains(&"../../phases/start/index.html".to_string()));
    // The English page of a translated person links the same facets.
    let en = page(&dist, "en/people/bo/index.html");
    assert!(
        hrefs(&en, ".facts a").contains(&"../../../en/people/country/no/index.html".to_string())
    );
}

#[test]
fn the_contacts_index_groups_people_by_region_or_country_and_organisation() {
    let (_tmp, dist) = build_fixture("people");
    let index = page(&dist, "people/index.html");
    assert_eq!(texts(&index, "h1"), ["Kontakter"]);
    assert_eq!(texts(&index, ".contacts h2"), ["Skåne", "Norge"]);
    assert_eq!(
        texts(&index, ".contacts h3"),
        ["Region Skåne", "Klyngeverket"]
    );
    assert_eq!(
        hrefs(&index, ".contacts h2 a"),
        [
            "../people/region/skane/index.html",
            "../people/country/no/index.html"
        ]
    );
    assert_eq!(
        hrefs(&index, ".contacts li a"),
        ["../people/anna/index.html", "../people/bo/index.html"]
    );
    let skane = page(&dist, "people/region/skane/index.html");
    assert_eq!(
        hrefs(&skane, ".cards a"),
        ["../../../people/anna/index.html"]
    );
    let home = page(&dist, "index.html");
    assert!(hrefs(&home, ".kind-card a").contains(&"people/index.html".to_string()));
}

#[test]
fn a_source_that_names_a_resource_links_it_and_the_resource_lists_its_citers() {
    let (_tmp, dist) = build_fixture("people");
    let talk = page(&dist, "talks/tal/index.html");
    assert_eq!(
        hrefs(&talk, ".sources a"),
        ["../../resources/rapport/index.html"]
    );
    assert_eq!(
        texts(&talk, ".sources li"),
        ["Rapporten om kluster, s. 8"],
        "a source without a title shows the resource's"
    );
    let resource = page(&dist, "resources/rapport/index.html");
    assert_eq!(
        hrefs(&resource, ".cited-by a"),
        [
            "../../phases/start/index.html",
            "../../talks/tal/index.html",
            "../../people/anna/index.html",
        ]
    );
    // A source given by title only stays text.
    let case = page(&dist, "cases/fall/index.html");
    assert!(hrefs(&case, ".sources a").is_empty());
    assert_eq!(texts(&case, ".sources li"), ["Ett norskt bildspel"]);
}

#[test]
fn the_questions_page_lists_every_phase_s_questions_in_the_model_s_order() {
    let (_tmp, dist) = build_fixture("people");
    let q = page(&dist, "questions/index.html");
    assert_eq!(texts(&q, ".questions h2"), ["Start", "Pilot"]);
    assert_eq!(
        texts(&q, ".question"),
        [
            "Var börjar vi?",
            "Vem leder piloten? Se ledaren.",
            "Vad kostar det?"
        ]
    );
    assert_eq!(
        hrefs(&q, ".answer"),
        [
            "../phases/start/index.html#facets",
            "../roles/ledare/index.html",
            "../phases/pilot/index.html#facets",
        ]
    );
    assert_eq!(hrefs(&q, ".question a"), ["../roles/ledare/index.html"]);
    assert_eq!(
        texts(&q, ".answer"),
        ["Svar: Start", "Svar: Ledare", "Svar: Pilot"]
    );
    // In English, a translated phase gives its own questions; an untranslated
    // one its Swedish questions, marked as Swedish.
    let en = page(&dist, "en/questions/index.html");
    assert_eq!(
        texts(&en, ".question"),
        ["Var börjar vi?", "Who leads the pilot?"]
    );
    let sel = scraper::Selector::parse(".question-list").unwrap();
    let langs: Vec<Option<&str>> = en.select(&sel).map(|e| e.value().attr("lang")).collect();
    assert_eq!(langs, [Some("sv"), None]);
}

#[test]
fn people_are_listed_and_searchable() {
    let o = run(&[
        "list",
        "--format",
        "json",
        "--root",
        fixture("people").to_str().unwrap(),
    ]);
    assert!(o.status.success());
    let rows: Vec<serde_json::Value> = serde_json::from_slice(&o.stdout).unwrap();
    let talk = rows.iter().find(|r| r["id"] == "tal").unwrap();
    assert_eq!(
        talk["refs"],
        serde_json::json!([
            "cases/fall",
            "people/anna",
            "phases/pilot",
            "resources/rapport"
        ])
    );
    assert!(
        rows.iter()
            .any(|r| r["kind"] == "person" && r["url"] == "people/anna/index.html")
    );
    let (_tmp, dist) = build_fixture("people");
    let docs: String = read_tree(&dist)
        .into_iter()
        .filter(|(p, _)| p.starts_with("search/d/"))
        .map(|(_, b)| String::from_utf8(b).unwrap())
        .collect();
    assert!(docs.contains(r#""k":"person""#), "{docs}");
    let search = page(&dist, "search/index.html");
    assert!(texts(&search, "#search-kind option").contains(&"Kontakter".to_string()));
}
