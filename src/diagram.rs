//! The model as a picture: the phases as an inline SVG diagram.
//!
//! In: the phases in model order (title, relative href, whether it is the
//! page's own phase). Out: SVG markup with one link per phase, made at
//! build time so that the picture always matches the content (no
//! hand-drawn image to keep up to date). Two drawings are made of the same
//! phases — a row of steps for wide screens and a column for phones — and
//! the style sheet shows one of them; colours come from the style sheet's
//! classes, so the diagram follows the light and dark schemes.
//!
//! A model of more than [`MAX_STEPS`] phases is drawn as the [`window`] of
//! [`MAX_STEPS`] phases around the page's own (the first ones where no
//! phase is the page's), numbered by their place in the whole model: every
//! phase page carries the diagram, so drawing every phase would make each
//! page grow with the model and the site with its square (2,485 phases in
//! the 10,000-page benchmark made 1.6 MB pages, 3.9 GB in all).

/// One phase as the diagram shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    /// The phase's title in the page's language.
    pub title: String,
    /// Relative href from the page to the phase.
    pub href: String,
    /// The page is this phase's page.
    pub current: bool,
}

/// The most phases one diagram draws.
pub const MAX_STEPS: usize = 9;

/// The phases one diagram draws, of a model of `len` phases of which the
/// page's own is at `current`: all of them up to [`MAX_STEPS`], else the
/// window of [`MAX_STEPS`] with the current phase in its middle where the
/// model allows (the first ones on a page that is no phase's).
pub fn window(len: usize, current: Option<usize>) -> std::ops::Range<usize> {
    if len <= MAX_STEPS {
        return 0..len;
    }
    let start = current
        .unwrap_or(0)
        .saturating_sub(MAX_STEPS / 2)
        .min(len - MAX_STEPS);
    start..start + MAX_STEPS
}

/// The diagram of `steps` — the [`window`] of the model starting at phase
/// number `first + 1` — as two inline `<svg>` elements (wide and narrow);
/// `label` is their accessible name.
pub fn phase_diagram(steps: &[Step], first: usize, label: &str) -> String {
    if steps.is_empty() {
        return String::new();
    }
    let mut out = String::new();
    out.push_str(&wide(steps, first, label));
    out.push_str(&narrow(steps, first, label));
    out
}

const WIDE_W: usize = 200;
const WIDE_GAP: usize = 24;
const WIDE_H: usize = 104;
const WIDE_CHARS: usize = 16;

/// `steps` in a row; the first is phase number `first + 1`.
fn wide(steps: &[Step], first: usize, label: &str) -> String {
    let n = steps.len();
    let width = n * WIDE_W + (n - 1) * WIDE_GAP;
    let mut s = format!(
        r#"<svg class="model-svg model-wide" viewBox="0 0 {width} {WIDE_H}" role="group" aria-label="{}" xmlns="http://www.w3.org/2000/svg">"#,
        esc(label)
    );
    for (k, step) in steps.iter().enumerate() {
        let x = k * (WIDE_W + WIDE_GAP);
        if k > 0 {
            let ax = x - WIDE_GAP + 4;
            let mid = WIDE_H / 2;
            s.push_str(&format!(
                r#"<path class="model-arrow" d="M{ax} {} l{} {} l-{} {}z" aria-hidden="true"/>"#,
                mid - 9,
                WIDE_GAP - 8,
                9,
                WIDE_GAP - 8,
                9
            ));
        }
        let lines = wrap(&step.title, WIDE_CHARS, 2);
        s.push_str(&link_open(step));
        s.push_str(&format!(
            r#"<rect x="{}" y="2" width="{}" height="{}" rx="12"/>"#,
            x + 1,
            WIDE_W - 2,
            WIDE_H - 4
        ));
        s.push_str(&format!(
            r#"<text class="model-num" x="{}" y="30">{}</text>"#,
            x + 16,
            first + k + 1
        ));
        let first_y = if lines.len() == 1 { 68 } else { 58 };
        for (l, line) in lines.iter().enumerate() {
            s.push_str(&format!(
                r#"<text class="model-title" x="{}" y="{}">{}</text>"#,
                x + 16,
                first_y + l * 24,
                esc(line)
            ));
        }
        s.push_str("</a>");
    }
    s.push_str("</svg>");
    s
}

const NARROW_W: usize = 320;
const NARROW_H: usize = 40;
const NARROW_GAP: usize = 10;
const NARROW_CHARS: usize = 24;

