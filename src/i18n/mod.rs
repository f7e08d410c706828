//! Several languages in one handbook: what is not one stage of the
//! pipeline but runs alongside it for translations.
//!
//! - [`words`]: the theme's UI words per language (`i18n/<lang>.yaml`),
//!   checked complete, and dates written per language.
//! - [`inherit`]: the fields a translation takes from its main-language
//!   file, and the contradictions between the two.
//! - [`status`]: which translations are missing or stale
//!   (`translation_of:`), for `translate-status` and `check`.
//! - [`scaffold`]: `new --lang`, a translation started from its source.

pub mod inherit;
pub mod scaffold;
pub mod status;
pub mod words;
