//! The final documentation text of generated items, composed once from the spec's pieces.
//!
//! Doc comments are Markdown. Spec text is prose copied from the pages, where `array<object>` means a type, but
//! rustdoc reads `<object>` as an HTML tag and drops it from the page; so spec text has its `<` escaped outside
//! code spans (`\<` shows as `<`), and nothing the spec says is lost in the rendered docs.

use crate::spec::{Scalar, Spanned};

/// The pieces a doc comment is made of, in the order they appear.
#[derive(Default)]
pub(crate) struct Doc {
    paragraphs: Vec<String>,
}

impl Doc {
    /// Starts with the spec's description, or `fallback` when it has none.
    pub fn new(description: Option<&Spanned<String>>, fallback: &str) -> Doc {
        let text = description.map(|d| d.value.trim()).filter(|d| !d.is_empty()).unwrap_or(fallback);
        Doc { paragraphs: vec![markdown_text(text)] }
    }

    /// Adds a paragraph.
    pub fn para(mut self, text: impl Into<String>) -> Doc {
        self.paragraphs.push(text.into());
        self
    }

    /// Adds a paragraph when there is something to say.
    pub fn para_if(self, text: Option<String>) -> Doc {
        match text {
            Some(t) => self.para(t),
            None => self,
        }
    }

    /// Adds the example value.
    pub fn example(self, example: Option<&Spanned<Scalar>>) -> Doc {
        let text = example.map(|e| format!("Example: `{}`", e.value.to_wire_string().replace('`', "'")));
        self.para_if(text)
    }

    /// Adds the page's (wrong) claim, saying the SDK follows the service.
    pub fn page_claim(self, claim: Option<&Spanned<String>>) -> Doc {
        let text = claim.map(|c| {
            format!("Note: the API reference page and the service disagree here. {}", markdown_text(c.value.trim()))
        });
        self.para_if(text)
    }

    /// Adds where the information comes from, when the page is silent.
    pub fn source(self, source: Option<&Spanned<String>>) -> Doc {
        self.para_if(source.map(|s| format!("Source: {}", markdown_text(s.value.trim()))))
    }

    /// The text.
    pub fn build(self) -> String {
        self.paragraphs.join("\n\n")
    }
}

/// Spec prose as Markdown that renders it as written: `<` outside code spans is escaped.
pub(crate) fn markdown_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut in_code = false;
    for c in text.chars() {
        match c {
            '`' => in_code = !in_code,
            '<' if !in_code => out.push('\\'),
            _ => {}
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::markdown_text;

    #[test]
    fn angle_brackets_outside_code_spans_are_escaped() {
        assert_eq!(markdown_text("types Items as array<object>"), "types Items as array\\<object>");
        assert_eq!(markdown_text("`list<Backup>` stays code"), "`list<Backup>` stays code");
        assert_eq!(markdown_text("a < b, `x<y>` and c<d>"), "a \\< b, `x<y>` and c\\<d>");
        assert_eq!(markdown_text("plain text"), "plain text");
    }
}