/// `steps` in a column; the first is phase number `first + 1`.
fn narrow(steps: &[Step], first: usize, label: &str) -> String {
    let n = steps.len();
    let height = n * NARROW_H + (n - 1) * NARROW_GAP;
    let mut s = format!(
        r#"<svg class="model-svg model-narrow" viewBox="0 0 {NARROW_W} {height}" role="group" aria-label="{}" xmlns="http://www.w3.org/2000/svg">"#,
        esc(label)
    );
    for (k, step) in steps.iter().enumerate() {
        let y = k * (NARROW_H + NARROW_GAP);
        if k > 0 {
            s.push_str(&format!(
                r#"<path class="model-arrow" d="M{} {} l8 {} l8 -{}z" aria-hidden="true"/>"#,
                28,
                y - NARROW_GAP + 3,
                NARROW_GAP - 6,
                NARROW_GAP - 6
            ));
        }
        let title = wrap(&step.title, NARROW_CHARS, 1).remove(0);
        s.push_str(&link_open(step));
        s.push_str(&format!(
            r#"<rect x="1" y="{}" width="{}" height="{}" rx="10"/>"#,
            y + 1,
            NARROW_W - 2,
            NARROW_H - 2
        ));
        s.push_str(&format!(
            r#"<text class="model-num" x="30" y="{}" text-anchor="middle">{}</text>"#,
            y + 27,
            first + k + 1
        ));
        s.push_str(&format!(
            r#"<text class="model-title" x="56" y="{}">{}</text>"#,
            y + 26,
            esc(&title)
        ));
        s.push_str("</a>");
    }
    s.push_str("</svg>");
    s
}

fn link_open(step: &Step) -> String {
    let current = if step.current {
        r#" class="model-step current" aria-current="page""#
    } else {
        r#" class="model-step""#
    };
    format!(r#"<a href="{}"{current}>"#, esc(&step.href))
}

/// `text` in lines of at most `width` characters (words are not split);
/// at most `max` lines, the last one ending in "…" when text was left out.
fn wrap(text: &str, width: usize, max: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for word in text.split_whitespace() {
        match lines.last_mut() {
            Some(l) if l.chars().count() + 1 + word.chars().count() <= width => {
                l.push(' ');
                l.push_str(word);
            }
            _ => lines.push(word.to_string()),
        }
    }
    if lines.is_empty() {
        lines.push(String::new());
    }
    if lines.len() > max {
        lines.truncate(max);
        let last = &mut lines[max - 1];
        let keep: String = last.chars().take(width.saturating_sub(1)).collect();
        *last = format!("{}…", keep.trim_end());
    } else if let Some(last) = lines.last_mut()
        && last.chars().count() > width
    {
        let keep: String = last.chars().take(width.saturating_sub(1)).collect();
        *last = format!("{keep}…");
    }
    lines
}

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn steps() -> Vec<Step> {
        ["Utgångspunkt", "Initiering", "Pilot & test"]
            .iter()
            .enumerate()
            .map(|(i, t)| Step {
                title: t.to_string(),
                href: format!("../p{i}/index.html"),
                current: i == 1,
            })
            .collect()
    }

    #[test]
    fn each_phase_is_one_link_in_each_drawing() {
        let svg = phase_diagram(&steps(), 0, "Faser");
        assert_eq!(svg.matches("<a href=").count(), 6);
        assert_eq!(svg.matches(r#"aria-current="page""#).count(), 2);
        assert!(svg.contains(r#"href="../p2/index.html""#));
        assert!(svg.contains("Pilot &amp; test"), "{svg}");
        assert!(!svg.contains("style="), "colours come from classes");
    }

    #[test]
    fn long_titles_wrap_and_are_cut_with_an_ellipsis() {
        assert_eq!(
            wrap("Etablering och hållbarhet", 17, 2),
            ["Etablering och", "hållbarhet"]
        );
        let cut = wrap("ett två tre fyra fem sex sju åtta", 8, 2);
        assert_eq!(cut.len(), 2);
        assert!(cut[1].ends_with('…'));
        assert_eq!(wrap("Fripassagerarproblemet", 10, 1), ["Fripassag…"]);
    }

    #[test]
    fn a_long_model_is_drawn_as_a_window_around_the_current_phase() {
        assert_eq!(window(6, Some(5)), 0..6);
        assert_eq!(window(100, Some(50)), 46..55);
        assert_eq!(window(100, Some(99)), 91..100);
        assert_eq!(window(100, Some(2)), 0..9);
        assert_eq!(window(100, None), 0..9);
        let shown: Vec<Step> = (46..55)
            .map(|i| Step {
                title: format!("Fas {i}"),
                href: format!("../p{i}/index.html"),
                current: i == 50,
            })
            .collect();
        let svg = phase_diagram(&shown, 46, "Faser");
        assert!(svg.contains(">47</text>"), "numbered by place in the model");
        assert!(svg.contains(">55</text>"), "{svg}");
        assert!(!svg.contains(">46</text>"), "{svg}");
    }

    #[test]
    fn no_phases_no_diagram() {
        assert_eq!(phase_diagram(&[], 0, "x"), "");
    }
}
