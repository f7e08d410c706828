//! `page` of the questions page (`questions.html`,
//! `questions/index.html`): every phase's key questions in the model's
//! order, each with where the handbook answers it.
//!
//! In: the page's language and path. Out: a [`QuestionsView`].

use super::link::{Crumb, LinkView};
use crate::render::Renderer;
use crate::resolve::Target;
use schemars::JsonSchema;
use serde::Serialize;

/// The template variable `page` of `questions.html`.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct QuestionsView {
    /// The UI word `questions_page`.
    pub title: String,
    /// The UI word `questions_intro`.
    pub intro: String,
    /// From the home page.
    pub breadcrumbs: Vec<Crumb>,
    /// The phases in model order.
    pub phases: Vec<PhaseQuestions>,
}

/// A phase's key questions.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct PhaseQuestions {
    /// The link to the phase.
    pub phase: LinkView,
    /// The language the questions are written in (the phase's).
    pub lang: String,
    /// The questions.
    pub questions: Vec<Question>,
}

/// A key question.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Question {
    /// *HTML*, inline.
    pub html: String,
    /// Where the handbook answers it.
    pub answer: Answer,
}

/// Where a question is answered: the first entry its line links to, else
/// the phase's facets.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Answer {
    /// Href of the answer.
    pub href: String,
    /// The title of the entry answering it.
    pub title: String,
}

impl Renderer<'_> {
    /// The view of the questions page of `lang` at `url`.
    pub(crate) fn questions_view(&self, lang: &str, url: &str) -> QuestionsView {
        let phases = self
            .phases
            .iter()
            .map(|&p| {
                let v = self.site.in_language(p, lang);
                let r = &self.site.entries[v];
                let phase = self.link_view(url, lang, p);
                let at_facets = Answer {
                    href: format!("{}#facets", phase.href),
                    title: phase.title.clone(),
                };
                let questions = r
                    .lines
                    .iter()
                    .filter(|(name, _)| *name == "questions")
                    .flat_map(|(_, docs)| docs)
                    .map(|d| {
                        // The first entry the question links to answers it;
                        // otherwise the phase's facets do.
                        let answer = d
                            .targets
                            .iter()
                            .find_map(|t| match t {
                                Target::Entry(j, _) => Some(Answer {
                                    href: self.target_href(url, lang, t),
                                    title: self.site.entries[self.site.in_language(*j, lang)]
                                        .entry
                                        .title
                                        .clone(),
                                }),
                                _ => None,
                            })
                            .unwrap_or_else(|| at_facets.clone());
                        Question {
                            html: self.inline_html(url, lang, d),
                            answer,
                        }
                    })
                    .collect();
                PhaseQuestions {
                    phase,
                    lang: r.entry.lang.clone(),
                    questions,
                }
            })
            .collect();
        QuestionsView {
            breadcrumbs: self.crumbs(url, lang, &[]),
            title: self.word(lang, "questions_page"),
            intro: self.word(lang, "questions_intro"),
            phases,
        }
    }
}
