//! The context a Copier question renders in: Copier's `answers.combined` (the answers so far
//! over `--data`, the recorded answers and the user's defaults) over the rest of the render
//! context, as one object that grows by one answer per question. Building that map afresh for
//! every question (as `questions::context` does once for the files) copies every earlier
//! answer each time, which made 10 000 questions take minutes.
//!
//! A lookup asks the layers top first; listing the keys gives them in the order the rebuilt map
//! has (first appearance, base first), so a template sees the same context either way. It must
//! stay a view: each value is converted once, when its layer gets it.

use super::question::Inputs;
use indexmap::IndexMap;
use minijinja::value::{Enumerator, Object, ObjectRepr};
use minijinja::Value;
use serde_json::{Map, Value as Json};
use std::collections::HashSet;
use std::sync::{Arc, RwLock};

/// The layers, lowest first.
const BASE: usize = 0;
const USER_DEFAULTS: usize = 1;
const RECORDED: usize = 2;
const GIVEN: usize = 3;
const ANSWERED: usize = 4;

/// The answers so far as a render context; cloning the value it gives is cheap.
pub(super) struct SoFar(Arc<Layers>);

#[derive(Debug, Default)]
struct Layers(RwLock<[IndexMap<String, Value>; 5]>);

fn converted(map: &Map<String, Json>) -> IndexMap<String, Value> {
    map.iter()
        .map(|(k, v)| (k.clone(), crate::render::to_value(v)))
        .collect()
}

impl SoFar {
    pub(super) fn new(base: &Map<String, Json>, inputs: &Inputs) -> SoFar {
        let mut layers: [IndexMap<String, Value>; 5] = Default::default();
        layers[BASE] = converted(base);
        layers[USER_DEFAULTS] = converted(&inputs.user_defaults);
        layers[RECORDED] = converted(&inputs.last);
        layers[GIVEN] = converted(&inputs.data);
        SoFar(Arc::new(Layers(RwLock::new(layers))))
    }

    /// The context, as templates see it now (and as they will see it after later answers).
    pub(super) fn value(&self) -> Value {
        Value::from_dyn_object(self.0.clone())
    }

    pub(super) fn answered(&self, name: &str, value: &Json) {
        self.0.write()[ANSWERED].insert(name.to_string(), crate::render::to_value(value));
    }

    /// Mirrors `inputs.last.remove(name)`: serde_json's `remove` is `swap_remove` when it
    /// keeps order, so the keys stay in the order the rebuilt map would have.
    pub(super) fn forget_recorded(&self, name: &str) {
        self.0.write()[RECORDED].swap_remove(name);
    }
}

impl Layers {
    fn read(&self) -> std::sync::RwLockReadGuard<'_, [IndexMap<String, Value>; 5]> {
        self.0
            .read()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    fn write(&self) -> std::sync::RwLockWriteGuard<'_, [IndexMap<String, Value>; 5]> {
        self.0
            .write()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

impl Object for Layers {
    fn repr(self: &Arc<Self>) -> ObjectRepr {
        ObjectRepr::Map
    }

    fn get_value(self: &Arc<Self>, key: &Value) -> Option<Value> {
        let key = key.as_str()?;
        self.read()
            .iter()
            .rev()
            .find_map(|layer| layer.get(key).cloned())
    }

    fn enumerate(self: &Arc<Self>) -> Enumerator {
        let layers = self.read();
        let mut seen = HashSet::new();
        let keys: Vec<Value> = layers
            .iter()
            .flat_map(|layer| layer.keys())
            .filter(|k| seen.insert(k.as_str()))
            .map(|k| Value::from(k.as_str()))
            .collect();
        Enumerator::Values(keys)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn map(value: Json) -> Map<String, Json> {
        value.as_object().cloned().unwrap()
    }

    /// The view and the rebuilt map agree on every key, value and the keys' order.
    fn assert_same(
        view: &SoFar,
        base: &Map<String, Json>,
        inputs: &Inputs,
        done: &Map<String, Json>,
    ) {
        let rebuilt = super::super::questions::context(base, inputs, done);
        let view = view.value();
        let keys =
            |v: &Value| -> Vec<String> { v.try_iter().unwrap().map(|k| k.to_string()).collect() };
        assert_eq!(keys(&view), keys(&rebuilt));
        for key in keys(&rebuilt) {
            assert_eq!(
                view.get_attr(&key).unwrap(),
                rebuilt.get_attr(&key).unwrap(),
                "{key}"
            );
        }
        let env = minijinja::Environment::new();
        let shown = "{{ a }} {{ b }} {{ c }} {{ d }} {{ e }} {{ f }}";
        let render = |ctx: &Value| env.render_str(shown, ctx.clone()).unwrap();
        assert_eq!(render(&view), render(&rebuilt));
    }

    #[test]
    fn the_view_is_the_map_questions_context_rebuilds() {
        let base = map(json!({"a": "base", "_copier_conf": {"x": 1}, "f": "base"}));
        let mut inputs = Inputs {
            data: map(json!({"c": "given", "a": "given"})),
            last: map(json!({"b": "recorded", "e": "recorded", "d": "recorded", "f": [1]})),
            user_defaults: map(json!({"b": "user", "d": "user"})),
        };
        let view = SoFar::new(&base, &inputs);
        let mut done = Map::new();
        assert_same(&view, &base, &inputs, &done);
        for (name, value) in [
            ("b", json!(2)),
            ("e", json!({"k": [1, 2]})),
            ("g", json!(null)),
        ] {
            done.insert(name.into(), value.clone());
            view.answered(name, &value);
            assert_same(&view, &base, &inputs, &done);
        }
        // A recorded answer dropped: the user's default (or nothing) shows through, and the
        // keys keep the rebuilt map's order.
        for name in ["b", "d", "f"] {
            inputs.last.remove(name);
            view.forget_recorded(name);
            assert_same(&view, &base, &inputs, &done);
        }
    }
}
