//! A small JSON reader that keeps what `serde_json::Value` loses here: key order and the line of every key.
//!
//! The draft lists sample-only fields in the sample's order, and messages point at the page line of a key; the
//! workspace's `serde_json` is built without `preserve_order` (turning it on would change the generated crate),
//! so samples are read twice: by `serde_json` for validity (its error messages are the familiar ones) and by this
//! reader for structure. Nesting is limited so a garbled page cannot overflow the stack.

/// How deep objects and arrays may nest (serde_json's own limit).
const MAX_DEPTH: usize = 128;

/// A JSON value with ordered, line-numbered object members.
#[derive(Debug, Clone, PartialEq)]
pub enum Node {
    Null,
    Bool(bool),
    /// A number, as written; `integer` when it is a whole number that fits an `i64`.
    Number {
        text: String,
        integer: Option<i64>,
    },
    Str(String),
    Object(Vec<Member>),
    Array(Vec<Node>),
}

/// One key of an object.
#[derive(Debug, Clone, PartialEq)]
pub struct Member {
    pub key: String,
    /// 1-based line of the key in the parsed text.
    pub line: usize,
    pub value: Node,
}

impl Node {
    /// The members of an object.
    pub fn members(&self) -> Option<&[Member]> {
        match self {
            Node::Object(m) => Some(m),
            _ => None,
        }
    }

    /// The value under `key` of an object.
    pub fn get(&self, key: &str) -> Option<&Member> {
        self.members()?.iter().find(|m| m.key == key)
    }

    /// The items of an array merged into one (objects: the union of their keys, first occurrence wins; anything
    /// else: the first item). `None` for an empty array or a non-array.
    pub fn merged_item(&self) -> Option<Node> {
        let Node::Array(items) = self else {
            return None;
        };
        let first = items.first()?;
        let Node::Object(_) = first else {
            return Some(first.clone());
        };
        let mut merged: Vec<Member> = Vec::new();
        let mut keys = std::collections::HashSet::new();
        for item in items {
            for member in item.members().unwrap_or_default() {
                if keys.insert(member.key.as_str()) {
                    merged.push(member.clone());
                }
            }
        }
        Some(Node::Object(merged))
    }

    /// A one-key object holding an array (`{"Backup": [...]}`): the XML-style wrapper key and the array.
    pub fn as_wrapper(&self) -> Option<(&str, &Node)> {
        match self.members()? {
            [only] if matches!(only.value, Node::Array(_)) => Some((&only.key, &only.value)),
            _ => None,
        }
    }

    /// What kind of value this is, in words.
    pub fn kind(&self) -> &'static str {
        match self {
            Node::Null => "null",
            Node::Bool(_) => "a boolean",
            Node::Number { integer: Some(_), .. } => "a whole number",
            Node::Number { .. } => "a number",
            Node::Str(_) => "a string",
            Node::Object(_) => "an object",
            Node::Array(_) => "an array",
        }
    }
}

/// A parse failure: 1-based line and what went wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JsonError {
    pub line: usize,
    pub message: String,
}

/// Parses a whole JSON text whose first line is line `first_line` of the page.
pub fn parse(text: &str, first_line: usize) -> Result<Node, JsonError> {
    let mut p = Parser { chars: text.chars().collect(), pos: 0, line: first_line };
    p.skip_ws();
    let node = p.value(0)?;
    p.skip_ws();
    if p.pos < p.chars.len() {
        return Err(p.error("nothing after the end of the JSON value"));
    }
    Ok(node)
}

struct Parser {
    chars: Vec<char>,
    pos: usize,
    line: usize,
}

impl Parser {
    fn error(&self, message: &str) -> JsonError {
        JsonError { line: self.line, message: message.to_owned() }
    }

    fn peek(&self) -> Option<char> {
        self.chars.get(self.pos).copied()
    }

    fn bump(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.pos += 1;
        if c == '\n' {
            self.line += 1;
        }
        Some(c)
    }

    fn skip_ws(&mut self) {
        while matches!(self.peek(), Some(' ' | '\t' | '\r' | '\n')) {
            self.bump();
        }
    }

    fn expect(&mut self, c: char, what: &str) -> Result<(), JsonError> {
        self.skip_ws();
        if self.peek() == Some(c) {
            self.bump();
            Ok(())
        } else {
            Err(self.error(&format!("expected {what}")))
        }
    }

