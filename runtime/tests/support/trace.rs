//! A minimal `tracing` subscriber that records the fields of every span and every event, at every level, so
//! tests can check what the client's `alibabacloud_call` span carries and what any log line says, without
//! another dependency.

use std::fmt::Debug;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Metadata, Subscriber};

/// Every `(span name, field, value)` recorded, in order; events are recorded under the span name `event:<level>`.
#[derive(Clone, Default)]
pub struct Spans {
    pub fields: Arc<Mutex<Vec<(String, String, String)>>>,
    names: Arc<Mutex<Vec<String>>>,
    next: Arc<AtomicU64>,
}

impl Spans {
    /// Everything recorded, one `span field=value` per line.
    pub fn text(&self) -> String {
        let fields = self.fields.lock().unwrap();
        fields.iter().map(|(s, f, v)| format!("{s} {f}={v}\n")).collect()
    }

    /// How many events were recorded at `level` (`WARN`, `DEBUG`, ...).
    pub fn events(&self, level: &str) -> usize {
        let name = format!("event:{level}");
        let fields = self.fields.lock().unwrap();
        fields.iter().filter(|(s, f, _)| *s == name && f == "message").count()
    }

    /// The values recorded for `field` on spans called `span`.
    pub fn values(&self, span: &str, field: &str) -> Vec<String> {
        let fields = self.fields.lock().unwrap();
        fields.iter().filter(|(s, f, _)| s == span && f == field).map(|(_, _, v)| v.clone()).collect()
    }
}

struct Collect<'a> {
    span: &'a str,
    out: &'a mut Vec<(String, String, String)>,
}

impl Visit for Collect<'_> {
    fn record_debug(&mut self, field: &Field, value: &dyn Debug) {
        self.out.push((self.span.to_owned(), field.name().to_owned(), format!("{value:?}")));
    }
    fn record_str(&mut self, field: &Field, value: &str) {
        self.out.push((self.span.to_owned(), field.name().to_owned(), value.to_owned()));
    }
}

impl Subscriber for Spans {
    fn enabled(&self, _: &Metadata<'_>) -> bool {
        true
    }
    fn new_span(&self, attrs: &Attributes<'_>) -> Id {
        let id = self.next.fetch_add(1, Ordering::SeqCst) + 1;
        let name = attrs.metadata().name().to_owned();
        attrs.record(&mut Collect { span: &name, out: &mut self.fields.lock().unwrap() });
        self.names.lock().unwrap().push(name);
        Id::from_u64(id)
    }
    fn record(&self, span: &Id, values: &Record<'_>) {
        let index = usize::try_from(span.into_u64() - 1).unwrap();
        let name = self.names.lock().unwrap()[index].clone();
        values.record(&mut Collect { span: &name, out: &mut self.fields.lock().unwrap() });
    }
    fn record_follows_from(&self, _: &Id, _: &Id) {}
    fn event(&self, event: &Event<'_>) {
        let name = format!("event:{}", event.metadata().level());
        event.record(&mut Collect { span: &name, out: &mut self.fields.lock().unwrap() });
    }
    fn enter(&self, _: &Id) {}
    fn exit(&self, _: &Id) {}
}
