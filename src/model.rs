//! The handbook's entries as typed Rust data.
//!
//! In: a [`SourceFile`]. Out: an [`Entry`] — common fields, the fields of its
//! kind ([`Fields`]), and the Markdown body — with every value that a later
//! check may complain about kept with its position ([`Located`]). Checks that
//! need only the one file (required fields, value formats, unknown fields)
//! happen here; checks across files happen in [`crate::resolve`].

use crate::config::{SiteConfig, is_absolute_url};
use crate::diagnostics::{Diagnostic, Pos, did_you_mean};
use crate::frontmatter::{self, FrontMatter, Spanned};
use crate::source::SourceFile;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The kinds of entry of the format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// A phase of the cluster model.
    Phase,
    /// Who does what.
    Role,
    /// A case study.
    Case,
    /// An expert talk or presentation.
    Talk,
    /// A glossary entry.
    Term,
    /// A report, link, film or tool.
    Resource,
    /// A free page.
    Page,
    /// A person the sources name: a participant, speaker, author or contact.
    Person,
}

impl Kind {
    /// Every kind, in the order the site presents them.
    pub const ALL: [Kind; 8] = [
        Kind::Phase,
        Kind::Role,
        Kind::Case,
        Kind::Talk,
        Kind::Term,
        Kind::Resource,
        Kind::Page,
        Kind::Person,
    ];

    /// The kinds with an index in the site's navigation, in its order
    /// (pages are reached through the menu instead).
    pub const NAVIGATION: [Kind; 7] = [
        Kind::Phase,
        Kind::Role,
        Kind::Case,
        Kind::Talk,
        Kind::Person,
        Kind::Term,
        Kind::Resource,
    ];

    /// The singular name (`case`), as used by `clusterbook new`.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Phase => "phase",
            Kind::Role => "role",
            Kind::Case => "case",
            Kind::Talk => "talk",
            Kind::Term => "term",
            Kind::Resource => "resource",
            Kind::Page => "page",
            Kind::Person => "person",
        }
    }

    /// The folder under `content/` and in the site (`cases`).
    pub fn folder(self) -> &'static str {
        match self {
            Kind::Phase => "phases",
            Kind::Role => "roles",
            Kind::Case => "cases",
            Kind::Talk => "talks",
            Kind::Term => "terms",
            Kind::Resource => "resources",
            Kind::Page => "pages",
            Kind::Person => "people",
        }
    }

    /// The kind whose folder is `folder`.
    pub fn from_folder(folder: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.folder() == folder)
    }

    /// The kind called `name` (`case`, or its folder `cases`).
    pub fn from_name(name: &str) -> Option<Kind> {
        Kind::ALL
            .into_iter()
            .find(|k| k.name() == name || k.folder() == name)
    }
}

/// A value with the place in its file where it was written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Located<T> {
    /// The value.
    pub value: T,
    /// Where it stands in the entry's source file.
    #[serde(skip)]
    pub pos: Pos,
}

impl<T> Located<T> {
    fn from_spanned(fm: &FrontMatter, s: Spanned<T>) -> Self
    where
        T: Clone,
    {
        Located {
            pos: fm.pos(&s),
            value: (*s).clone(),
        }
    }
}

/// Where a fact comes from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SourceRef {
    /// The document's title (optional when `resource` names it).
    pub title: Option<Located<String>>,
    /// A link to it.
    pub url: Option<String>,
    /// Pages in it (`11–15`).
    pub pages: Option<String>,
    /// The handbook's resource entry that describes the document
    /// (`resources/<id>`).
    pub resource: Option<Located<String>>,
}

/// A source as written in `sources:`.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct RawSource {
    /// The document's title; may be left out when `resource` names the document.
    #[schemars(with = "Option<String>")]
    title: Option<Spanned<String>>,
    /// A link to it (absolute URL).
    #[schemars(schema_with = "schema_url")]
    url: Option<Spanned<String>>,
    /// Pages in it (`11–15`).
    #[schemars(with = "Option<String>")]
    pages: Option<Spanned<String>>,
    /// The resource entry of this handbook that describes the document,
    /// as `resources/<id>`: the page then links it, and the resource lists
    /// every entry that cites it.
    #[schemars(schema_with = "schema_resource_reference")]
    resource: Option<Spanned<String>>,
}

/// A speaker field: one name or a list. Each name of a list keeps its
/// own position; a single name takes the field's.
#[derive(Debug, Clone, PartialEq, Eq, JsonSchema)]
#[serde(untagged)]
enum OneOrMany {
    One(String),
    Many(#[schemars(with = "Vec<String>")] Vec<Spanned<String>>),
}

impl<'de> Deserialize<'de> for OneOrMany {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = OneOrMany;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a name, `people/<id>`, or a list of them")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<OneOrMany, E> {
                Ok(OneOrMany::One(v.to_string()))
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> Result<OneOrMany, A::Error> {
                let mut v = Vec::new();
                while let Some(s) = seq.next_element::<Spanned<String>>()? {
                    v.push(s);
                }
                Ok(OneOrMany::Many(v))
            }
        }
        d.deserialize_any(V)
    }
}

/// A talk's speaker: a person of the handbook (`people/<id>`) or a name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum Speaker {
    /// `people/<id>`, as written: a person entry.
    Person(Located<String>),
    /// A plain name, for someone without a page.
    Name(String),
}

impl Speaker {
    /// The person id, when the speaker is a person of the handbook.
    pub fn person(&self) -> Option<&Located<String>> {
        match self {
            Speaker::Person(id) => Some(id),
            Speaker::Name(_) => None,
        }
    }
}

/// The prefix that makes a speaker a reference to a person entry.
pub const PERSON_PREFIX: &str = "people/";

/// The fields of a phase.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PhaseFields {
    /// Position in the model (unique).
    pub order: Located<i64>,
    /// What happens in the phase (Markdown lines).
    pub activities: Vec<Located<String>>,
    /// What process support it needs.
    pub support: Vec<Located<String>>,
    /// What results mark its end.
    pub results: Vec<Located<String>>,
    /// What process leadership it needs.
    pub leadership: Vec<Located<String>>,
    /// Key questions of the phase.
    pub questions: Vec<Located<String>>,
}

/// The fields of a role.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RoleFields {
    /// Other names.
    pub aliases: Vec<String>,
    /// Phase ids where the role acts.
    pub phases: Vec<Located<String>>,
    /// What the role is responsible for (Markdown lines).
    pub responsibilities: Vec<Located<String>>,
}

