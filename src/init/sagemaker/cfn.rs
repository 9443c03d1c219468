//! CloudFormation's intrinsic functions as the import reads and rewrites them: `Ref`,
//! `Fn::GetAtt`, `Fn::Sub` (its `${Name}` and `${Resource.Attribute}` variables) and
//! `DependsOn`, in both the short (`!Ref X`) and the long (`{Ref: X}`) form.
//!
//! The import takes a sample's own seeding out of its template; every other resource that
//! named what was taken out must then name what replaces it (jig's parameters, jig's seed
//! resource), or be reported. These helpers find and rewrite those names and nothing else, so
//! the rest of the template stays as the sample has it.

use crate::yaml::{self, Value};

pub(crate) fn tagged(tag: &str, value: Value) -> Value {
    crate::catalog::cfn::tagged(tag, value)
}

/// The argument of the intrinsic `name` (`Ref`, `GetAtt`, `Sub`) when `v` is that call.
fn call<'a>(v: &'a Value, name: &str) -> Option<&'a Value> {
    match v {
        Value::Tagged(t) if t.tag == name => Some(&t.value),
        Value::Mapping(m) if m.len() == 1 => {
            let long = match name {
                "Ref" => "Ref".to_string(),
                other => format!("Fn::{other}"),
            };
            m.get(long.as_str())
        }
        _ => None,
    }
}

/// `X` of `!Ref X`.
pub(crate) fn ref_name(v: &Value) -> Option<&str> {
    call(v, "Ref").and_then(Value::as_str)
}

/// `(A, b)` of `!GetAtt A.b` or `!GetAtt [A, b]`.
pub(crate) fn getatt(v: &Value) -> Option<(String, String)> {
    match call(v, "GetAtt")? {
        Value::String(s) => s
            .split_once('.')
            .map(|(a, b)| (a.to_string(), b.to_string())),
        Value::Sequence(items) => match items.as_slice() {
            [a, b] => Some((a.as_str()?.to_string(), b.as_str()?.to_string())),
            _ => None,
        },
        _ => None,
    }
}

/// The string of a `!Sub` (alone or first of `[string, variables]`) and its variables.
pub(crate) fn sub(v: &Value) -> Option<(&str, Option<&yaml::Mapping>)> {
    match call(v, "Sub")? {
        Value::String(s) => Some((s, None)),
        Value::Sequence(items) => Some((items.first()?.as_str()?, items.get(1)?.as_mapping())),
        _ => None,
    }
}

/// The names a `!Sub` string refers to: `${Name}` and `${Resource.Attribute}` (not `${!x}`).
pub(crate) fn sub_names(s: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = s;
    while let Some(start) = rest.find("${") {
        let after = &rest[start + 2..];
        let Some(end) = after.find('}') else { break };
        let name = &after[..end];
        if !name.starts_with('!') {
            out.push(name);
        }
        rest = &after[end + 1..];
    }
    out
}

/// When `v` is `!Sub` of exactly `${Name}` or `!Ref Name`: `Name`.
pub(crate) fn lone_name(v: &Value) -> Option<&str> {
    if let Some(name) = ref_name(v) {
        return Some(name);
    }
    let (s, vars) = sub(v)?;
    let inner = s.strip_prefix("${")?.strip_suffix('}')?;
    (vars.is_none() && !inner.contains(['$', '{', '}', '!'])).then_some(inner)
}

/// Every string in `v`, however deep (to look for a key or a name in any form).
pub(crate) fn strings(v: &Value) -> Vec<&str> {
    let mut out = Vec::new();
    walk(v, &mut |v| {
        if let Value::String(s) = v {
            out.push(s.as_str());
        }
    });
    out
}

fn walk<'a>(v: &'a Value, f: &mut dyn FnMut(&'a Value)) {
    f(v);
    match v {
        Value::Mapping(m) => m.iter().for_each(|(k, v)| {
            walk(k, f);
            walk(v, f);
        }),
        Value::Sequence(s) => s.iter().for_each(|v| walk(v, f)),
        Value::Tagged(t) => walk(&t.value, f),
        _ => {}
    }
}