    fn value(&mut self, depth: usize) -> Result<Node, JsonError> {
        if depth > MAX_DEPTH {
            return Err(self.error("the JSON nests too deeply"));
        }
        self.skip_ws();
        match self.peek() {
            Some('{') => self.object(depth),
            Some('[') => self.array(depth),
            Some('"') => Ok(Node::Str(self.string()?)),
            Some('t') => self.word("true", Node::Bool(true)),
            Some('f') => self.word("false", Node::Bool(false)),
            Some('n') => self.word("null", Node::Null),
            Some(c) if c == '-' || c.is_ascii_digit() => Ok(self.number()),
            Some(_) => Err(self.error("expected a JSON value")),
            None => Err(self.error("the JSON ends too early")),
        }
    }

    fn word(&mut self, word: &str, node: Node) -> Result<Node, JsonError> {
        for expected in word.chars() {
            if self.bump() != Some(expected) {
                return Err(self.error(&format!("expected `{word}`")));
            }
        }
        Ok(node)
    }

    fn number(&mut self) -> Node {
        let start = self.pos;
        while matches!(self.peek(), Some(c) if c.is_ascii_digit() || matches!(c, '-' | '+' | '.' | 'e' | 'E')) {
            self.bump();
        }
        let text: String = self.chars[start..self.pos].iter().collect();
        let integer = text.parse::<i64>().ok();
        Node::Number { text, integer }
    }

    fn string(&mut self) -> Result<String, JsonError> {
        self.bump();
        let mut out = String::new();
        loop {
            match self.bump() {
                None => return Err(self.error("a string is not closed")),
                Some('"') => return Ok(out),
                Some('\\') => match self.bump() {
                    Some('n') => out.push('\n'),
                    Some('t') => out.push('\t'),
                    Some('r') => out.push('\r'),
                    Some('b') => out.push('\u{8}'),
                    Some('f') => out.push('\u{c}'),
                    Some('u') => {
                        let hex: String = (0..4).filter_map(|_| self.bump()).collect();
                        let code = u32::from_str_radix(&hex, 16).map_err(|_| self.error("a bad \\u escape"))?;
                        out.push(char::from_u32(code).unwrap_or('\u{fffd}'));
                    }
                    Some(c) => out.push(c),
                    None => return Err(self.error("a string is not closed")),
                },
                Some(c) => out.push(c),
            }
        }
    }

    fn object(&mut self, depth: usize) -> Result<Node, JsonError> {
        self.bump();
        let mut members = Vec::new();
        self.skip_ws();
        if self.peek() == Some('}') {
            self.bump();
            return Ok(Node::Object(members));
        }
        loop {
            self.skip_ws();
            if self.peek() != Some('"') {
                return Err(self.error("expected a key in double quotes"));
            }
            let line = self.line;
            let key = self.string()?;
            self.expect(':', "`:` after the key")?;
            let value = self.value(depth + 1)?;
            members.push(Member { key, line, value });
            self.skip_ws();
            match self.bump() {
                Some(',') => continue,
                Some('}') => return Ok(Node::Object(members)),
                _ => return Err(self.error("expected `,` or `}`")),
            }
        }
    }

    fn array(&mut self, depth: usize) -> Result<Node, JsonError> {
        self.bump();
        let mut items = Vec::new();
        self.skip_ws();
        if self.peek() == Some(']') {
            self.bump();
            return Ok(Node::Array(items));
        }
        loop {
            items.push(self.value(depth + 1)?);
            self.skip_ws();
            match self.bump() {
                Some(',') => continue,
                Some(']') => return Ok(Node::Array(items)),
                _ => return Err(self.error("expected `,` or `]`")),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_order_and_lines() {
        let node = parse("{\n \"b\": 1,\n \"a\": [ {\"x\": \"s\"}, {\"y\": null} ]\n}", 1).expect("parses");
        let keys: Vec<_> = node.members().unwrap_or_default().iter().map(|m| (m.key.as_str(), m.line)).collect();
        assert_eq!(keys, [("b", 2), ("a", 3)]);
        let item = node.get("a").and_then(|m| m.value.merged_item()).expect("items");
        let keys: Vec<_> = item.members().unwrap_or_default().iter().map(|m| m.key.as_str()).collect();
        assert_eq!(keys, ["x", "y"]);
    }

    #[test]
    fn refuses_garbage_without_panicking() {
        for text in ["", "{", "{\"a\"", "{\"a\":}", "[1,", "\"\\u12", "tru", "{} x", &"[".repeat(10_000)] {
            assert!(parse(text, 1).is_err(), "{text:?} should not parse");
        }
    }
}