/// The fields of a case study.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CaseFields {
    /// The cluster's name.
    pub cluster: Option<String>,
    /// The region.
    pub region: Option<String>,
    /// ISO 3166 country code.
    pub country: Option<String>,
    /// When (`2006–2013`).
    pub period: Option<String>,
    /// Phase ids.
    pub phases: Vec<Located<String>>,
    /// Role ids.
    pub roles: Vec<Located<String>>,
    /// Organisations involved.
    pub organisations: Vec<String>,
    /// Person ids: the people of the case.
    pub people: Vec<Located<String>>,
    /// Lessons learnt (Markdown lines).
    pub lessons: Vec<Located<String>>,
}

/// The fields of a talk.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TalkFields {
    /// Who spoke: person entries or plain names.
    pub speakers: Vec<Speaker>,
    /// Their organisation.
    pub affiliation: Option<String>,
    /// `YYYY-MM-DD`, `YYYY-MM` or `YYYY`.
    pub date: Option<String>,
    /// Where it was given.
    pub event: Option<String>,
    /// Phase ids.
    pub phases: Vec<Located<String>>,
    /// Role ids.
    pub roles: Vec<Located<String>>,
    /// Main points (Markdown lines).
    pub key_points: Vec<Located<String>>,
    /// A video URL.
    pub video: Option<String>,
    /// A slides URL.
    pub slides: Option<String>,
}

/// The fields of a glossary entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TermFields {
    /// One sentence.
    pub definition: String,
    /// Other spellings and languages.
    pub aliases: Vec<String>,
    /// References (`terms/nce`).
    pub see_also: Vec<Located<String>>,
}

/// The fields of a resource.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ResourceFields {
    /// Where it is.
    pub url: Option<String>,
    /// `report`, `link`, `film`, `tool` or `presentation`.
    #[serde(rename = "type")]
    pub kind: Option<String>,
    /// Year of publication.
    pub year: Option<i64>,
    /// Who published it.
    pub publisher: Option<String>,
    /// Phase ids.
    pub phases: Vec<Located<String>>,
    /// Person ids: its authors or presenters.
    pub people: Vec<Located<String>>,
}

/// The fields of a person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PersonFields {
    /// Where the person worked when the source names them.
    pub organisation: Option<String>,
    /// What they did in the sources: participant, inspirer, speaker, author, contact.
    pub roles: Vec<String>,
    /// The region.
    pub region: Option<String>,
    /// ISO 3166 country code.
    pub country: Option<String>,
    /// Fields of expertise.
    pub expertise: Vec<String>,
    /// A public web address (never an e-mail address or phone number).
    pub url: Option<String>,
}

/// The fields of a free page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PageFields {
    /// Position in the menu.
    pub order: Option<i64>,
}

/// The fields particular to each kind.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum Fields {
    /// A phase's fields.
    Phase(PhaseFields),
    /// A role's fields.
    Role(RoleFields),
    /// A case's fields.
    Case(CaseFields),
    /// A talk's fields.
    Talk(TalkFields),
    /// A term's fields.
    Term(TermFields),
    /// A resource's fields.
    Resource(ResourceFields),
    /// A page's fields.
    Page(PageFields),
    /// A person's fields.
    Person(PersonFields),
}

/// One entry of the handbook in one language, as read from its file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// Its kind.
    pub kind: Kind,
    /// Its id (file name without `.md`).
    pub id: String,
    /// Its language.
    pub lang: String,
    /// The file, relative to the root (`content/cases/x.md`).
    pub source: String,
    /// The name readers see.
    pub title: String,
    /// One or two sentences.
    pub summary: Option<String>,
    /// Topics.
    pub tags: Vec<Located<String>>,
    /// Where the facts come from.
    pub sources: Vec<SourceRef>,
    /// References to entries worth reading next (`cases/processit`).
    pub related: Vec<Located<String>>,
    /// Kept out of a build unless drafts are asked for.
    pub draft: bool,
    /// `YYYY-MM-DD`.
    pub updated: Option<String>,
    /// The fields of its kind.
    pub fields: Fields,
    /// The Markdown text after the front matter (shared with its parse,
    /// [`crate::markdown::parse_shared`]).
    pub body: std::sync::Arc<str>,
    /// The line of the file on which the body starts.
    pub body_line: usize,
    /// The fields written in the file's front matter, with where each
    /// name stands, in file order.
    pub keys: Vec<(String, Pos)>,
    /// The fields a translation took from its main-language file because
    /// it left them out (see [`crate::i18n::inherit`]).
    pub inherited: Vec<&'static str>,
    /// `translation_of:`, the version of the main-language file a
    /// translation translates (see [`crate::i18n::status`]).
    pub translation_of: Option<Located<String>>,
    /// The version of this file's text (see
    /// [`crate::i18n::status::text_hash`]).
    pub text_hash: String,
    /// Where the value of each top-level field of the front matter starts,
    /// for checks in later stages about a field as a whole (`phases: []`,
    /// a `region` too long for a file name).
    pub field_positions: Vec<(String, Pos)>,
}

impl Entry {
    /// Where the value of the front-matter field `name` starts, if the
    /// field is written.
    pub fn field_pos(&self, name: &str) -> Option<Pos> {
        self.field_positions
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, p)| *p)
    }

    /// The phase ids this entry names (`phases:`), if its kind has them.
    pub fn phase_refs(&self) -> &[Located<String>] {
        match &self.fields {
            Fields::Role(f) => &f.phases,
            Fields::Case(f) => &f.phases,
            Fields::Talk(f) => &f.phases,
            Fields::Resource(f) => &f.phases,
            _ => &[],
        }
    }

    /// The person ids this entry names (`people:`, or a talk's speakers
    /// written `people/<id>`), if its kind has them.
    pub fn person_refs(&self) -> Vec<&Located<String>> {
        match &self.fields {
            Fields::Case(f) => f.people.iter().collect(),
            Fields::Resource(f) => f.people.iter().collect(),
            Fields::Talk(f) => f.speakers.iter().filter_map(Speaker::person).collect(),
            _ => Vec::new(),
        }
    }

    /// The role ids this entry names (`roles:`), if its kind has them.
    pub fn role_refs(&self) -> &[Located<String>] {
        match &self.fields {
            Fields::Case(f) => &f.roles,
            Fields::Talk(f) => &f.roles,
            _ => &[],
        }
    }

    /// The references in `see_also:`, for terms.
    pub fn see_also_refs(&self) -> &[Located<String>] {
        match &self.fields {
            Fields::Term(f) => &f.see_also,
            _ => &[],
        }
    }

    /// Aliases (roles and terms).
    pub fn aliases(&self) -> &[String] {
        match &self.fields {
            Fields::Role(f) => &f.aliases,
            Fields::Term(f) => &f.aliases,
            _ => &[],
        }
    }

    /// The phase order, for phases.
    pub fn order(&self) -> Option<i64> {
        match &self.fields {
            Fields::Phase(f) => Some(f.order.value),
            Fields::Page(f) => f.order,
            _ => None,
        }
    }

    /// The Markdown lines of the front matter (facets, lessons, key points…),
    /// each with the name of its field.
    pub fn markdown_lines(&self) -> Vec<(&'static str, &[Located<String>])> {
        match &self.fields {
            Fields::Phase(f) => vec![
                ("activities", &f.activities[..]),
                ("support", &f.support[..]),
                ("results", &f.results[..]),
                ("leadership", &f.leadership[..]),
                ("questions", &f.questions[..]),
            ],
            Fields::Role(f) => vec![("responsibilities", &f.responsibilities[..])],
            Fields::Case(f) => vec![("lessons", &f.lessons[..])],
            Fields::Talk(f) => vec![("key_points", &f.key_points[..])],
            _ => vec![],
        }
    }
}