/// Whether `v` refers to `name` (a parameter or a resource): `Ref`, `GetAtt`, a `Sub`
/// variable, or a `DependsOn` entry when `v` is a resource.
pub(crate) fn refers_to(v: &Value, name: &str) -> bool {
    let mut found = false;
    walk(v, &mut |v| {
        if found {
            return;
        }
        found = ref_name(v) == Some(name)
            || getatt(v).is_some_and(|(a, _)| a == name)
            || sub(v).is_some_and(|(s, vars)| {
                let shadowed = vars.is_some_and(|m| m.contains_key(name));
                !shadowed
                    && sub_names(s)
                        .iter()
                        .any(|n| n.split('.').next() == Some(name))
            });
    });
    found || depends_on(v).iter().any(|d| d == name)
}

/// The attributes of `name` that `v` reads (`!GetAtt name.attr`, `${name.attr}`).
pub(crate) fn attributes_of(v: &Value, name: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    walk(v, &mut |v| {
        if let Some((a, attr)) = getatt(v) {
            if a == name && !out.contains(&attr) {
                out.push(attr);
            }
        }
        if let Some((s, _)) = sub(v) {
            for n in sub_names(s) {
                if let Some((a, attr)) = n.split_once('.') {
                    if a == name && !out.iter().any(|o| o == attr) {
                        out.push(attr.to_string());
                    }
                }
            }
        }
    });
    out
}

/// Whether `v` uses the condition `name`: a resource's `Condition`, `!If [name, ...]`, or
/// `{Condition: name}` inside another condition.
pub(crate) fn uses_condition(v: &Value, name: &str) -> bool {
    let mut found = false;
    walk(v, &mut |v| {
        if found {
            return;
        }
        if let Value::Mapping(m) = v {
            if m.get("Condition").and_then(Value::as_str) == Some(name) {
                found = true;
            }
        }
        if let Some(Value::Sequence(items)) = call(v, "If") {
            if items.first().and_then(Value::as_str) == Some(name) {
                found = true;
            }
        }
        if let Value::Tagged(t) = v {
            if t.tag == "Condition" && t.value.as_str() == Some(name) {
                found = true;
            }
        }
    });
    found
}

/// A resource's `DependsOn`, as a list.
pub(crate) fn depends_on(resource: &Value) -> Vec<String> {
    match resource.get("DependsOn") {
        Some(Value::String(s)) => vec![s.clone()],
        Some(Value::Sequence(items)) => items
            .iter()
            .filter_map(Value::as_str)
            .map(str::to_string)
            .collect(),
        _ => Vec::new(),
    }
}

/// Replaces, depth first, every value `f` gives a replacement for.
pub(crate) fn rewrite(value: &mut Value, f: &mut dyn FnMut(&Value) -> Option<Value>) {
    if let Some(new) = f(value) {
        *value = new;
        return;
    }
    match value {
        Value::Mapping(m) => m.iter_mut().for_each(|(_, v)| rewrite(v, f)),
        Value::Sequence(s) => s.iter_mut().for_each(|v| rewrite(v, f)),
        Value::Tagged(t) => rewrite(&mut t.value, f),
        _ => {}
    }
}

/// What a name becomes: a `!Sub` text (`${JigRepositoryOwner}/${JigRepositoryNameModelBuild}`)
/// to put where the name was, for each attribute asked (`None`: the name itself, as `Ref`).
pub(crate) type Replacement<'a> = &'a dyn Fn(Option<&str>) -> Option<String>;

