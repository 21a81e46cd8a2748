//! A minimal `tracing` subscriber that records the fields of every span and every event, at every level, with
//! their target and level, so tests can check what the client's `operation` and `attempt` spans carry and what
//! any log line says, without another dependency.

use std::fmt::Debug;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Metadata, Subscriber};

/// The `(field, value)` pairs of one event.
pub type Fields = Vec<(String, String)>;

/// Every `(span name, field, value)` recorded, in order; events are recorded under the span name `event:<level>`.
#[derive(Clone, Default)]
pub struct Spans {
    pub fields: Arc<Mutex<Vec<(String, String, String)>>>,
    names: Arc<Mutex<Vec<String>>>,
    /// `(span name or event:<level>, target, level)` of every span and event, in order.
    pub origins: Arc<Mutex<Vec<(String, String, String)>>>,
    /// `(level, fields)` of every event, in order.
    event_fields: Arc<Mutex<Vec<(String, Fields)>>>,
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

    /// The targets and levels spans called `name` (or events, `event:<LEVEL>`) were recorded with.
    pub fn origins(&self, name: &str) -> Vec<(String, String)> {
        let origins = self.origins.lock().unwrap();
        origins.iter().filter(|(n, _, _)| n == name).map(|(_, t, l)| (t.clone(), l.clone())).collect()
    }

    /// The fields of each event at `level` whose message is `message`, in order.
    pub fn events_with(&self, level: &str, message: &str) -> Vec<Fields> {
        let events = self.event_fields.lock().unwrap();
        events
            .iter()
            .filter(|(l, fields)| l == level && fields.iter().any(|(f, v)| f == "message" && v == message))
            .map(|(_, fields)| fields.clone())
            .collect()
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
        let meta = attrs.metadata();
        self.origins.lock().unwrap().push((name.clone(), meta.target().to_owned(), meta.level().to_string()));
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
        let meta = event.metadata();
        self.origins.lock().unwrap().push((name.clone(), meta.target().to_owned(), meta.level().to_string()));
        let mut own = Vec::new();
        event.record(&mut Collect { span: &name, out: &mut own });
        let fields = own.iter().map(|(_, f, v)| (f.clone(), v.clone())).collect();
        self.event_fields.lock().unwrap().push((meta.level().to_string(), fields));
        self.fields.lock().unwrap().extend(own);
    }
    fn enter(&self, _: &Id) {}
    fn exit(&self, _: &Id) {}
}