// The raw front matter of each kind, as written. Every field is optional
// here; what is required is checked (and reported) by `parse_entry`, and
// listed by `required_fields`. The `///` lines are the field descriptions
// editors see through `clusterbook schema`.

#[derive(Deserialize, JsonSchema)]
struct RawCommon {
    /// The entry's name as readers see it.
    #[schemars(with = "Option<String>")]
    title: Option<Spanned<String>>,
    /// One or two sentences, shown in lists and search results.
    #[schemars(with = "Option<String>")]
    summary: Option<Spanned<String>>,
    /// Topics, free words; each tag gets a page.
    #[schemars(with = "Option<Vec<String>>")]
    tags: Option<Vec<Spanned<String>>>,
    /// Where the facts come from: a title, or a resource of the handbook
    /// (`resource: resources/<id>`), with pages.
    sources: Option<Vec<RawSource>>,
    /// Other entries worth reading next, as `<kind>/<id>` (`cases/processit`).
    #[schemars(schema_with = "schema_references")]
    related: Option<Vec<Spanned<String>>>,
    /// `true` keeps the entry out of a build unless drafts are asked for.
    draft: Option<bool>,
    /// When the entry was last changed, `YYYY-MM-DD`.
    #[schemars(schema_with = "schema_date")]
    updated: Option<Spanned<String>>,
    /// In a translation: the version of the main-language file it
    /// translates, as `clusterbook translate-status --update` writes it.
    #[schemars(with = "Option<String>")]
    translation_of: Option<Spanned<String>>,
}

type Lines = Option<Vec<Spanned<String>>>;

#[derive(Deserialize, JsonSchema)]
struct RawPhase {
    /// The phase's position in the model; unique.
    #[schemars(with = "Option<i64>")]
    order: Option<Spanned<i64>>,
    /// What happens in the phase: activities and homework (Markdown lines).
    #[schemars(with = "Option<Vec<String>>")]
    activities: Lines,
    /// What process support the phase needs (Markdown lines).
    #[schemars(with = "Option<Vec<String>>")]
    support: Lines,
    /// What results mark the phase's end (Markdown lines).
    #[schemars(with = "Option<Vec<String>>")]
    results: Lines,
    /// What process leadership the phase needs (Markdown lines).
    #[schemars(with = "Option<Vec<String>>")]
    leadership: Lines,
    /// The key questions of the phase (Markdown lines).
    #[schemars(with = "Option<Vec<String>>")]
    questions: Lines,
}

#[derive(Deserialize, JsonSchema)]
struct RawRole {
    /// Other names, in any language: klusterledare, fasilitator, prosjektleder.
    aliases: Option<Vec<String>>,
    /// Ids of the phases where the role acts.
    #[schemars(schema_with = "schema_ids")]
    phases: Lines,
    /// What the role is responsible for (Markdown lines).
    #[schemars(with = "Option<Vec<String>>")]
    responsibilities: Lines,
}

#[derive(Deserialize, JsonSchema)]
struct RawCase {
    /// The cluster's name.
    cluster: Option<String>,
    /// The region.
    region: Option<String>,
    /// ISO 3166 country code: SE, NO, DK, RO, BG, ...
    #[schemars(schema_with = "schema_country")]
    country: Option<Spanned<String>>,
    /// When, e.g. `2006–2013`.
    period: Option<String>,
    /// Ids of the phases the case shows.
    #[schemars(schema_with = "schema_ids")]
    phases: Lines,
    /// Ids of the roles the case shows.
    #[schemars(schema_with = "schema_ids")]
    roles: Lines,
    /// Organisations involved.
    organisations: Option<Vec<String>>,
    /// Ids of the people of the case (`content/people/<id>.md`).
    #[schemars(schema_with = "schema_ids")]
    people: Lines,
    /// Lessons learnt (Markdown lines).
    #[schemars(with = "Option<Vec<String>>")]
    lessons: Lines,
}

#[derive(Deserialize, JsonSchema)]
struct RawTalk {
    /// Who spoke: one or a list; `people/<id>` names a person of the
    /// handbook, anything else is a plain name.
    #[schemars(with = "Option<OneOrMany>")]
    speaker: Option<Spanned<OneOrMany>>,
    /// The speaker's organisation.
    affiliation: Option<String>,
    /// `YYYY-MM-DD`, `YYYY-MM` or `YYYY`, as precise as the source gives.
    #[schemars(schema_with = "schema_talk_date")]
    date: Option<Spanned<String>>,
    /// Where the talk was given.
    event: Option<String>,
    /// Ids of the phases the talk is about.
    #[schemars(schema_with = "schema_ids")]
    phases: Lines,
    /// Ids of the roles the talk is about.
    #[schemars(schema_with = "schema_ids")]
    roles: Lines,
    /// The talk's main points (Markdown lines).
    #[schemars(with = "Option<Vec<String>>")]
    key_points: Lines,
    /// A video of the talk (absolute URL).
    #[schemars(schema_with = "schema_url")]
    video: Option<Spanned<String>>,
    /// The slides (absolute URL).
    #[schemars(schema_with = "schema_url")]
    slides: Option<Spanned<String>>,
}

#[derive(Deserialize, JsonSchema)]
struct RawTerm {
    /// One sentence that defines the term.
    #[schemars(with = "Option<String>")]
    definition: Option<Spanned<String>>,
    /// Other spellings and languages: klynge, cluster. Linked in text too.
    aliases: Option<Vec<String>>,
    /// Related entries, as `<kind>/<id>` (`terms/nce`).
    #[schemars(schema_with = "schema_references")]
    see_also: Lines,
}

