//! The final documentation text of generated items, composed once from the spec's pieces.

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
        Doc { paragraphs: vec![text.to_owned()] }
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
        let text =
            claim.map(|c| format!("Note: the API reference page and the service disagree here. {}", c.value.trim()));
        self.para_if(text)
    }

    /// Adds where the information comes from, when the page is silent.
    pub fn source(self, source: Option<&Spanned<String>>) -> Doc {
        self.para_if(source.map(|s| format!("Source: {}", s.value.trim())))
    }

    /// The text.
    pub fn build(self) -> String {
        self.paragraphs.join("\n\n")
    }
}