/// Rewrites every reference to `name` in `value` with `with`: `!Ref name` and `!GetAtt
/// name.attr` become `!Ref X` when the text is `${X}`, else `!Sub text`; `${name}` and
/// `${name.attr}` in a `!Sub` string take the text. References `with` has no text for stay, and
/// are returned (`name` or `name.attr`) for the report.
pub(crate) fn replace_name(value: &mut Value, name: &str, with: Replacement) -> Vec<String> {
    let mut left = Vec::new();
    let as_value = |text: String| -> Value {
        match text
            .strip_prefix("${")
            .and_then(|t| t.strip_suffix('}'))
            .filter(|t| !t.contains(['$', '{', '}', '.']))
        {
            Some(inner) => tagged("Ref", inner.to_string().into()),
            None => tagged("Sub", text.into()),
        }
    };
    rewrite(value, &mut |v| {
        if ref_name(v) == Some(name) {
            return match with(None) {
                Some(text) => Some(as_value(text)),
                None => {
                    left.push(name.to_string());
                    None
                }
            };
        }
        if let Some((a, attr)) = getatt(v).filter(|(a, _)| a == name) {
            return match with(Some(&attr)) {
                Some(text) if text.contains('.') => {
                    let inner = text.trim_start_matches("${").trim_end_matches('}');
                    Some(tagged("GetAtt", inner.to_string().into()))
                }
                Some(text) => Some(as_value(text)),
                None => {
                    left.push(format!("{a}.{attr}"));
                    None
                }
            };
        }
        let (s, vars) = sub(v)?;
        if vars.is_some_and(|m| m.contains_key(name)) {
            return None;
        }
        let mut out = String::new();
        let mut rest = s;
        let mut changed = false;
        while let Some(start) = rest.find("${") {
            let after = &rest[start + 2..];
            let Some(end) = after.find('}') else { break };
            let inner = &after[..end];
            out.push_str(&rest[..start]);
            let (head, attr) = match inner.split_once('.') {
                Some((h, a)) => (h, Some(a)),
                None => (inner, None),
            };
            match (head == name).then(|| with(attr)).flatten() {
                Some(text) => {
                    out.push_str(&text);
                    changed = true;
                }
                None => {
                    if head == name {
                        left.push(inner.to_string());
                    }
                    out.push_str(&rest[start..start + 2 + end + 1]);
                }
            }
            rest = &after[end + 1..];
        }
        out.push_str(rest);
        if !changed {
            return None;
        }
        let mut new = v.clone();
        set_sub_string(&mut new, out);
        Some(new)
    });
    left
}

fn set_sub_string(v: &mut Value, text: String) {
    let arg = match v {
        Value::Tagged(t) => &mut t.value,
        Value::Mapping(m) => match m.get_mut("Fn::Sub") {
            Some(arg) => arg,
            None => return,
        },
        _ => return,
    };
    match arg {
        Value::Sequence(items) if !items.is_empty() => items[0] = text.into(),
        other => *other = text.into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(text: &str) -> Value {
        yaml::from_str(text).unwrap()
    }

    #[test]
    fn a_parameter_is_replaced_in_every_form_and_only_there() {
        let mut v = doc(
            "a: !Ref Full\nb: !Sub '${Full}-x'\nc: {Ref: Full}\nd: {'Fn::Sub': 'r/${Full}'}\ne: !Sub ['${Full}', {Full: other}]\nf: !Ref Other\n",
        );
        let with = |_: Option<&str>| Some("${Owner}/${Name}".to_string());
        assert!(replace_name(&mut v, "Full", &with).is_empty());
        let text = yaml::to_string(&v).unwrap();
        assert_eq!(
            text,
            "a: !Sub ${Owner}/${Name}\nb: !Sub ${Owner}/${Name}-x\nc: !Sub ${Owner}/${Name}\nd:\n  Fn::Sub: r/${Owner}/${Name}\ne: !Sub\n- ${Full}\n- Full: other\nf: !Ref Other\n"
        );
    }

    #[test]
    fn a_resource_attribute_becomes_another_and_unknown_ones_are_reported() {
        let mut v = doc("u: !GetAtt Inv.url\nw: !GetAtt [Inv, other]\ns: !Sub '${Inv.url}/x'\n");
        let with = |attr: Option<&str>| match attr {
            Some("url") => Some("${JigSeed.CloneUrlModelBuild}".to_string()),
            _ => None,
        };
        assert_eq!(replace_name(&mut v, "Inv", &with), ["Inv.other"]);
        let text = yaml::to_string(&v).unwrap();
        assert_eq!(
            text,
            "u: !GetAtt JigSeed.CloneUrlModelBuild\nw: !GetAtt\n- Inv\n- other\ns: !Sub ${JigSeed.CloneUrlModelBuild}/x\n"
        );
    }

    #[test]
    fn references_are_found_in_every_form() {
        let v = doc("x: [!Sub 'a-${P}', {Ref: Q}, !GetAtt R.Arn]\nDependsOn: [S]\n");
        for name in ["P", "Q", "R", "S"] {
            assert!(refers_to(&v, name), "{name}");
        }
        assert!(!refers_to(&v, "a"));
        assert_eq!(lone_name(&doc("!Sub '${Full}'")), Some("Full"));
        assert_eq!(lone_name(&doc("!Sub '${A}/${B}'")), None);
    }
}