#[derive(Deserialize, JsonSchema)]
struct RawResource {
    /// Where the resource is (absolute URL).
    #[schemars(schema_with = "schema_url")]
    url: Option<Spanned<String>>,
    /// What kind of resource it is.
    #[serde(rename = "type")]
    #[schemars(schema_with = "schema_resource_type")]
    kind: Option<Spanned<String>>,
    /// Year of publication.
    #[schemars(with = "Option<i64>")]
    year: Option<Spanned<i64>>,
    /// Who published it.
    publisher: Option<String>,
    /// Ids of the phases it is about.
    #[schemars(schema_with = "schema_ids")]
    phases: Lines,
    /// Ids of its authors or presenters (`content/people/<id>.md`).
    #[schemars(schema_with = "schema_ids")]
    people: Lines,
}

#[derive(Deserialize, JsonSchema)]
struct RawPerson {
    /// The organisation the person worked for when the source names them.
    organisation: Option<String>,
    /// What the person did in the sources: participant, inspirer, speaker, author, contact.
    #[schemars(schema_with = "schema_person_roles")]
    roles: Lines,
    /// The region (Skåne, Västernorrland, Agder).
    region: Option<String>,
    /// ISO 3166 country code: SE, NO, ...
    #[schemars(schema_with = "schema_country")]
    country: Option<Spanned<String>>,
    /// Fields of expertise, free words.
    expertise: Option<Vec<String>>,
    /// A public web address a source gives (absolute URL); never an e-mail address or phone number.
    #[schemars(schema_with = "schema_url")]
    url: Option<Spanned<String>>,
}

#[derive(Deserialize, JsonSchema)]
struct RawPage {
    /// Position in the menu.
    order: Option<i64>,
}

fn schema_ids(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
    schemars::json_schema!({"type": "array", "items": {"type": "string", "pattern": "^[a-z0-9-]+$"}})
}

fn schema_references(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
    schemars::json_schema!({"type": "array", "items": {"type": "string",
        "pattern": "^(phases|roles|cases|talks|terms|resources|pages|people)/[a-z0-9-]+$"}})
}

fn schema_resource_reference(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
    schemars::json_schema!({"type": "string", "pattern": "^resources/[a-z0-9-]+$"})
}

fn schema_person_roles(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
    schemars::json_schema!({"type": "array", "items": {"type": "string", "enum": PERSON_ROLES}})
}

fn schema_date(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
    schemars::json_schema!({"type": "string", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"})
}

fn schema_talk_date(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
    schemars::json_schema!({"type": ["string", "integer"], "pattern": "^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$"})
}

fn schema_country(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
    schemars::json_schema!({"type": "string", "pattern": "^[A-Z]{2}$"})
}

fn schema_url(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
    schemars::json_schema!({"type": "string", "pattern": "^https?://"})
}

fn schema_resource_type(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
    schemars::json_schema!({"type": "string", "enum": RESOURCE_TYPES})
}

/// The fields a `kind` must have. `parse_entry` reports each missing one.
pub fn required_fields(kind: Kind) -> Vec<&'static str> {
    match kind {
        Kind::Phase => vec!["title", "summary", "order"],
        Kind::Role | Kind::Case | Kind::Talk => vec!["title", "summary"],
        Kind::Term => vec!["title", "definition"],
        Kind::Resource | Kind::Page => vec!["title"],
        Kind::Person => vec!["title", "roles", "sources"],
    }
}

/// The JSON Schema of the front matter of `kind`, derived from the types
/// the front matter is read into.
pub fn front_matter_schema(kind: Kind) -> serde_json::Value {
    use serde_json::{Map, Value, json};
    let parts = [
        schemars::schema_for!(RawCommon),
        match kind {
            Kind::Phase => schemars::schema_for!(RawPhase),
            Kind::Role => schemars::schema_for!(RawRole),
            Kind::Case => schemars::schema_for!(RawCase),
            Kind::Talk => schemars::schema_for!(RawTalk),
            Kind::Term => schemars::schema_for!(RawTerm),
            Kind::Resource => schemars::schema_for!(RawResource),
            Kind::Page => schemars::schema_for!(RawPage),
            Kind::Person => schemars::schema_for!(RawPerson),
        },
    ];
    let mut properties = Map::new();
    let mut defs = Map::new();
    for part in parts {
        let v = part.to_value();
        if let Some(Value::Object(p)) = v.get("properties") {
            properties.extend(p.clone());
        }
        if let Some(Value::Object(d)) = v.get("$defs") {
            defs.extend(d.clone());
        }
    }
    let mut schema = json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": format!("clusterbook {} front matter", kind.name()),
        "description": format!("The YAML front matter of content/{}/<id>.md", kind.folder()),
        "type": "object",
        "properties": properties,
        "required": required_fields(kind),
        "additionalProperties": false,
    });
    if !defs.is_empty() {
        schema["$defs"] = Value::Object(defs);
    }
    schema
}

/// The front-matter field names a `kind` accepts, common fields first.
pub fn field_names(kind: Kind) -> Vec<&'static str> {
    use serde_aux::serde_introspection::serde_introspect as names;
    let mut all = names::<RawCommon>().to_vec();
    all.extend_from_slice(match kind {
        Kind::Phase => names::<RawPhase>(),
        Kind::Role => names::<RawRole>(),
        Kind::Case => names::<RawCase>(),
        Kind::Talk => names::<RawTalk>(),
        Kind::Term => names::<RawTerm>(),
        Kind::Resource => names::<RawResource>(),
        Kind::Page => names::<RawPage>(),
        Kind::Person => names::<RawPerson>(),
    });
    all
}

/// What a person did in the sources.
pub const PERSON_ROLES: [&str; 5] = ["participant", "inspirer", "speaker", "author", "contact"];

/// The resource types the format knows.
pub const RESOURCE_TYPES: [&str; 5] = ["report", "link", "film", "tool", "presentation"];

/// Reads one file into an [`Entry`], with every problem of that file.
pub fn parse_entry(file: &SourceFile, config: &SiteConfig) -> (Option<Entry>, Vec<Diagnostic>) {
    let mut problems = Vec::new();
    let lang = match &file.lang {
        None => config.default_language().to_string(),
        Some(l) if config.languages.contains(l) => l.clone(),
        Some(l) => {
            let help = match did_you_mean(l, config.languages.iter().map(String::as_str)) {
                Some(m) => format!("did you mean `{}.{m}.md`?", file.id),
                None => format!(
                    "the languages of `site.yaml` are {}; add `{l}` there, or rename the file",
                    config.languages.join(", ")
                ),
            };
            problems.push(
                Diagnostic::error(
                    &file.path,
                    Pos::start(),
                    "unknown-language",
                    format!("`{l}` is not a language of this handbook"),
                )
                .with_help(help),
            );
            return (None, problems);
        }
    };
    let is_translation = lang != config.default_language();
    let split = match frontmatter::split(&file.path, &file.text) {
        Ok(s) => s,
        Err(d) => return (None, vec![d]),
    };
    let fm = match FrontMatter::parse(&file.path, split.yaml, split.yaml_line) {
        Ok(fm) => fm,
        Err(d) => return (None, vec![d]),
    };
    let kind = file.kind;
    problems.extend(fm.unknown_fields(kind.name(), &field_names(kind)));
    let common: RawCommon = match fm.deserialize() {
        Ok(c) => c,
        Err(d) => {
            problems.push(d);
            return (None, problems);
        }
    };
    let mut check = Checker {
        fm: &fm,
        problems: &mut problems,
    };
    let title = check.required_text(common.title, "title", "the name readers see");
    let summary = common.summary.and_then(|s| check.text(s, "summary"));
    if summary.is_none() && matches!(kind, Kind::Phase | Kind::Role | Kind::Case | Kind::Talk) {
        check.missing(
            "summary",
            &format!(
                "a {} needs one or two sentences for lists and search results",
                kind.name()
            ),
        );
    }
    let updated = common.updated.and_then(|u| check.date(u, "updated", false));
    let tags = check.lines(common.tags.map(|t| t.into_iter().collect()), "tags");
    let related = check.references(common.related, "related");
    let sources = check.sources(common.sources, kind);
    let fields = match kind {
        Kind::Phase => fm.deserialize::<RawPhase>().map(|r| {
            let order = match r.order {
                Some(o) => Located::from_spanned(&fm, o),
                // A translation takes it from its main-language file.
                None if is_translation => Located {
                    value: 0,
                    pos: fm.start(),
                },
                None => {
                    check.missing(
                        "order",
                        "a phase needs its position in the model, e.g. `order: 2`",
                    );
                    Located {
                        value: 0,
                        pos: fm.start(),
                    }
                }
            };
            Fields::Phase(PhaseFields {
                order,
                activities: check.lines(r.activities, "activities"),
                support: check.lines(r.support, "support"),
                results: check.lines(r.results, "results"),
                leadership: check.lines(r.leadership, "leadership"),
                questions: check.lines(r.questions, "questions"),
            })
        }),
        Kind::Role => fm.deserialize::<RawRole>().map(|r| {
            Fields::Role(RoleFields {
                aliases: r.aliases.unwrap_or_default(),
                phases: check.ids(r.phases, "phases"),
                responsibilities: check.lines(r.responsibilities, "responsibilities"),
            })
        }),
        Kind::Case => fm.deserialize::<RawCase>().map(|r| {
            Fields::Case(CaseFields {
                cluster: r.cluster,
                region: r.region,
                country: r.country.and_then(|c| check.country(c)),
                period: r.period,
                phases: check.ids(r.phases, "phases"),
                roles: check.ids(r.roles, "roles"),
                organisations: r.organisations.unwrap_or_default(),
                people: check.ids(r.people, "people"),
                lessons: check.lines(r.lessons, "lessons"),
            })
        }),
        Kind::Talk => fm.deserialize::<RawTalk>().map(|r| {
            Fields::Talk(TalkFields {
                speakers: match r.speaker {
                    Some(s) => {
                        let pos = fm.pos(&s);
                        match (*s).clone() {
                            OneOrMany::One(name) => vec![(name, pos)],
                            OneOrMany::Many(v) => {
                                v.into_iter().map(|s| (s.to_string(), fm.pos(&s))).collect()
                            }
                        }
                    }
                    None => vec![],
                }
                .into_iter()
                .filter_map(|(s, pos)| check.speaker(s, pos))
                .collect(),
                affiliation: r.affiliation,
                date: r.date.and_then(|d| check.date(d, "date", true)),
                event: r.event,
                phases: check.ids(r.phases, "phases"),
                roles: check.ids(r.roles, "roles"),
                key_points: check.lines(r.key_points, "key_points"),
                video: r.video.and_then(|u| check.url(u, "video")),
                slides: r.slides.and_then(|u| check.url(u, "slides")),
            })
        }),
        Kind::Term => fm.deserialize::<RawTerm>().map(|r| {
            let definition = check.required_text(
                r.definition,
                "definition",
                "a term needs a one-sentence definition",
            );
            Fields::Term(TermFields {
                definition,
                aliases: r.aliases.unwrap_or_default(),
                see_also: check.references(r.see_also, "see_also"),
            })
        }),
        Kind::Resource => fm.deserialize::<RawResource>().map(|r| {
            Fields::Resource(ResourceFields {
                url: r.url.and_then(|u| check.url(u, "url")),
                kind: r.kind.and_then(|t| check.resource_type(t)),
                year: r.year.map(|y| *y),
                publisher: r.publisher,
                phases: check.ids(r.phases, "phases"),
                people: check.ids(r.people, "people"),
            })
        }),
        Kind::Person => fm.deserialize::<RawPerson>().map(|r| {
            let roles = check.person_roles(r.roles);
            Fields::Person(PersonFields {
                organisation: r.organisation,
                roles,
                region: r.region,
                country: r.country.and_then(|c| check.country(c)),
                expertise: r.expertise.unwrap_or_default(),
                url: r.url.and_then(|u| check.url(u, "url")),
            })
        }),
        Kind::Page => fm
            .deserialize::<RawPage>()
            .map(|r| Fields::Page(PageFields { order: r.order })),
    };
    let fields = match fields {
        Ok(f) => f,
        Err(d) => {
            problems.push(d);
            return (None, problems);
        }
    };
    // Value-level problems are reported, and the entry still takes part in
    // resolving, so a link to it does not add a second, misleading error.
    let entry = Entry {
        kind,
        id: file.id.clone(),
        lang,
        source: file.path.clone(),
        title,
        summary,
        tags,
        sources,
        related,
        draft: common.draft.unwrap_or(false),
        updated,
        fields,
        body: split.body.into(),
        body_line: split.body_line,
        keys: fm.keys(),
        inherited: Vec::new(),
        translation_of: common.translation_of.map(|t| Located::from_spanned(&fm, t)),
        // Only translations are compared with it: a handbook of one
        // language skips hashing every file (2% of `check` at 10,000).
        text_hash: if config.languages.len() > 1 {
            crate::i18n::status::text_hash(&file.text)
        } else {
            String::new()
        },
        field_positions: fm.value_positions(),
    };
    (Some(entry), problems)
}

/// Checks single values of one file, collecting problems.
struct Checker<'a> {
    fm: &'a FrontMatter,
    problems: &'a mut Vec<Diagnostic>,
}

impl Checker<'_> {
    fn error(&mut self, pos: Pos, width: usize, message: String, help: &str) {
        self.problems.push(
            Diagnostic::error(self.fm.file(), pos, "invalid-value", message)
                .with_help(help)
                .with_width(width),
        );
    }

    fn missing(&mut self, field: &str, help: &str) {
        self.problems.push(
            Diagnostic::error(
                self.fm.file(),
                self.fm.start(),
                "missing-field",
                format!("missing required field `{field}`"),
            )
            .with_help(format!("add a line `{field}: …`: {help}")),
        );
    }

    fn text(&mut self, s: Spanned<String>, field: &str) -> Option<String> {
        let t = s.trim();
        if t.is_empty() {
            self.error(
                self.fm.pos(&s),
                1,
                format!("`{field}` is empty"),
                "write the text after the colon, or remove the line",
            );
            None
        } else {
            Some(t.to_string())
        }
    }

    fn required_text(&mut self, s: Option<Spanned<String>>, field: &str, help: &str) -> String {
        match s {
            Some(s) => self.text(s, field).unwrap_or_default(),
            None => {
                self.missing(field, help);
                String::new()
            }
        }
    }

    fn lines(&mut self, v: Lines, field: &str) -> Vec<Located<String>> {
        v.unwrap_or_default()
            .into_iter()
            .filter_map(|s| {
                let pos = self.fm.pos(&s);
                self.text(s, field).map(|value| Located { value, pos })
            })
            .collect()
    }

    /// Bare ids (`phases`, `roles`): checked for form here, for existence
    /// in resolve.
    fn ids(&mut self, v: Lines, field: &str) -> Vec<Located<String>> {
        let lines = self.lines(v, field);
        for l in &lines {
            if l.value.contains('/') {
                let bare = l.value.rsplit('/').next().unwrap_or("");
                self.error(
                    l.pos,
                    l.value.chars().count(),
                    format!("`{field}` takes bare ids, not `{}`", l.value),
                    &format!("write `{bare}`"),
                );
            }
        }
        lines
    }

    /// References (`related`, `see_also`): `<kind>/<id>`.
    fn references(&mut self, v: Lines, field: &str) -> Vec<Located<String>> {
        let lines = self.lines(v, field);
        for l in &lines {
            let ok = match l.value.split_once('/') {
                Some((folder, id)) => {
                    crate::model::Kind::from_folder(folder).is_some() && !id.is_empty()
                }
                None => false,
            };
            if ok {
                continue;
            }
            // `phase/pilot`, `fases/pilot`: the form is right, the kind is
            // not one of the folders.
            let near = l.value.split_once('/').and_then(|(kind, id)| {
                let folder = Kind::from_name(kind).map(Kind::folder).or_else(|| {
                    did_you_mean(kind, Kind::ALL.iter().map(|k| k.folder()))
                        .or_else(|| did_you_mean(kind, Kind::ALL.iter().map(|k| k.name())))
                        .and_then(Kind::from_name)
                        .map(Kind::folder)
                })?;
                (!id.is_empty() && !id.contains('/')).then(|| (kind, format!("{folder}/{id}")))
            });
            let d = match near {
                Some((kind, fixed)) => Diagnostic::error(
                    self.fm.file(),
                    l.pos,
                    "invalid-reference",
                    format!(
                        "`{}` starts with `{kind}`, which is not the folder of a kind of entry",
                        l.value
                    ),
                )
                .with_help(format!("did you mean `{fixed}`?")),
                None => Diagnostic::error(
                    self.fm.file(),
                    l.pos,
                    "invalid-reference",
                    format!("`{}` is not a reference of the form `<kind>/<id>`", l.value),
                )
                .with_help("write e.g. `cases/processit`, `phases/pilot` or `terms/kluster`"),
            };
            self.problems.push(d.with_width(l.value.chars().count()));
        }
        lines
    }

    fn date(&mut self, s: Spanned<String>, field: &str, month_ok: bool) -> Option<String> {
        let v = s.trim().to_string();
        if is_date(&v) || (month_ok && (is_month(&v) || is_year(&v))) {
            Some(v)
        } else {
            let want = if month_ok {
                "`YYYY-MM-DD`, `YYYY-MM` or `YYYY`"
            } else {
                "`YYYY-MM-DD`"
            };
            let (message, help) = match date_mistake(&v, month_ok) {
                Some(DateMistake::NoSuchMonth(m)) => (
                    format!("`{field}` is `{v}`, but there is no month {m}"),
                    "the month comes second and is 01 to 12: `YYYY-MM-DD`".to_string(),
                ),
                Some(DateMistake::NoSuchDay { year, month, days }) => (
                    format!(
                        "`{field}` is `{v}`, a day that does not exist: {} {year} has {days} days",
                        MONTHS[month as usize - 1]
                    ),
                    format!(
                        "check the date in the source; the month's last day is `{year:04}-{month:02}-{days:02}`"
                    ),
                ),
                Some(DateMistake::Digits(fixed)) => (
                    format!(
                        "`{field}` must be a date written {want}, with two digits for month and day, got `{v}`"
                    ),
                    format!("did you mean `{fixed}`?"),
                ),
                None => (
                    format!("`{field}` must be a date written {want}, got `{v}`"),
                    "e.g. `2013-10-22`".to_string(),
                ),
            };
            self.error(self.fm.pos(&s), v.chars().count(), message, &help);
            // Kept as written: the build fails on the error above, and no
            // second problem ("no date") is reported for the same line.
            Some(v)
        }
    }

    fn url(&mut self, s: Spanned<String>, field: &str) -> Option<String> {
        if let Err(refused) = crate::urls::check(&s) {
            let d = crate::urls::unsafe_url(self.fm.file(), self.fm.pos(&s), &s, &refused);
            self.problems.push(d);
            return None;
        }
        if is_absolute_url(s.trim()) {
            Some(s.trim().to_string())
        } else {
            self.error(
                self.fm.pos(&s),
                s.chars().count(),
                format!("`{field}` must be an absolute URL, got `{}`", s.as_str()),
                "write the full address, starting with `https://`",
            );
            None
        }
    }

    /// A speaker: `people/<id>` is a person reference, anything else a name.
    /// An empty speaker is left out (`new` writes `speaker: ""`, which the
    /// placeholder check reports).
    fn speaker(&mut self, s: String, pos: Pos) -> Option<Speaker> {
        let v = s.trim().to_string();
        if v.is_empty() {
            return None;
        }
        match v.strip_prefix(PERSON_PREFIX) {
            Some(id) => {
                if id.is_empty()
                    || !id
                        .bytes()
                        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
                {
                    self.problems.push(
                        Diagnostic::error(
                            self.fm.file(),
                            pos,
                            "invalid-reference",
                            format!("`{v}` is not a person reference of the form `people/<id>`"),
                        )
                        .with_help("write the id of a file in `content/people/`, e.g. `people/bjorn-eriksson`, or the speaker's name without `people/`")
                        .with_width(v.chars().count()),
                    );
                    return None;
                }
                Some(Speaker::Person(Located {
                    value: v.clone(),
                    pos,
                }))
            }
            None => Some(Speaker::Name(v)),
        }
    }

    /// The sources of an entry: each has a title or names a resource.
    fn sources(&mut self, v: Option<Vec<RawSource>>, kind: Kind) -> Vec<SourceRef> {
        let list = v.unwrap_or_default();
        if kind == Kind::Person && list.is_empty() {
            self.missing(
                "sources",
                "a person needs the sources that name them, e.g. `sources: [{resource: resources/…, pages: \"6\"}]`",
            );
        }
        list.into_iter()
            .filter_map(|r| {
                // A bad `resource:` is reported once, not again as missing.
                let written = r.title.is_some() || r.resource.is_some();
                let title = r.title.and_then(|t| {
                    let pos = self.fm.pos(&t);
                    self.text(t, "title").map(|value| Located { value, pos })
                });
                let resource = r.resource.and_then(|t| {
                    let pos = self.fm.pos(&t);
                    let value = self.text(t, "resource")?;
                    let ok = value
                        .strip_prefix("resources/")
                        .is_some_and(|id| !id.is_empty() && !id.contains('/'));
                    if !ok {
                        self.problems.push(
                            Diagnostic::error(
                                self.fm.file(),
                                pos,
                                "invalid-reference",
                                format!("`{value}` is not a resource reference of the form `resources/<id>`"),
                            )
                            .with_help(if value.contains('/') {
                                "write e.g. `resource: resources/reglab-larprojekt-klusterutveckling`".to_string()
                            } else {
                                format!("write `resources/{value}`")
                            })
                            .with_width(value.chars().count()),
                        );
                        return None;
                    }
                    Some(Located { value, pos })
                });
                if !written {
                    let pos = r.pages.as_ref().map_or(self.fm.start(), |p| self.fm.pos(p));
                    self.problems.push(
                        Diagnostic::error(
                            self.fm.file(),
                            pos,
                            "missing-field",
                            "a source has neither `title` nor `resource`".to_string(),
                        )
                        .with_help("give the document's `title:`, or `resource: resources/<id>` when the handbook has an entry for it"),
                    );
                    return None;
                }
                Some(SourceRef {
                    title,
                    url: r.url.and_then(|u| self.url(u, "sources[].url")),
                    pages: r.pages.as_ref().map(|p| p.trim().to_string()),
                    resource,
                })
            })
            .collect()
    }

    fn person_roles(&mut self, v: Lines) -> Vec<String> {
        if v.is_none() {
            self.missing(
                "roles",
                "say what the person did in the sources: participant, inspirer, speaker, author or contact",
            );
        }
        let lines = self.lines(v, "roles");
        let mut out = Vec::new();
        for l in lines {
            if PERSON_ROLES.contains(&l.value.as_str()) {
                out.push(l.value);
            } else {
                let help = match did_you_mean(&l.value, PERSON_ROLES) {
                    Some(m) => format!("did you mean `{m}`?"),
                    None => format!("use one of {}", PERSON_ROLES.join(", ")),
                };
                self.error(
                    l.pos,
                    l.value.chars().count(),
                    format!(
                        "`roles` of a person must be what they did in the sources, got `{}`",
                        l.value
                    ),
                    &help,
                );
            }
        }
        out
    }

    fn country(&mut self, s: Spanned<String>) -> Option<String> {
        let v = s.trim();
        if v.len() == 2 && v.bytes().all(|b| b.is_ascii_uppercase()) {
            Some(v.to_string())
        } else {
            let (message, help) = if v.len() == 2 && v.bytes().all(|b| b.is_ascii_alphabetic()) {
                (
                    format!("`country` must be a two-letter ISO 3166 code in capitals, got `{v}`"),
                    format!("did you mean `{}`?", v.to_ascii_uppercase()),
                )
            } else {
                (
                    format!("`country` must be a two-letter ISO 3166 code, got `{v}`"),
                    "e.g. `SE`, `NO`, `DK`, `RO`, `BG`".to_string(),
                )
            };
            self.error(self.fm.pos(&s), v.chars().count(), message, &help);
            None
        }
    }

    fn resource_type(&mut self, s: Spanned<String>) -> Option<String> {
        let v = s.trim();
        if RESOURCE_TYPES.contains(&v) {
            Some(v.to_string())
        } else {
            let help = match did_you_mean(v, RESOURCE_TYPES) {
                Some(m) => format!("did you mean `{m}`?"),
                None => format!("use one of {}", RESOURCE_TYPES.join(", ")),
            };
            self.error(
                self.fm.pos(&s),
                v.chars().count(),
                format!("`type` must be one of the resource types, got `{v}`"),
                &help,
            );
            None
        }
    }
}

/// The months, for messages about days that do not exist.
const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// What is wrong with a date written as numbers and dashes, when it is
/// more than "not `YYYY-MM-DD`".
#[derive(Debug, PartialEq, Eq)]
enum DateMistake {
    /// `2024-13-01`.
    NoSuchMonth(u32),
    /// `2024-02-30`: the month has only `days` days.
    NoSuchDay { year: u32, month: u32, days: u32 },
    /// `2024-5-1`: a real date with one-digit parts, as it should be written.
    Digits(String),
}

/// The number of days of `month` (1–12) in `year`.
fn days_in_month(year: u32, month: u32) -> Option<u32> {
    let leap = (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400);
    Some(match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return None,
    })
}

/// Why `s` (not a valid date) is wrong, when it is a year of four digits
/// followed by a month and day (or, where `month_ok`, only a month) of one
/// or two digits each.
fn date_mistake(s: &str, month_ok: bool) -> Option<DateMistake> {
    let parts: Vec<&str> = s.split('-').collect();
    let digits = |p: &&str, n: std::ops::RangeInclusive<usize>| {
        n.contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit())
    };
    let full = parts.len() == 3 || (month_ok && parts.len() == 2);
    if !full || !digits(&parts[0], 4..=4) || !parts[1..].iter().all(|p| digits(p, 1..=2)) {
        return None;
    }
    let year: u32 = parts[0].parse().ok()?;
    let month: u32 = parts[1].parse().ok()?;
    let Some(days) = days_in_month(year, month) else {
        return Some(DateMistake::NoSuchMonth(month));
    };
    match parts.get(2) {
        Some(d) => {
            let day: u32 = d.parse().ok()?;
            if day == 0 || day > days {
                return Some(DateMistake::NoSuchDay { year, month, days });
            }
            Some(DateMistake::Digits(format!(
                "{year:04}-{month:02}-{day:02}"
            )))
        }
        None => Some(DateMistake::Digits(format!("{year:04}-{month:02}"))),
    }
}

/// `YYYY-MM-DD` with a real month and day.
pub fn is_date(s: &str) -> bool {
    let parts: Vec<&str> = s.split('-').collect();
    if parts.len() != 3 || parts[0].len() != 4 || parts[1].len() != 2 || parts[2].len() != 2 {
        return false;
    }
    let (Ok(y), Ok(m), Ok(d)) = (
        parts[0].parse::<u32>(),
        parts[1].parse::<u32>(),
        parts[2].parse::<u32>(),
    ) else {
        return false;
    };
    days_in_month(y, m).is_some_and(|days| (1..=days).contains(&d))
}

/// `YYYY`: four digits.
pub fn is_year(s: &str) -> bool {
    s.len() == 4 && s.bytes().all(|b| b.is_ascii_digit())
}

/// `YYYY-MM` with a real month.
pub fn is_month(s: &str) -> bool {
    is_date(&format!("{s}-01"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config() -> SiteConfig {
        crate::config::parse_config("title: T\nlanguages: [sv, en]\n").unwrap()
    }

    fn file(kind: Kind, id: &str, text: &str) -> SourceFile {
        SourceFile {
            path: format!("content/{}/{id}.md", kind.folder()),
            kind,
            id: id.into(),
            lang: None,
            text: text.into(),
        }
    }

    #[test]
    fn parses_a_case_with_positions() {
        let f = file(
            Kind::Case,
            "x",
            "---\ntitle: X\nsummary: S\ncountry: NO\nphases: [pilot, etablering]\n---\nBody\n",
        );
        let (e, p) = parse_entry(&f, &config());
        assert!(p.is_empty(), "{p:?}");
        let e = e.unwrap();
        assert_eq!(e.phase_refs()[1].pos, Pos::new(5, 17));
        let Fields::Case(c) = &e.fields else { panic!() };
        assert_eq!(
            c.country.as_deref(),
            Some("NO"),
            "NO is a country, not false"
        );
        assert_eq!(e.body_line, 7);
    }

    #[test]
    fn reports_all_missing_and_bad_values() {
        let f = file(
            Kind::Talk,
            "x",
            "---\nspeakr: A\ndate: 2013-13-01\nvideo: youtube\n---\n",
        );
        let (e, p) = parse_entry(&f, &config());
        assert!(
            e.is_some(),
            "value-level problems keep the entry for resolving"
        );
        let got: Vec<_> = p.iter().map(|d| (d.line, d.code)).collect();
        assert!(got.contains(&(2, "unknown-field")), "{got:?}");
        assert!(got.contains(&(1, "missing-field")), "{got:?}");
        assert!(got.contains(&(3, "invalid-value")), "{got:?}");
        assert!(got.contains(&(4, "invalid-value")), "{got:?}");
        let missing: Vec<_> = p.iter().filter(|d| d.code == "missing-field").collect();
        assert_eq!(missing.len(), 2, "title and summary: {missing:?}");
    }

    #[test]
    fn required_fields_are_the_ones_reported_missing() {
        for kind in Kind::ALL {
            let f = file(kind, "x", "---\n---\n");
            let (_, p) = parse_entry(&f, &config());
            let mut missing: Vec<String> = p
                .iter()
                .filter(|d| d.code == "missing-field")
                .map(|d| d.message.split('`').nth(1).unwrap().to_string())
                .collect();
            missing.sort();
            let mut want: Vec<String> = required_fields(kind)
                .iter()
                .map(|s| s.to_string())
                .collect();
            want.sort();
            assert_eq!(missing, want, "{kind:?}");
        }
    }

    #[test]
    fn schemas_list_every_field_and_forbid_others() {
        for kind in Kind::ALL {
            let s = front_matter_schema(kind);
            let props: Vec<&str> = s["properties"]
                .as_object()
                .unwrap()
                .keys()
                .map(String::as_str)
                .collect();
            let mut fields = field_names(kind);
            fields.sort();
            let mut props = props.clone();
            props.sort();
            assert_eq!(props, fields, "{kind:?}");
            assert_eq!(s["additionalProperties"], false);
        }
        let case = front_matter_schema(Kind::Case);
        assert_eq!(case["properties"]["country"]["pattern"], "^[A-Z]{2}$");
        assert_eq!(case["required"], serde_json::json!(["title", "summary"]));
        assert!(
            case["properties"]["lessons"]["description"]
                .as_str()
                .unwrap()
                .contains("Lessons")
        );
    }

    #[test]
    fn dates_are_real_dates() {
        assert!(is_date("2024-02-29"));
        assert!(!is_date("2023-02-29"));
        assert!(!is_date("2013-1-01"));
        assert!(is_month("2013-10"));
        assert!(!is_month("2013-00"));
    }

    #[test]
    fn near_miss_dates_say_what_is_wrong() {
        use DateMistake::*;
        assert_eq!(
            date_mistake("2024-02-30", false),
            Some(NoSuchDay {
                year: 2024,
                month: 2,
                days: 29
            })
        );
        assert_eq!(
            date_mistake("2023-2-29", false),
            Some(NoSuchDay {
                year: 2023,
                month: 2,
                days: 28
            })
        );
        assert_eq!(date_mistake("2024-13-01", false), Some(NoSuchMonth(13)));
        assert_eq!(
            date_mistake("2024-5-1", false),
            Some(Digits("2024-05-01".into()))
        );
        assert_eq!(date_mistake("2024-5", true), Some(Digits("2024-05".into())));
        assert_eq!(date_mistake("2024-5", false), None, "updated needs a day");
        assert_eq!(date_mistake("24-05-01", false), None);
        assert_eq!(date_mistake("22 oktober 2013", true), None);
    }

    #[test]
    fn field_names_come_from_the_types() {
        let f = field_names(Kind::Resource);
        assert!(f.contains(&"title") && f.contains(&"type") && f.contains(&"publisher"));
        assert!(!f.contains(&"kind"));
    }
}
