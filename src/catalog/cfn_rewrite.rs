//! Sentinels, and what they become: the blueprint's CloudFormation is rendered with each
//! parameter-bound answer as a sentinel string (`«Jig-param_owner x.»`), then every string
//! holding one is rewritten to `!Ref Param` (the whole string) or `!Sub` (part of a string, or
//! inside a `!Sub` already). Only resource properties, outputs, conditions and rule
//! assertions take parameters; a sentinel anywhere else, or where CloudFormation needs a name,
//! is refused.

use super::Error;
use crate::yaml::{self, Tag, TaggedValue};
use std::sync::LazyLock;

pub(super) const OPEN: char = '«';
pub(super) const CLOSE: char = '»';

pub(super) fn sentinel(question: &str) -> String {
    format!("{OPEN}Jig-param_{question} x.{CLOSE}")
}

/// A whole sentinel, capturing the question.
pub(super) static SENTINEL: LazyLock<regex::Regex> = LazyLock::new(|| {
    regex::Regex::new(r"«Jig-param_([A-Za-z_][A-Za-z0-9_]*) x\.»").expect("valid regex")
});

/// What is left of a sentinel a filter altered (case changed, punctuation replaced).
pub(super) static ALTERED: LazyLock<regex::Regex> =
    LazyLock::new(|| regex::Regex::new(r"(?i)jig.?param").expect("valid regex"));

type Lookup<'a> = dyn Fn(&str) -> Option<String> + 'a;

/// Parameters may go in resource properties, output values and exports, conditions and rules;
/// anywhere else (descriptions, logical ids, types, parameters, metadata) CloudFormation wants
/// literals.
pub(super) fn rewrite_template(doc: &mut yaml::Value, lookup: &Lookup) -> Result<(), Error> {
    let Some(top) = doc.as_mapping_mut() else {
        return refuse_any(doc);
    };
    for (key, section) in top.iter_mut() {
        match key.as_str() {
            Some("Resources") => entries(section, &["Properties"], lookup)?,
            Some("Outputs") => entries(section, &["Value", "Export"], lookup)?,
            Some("Conditions") => rewrite(section, lookup, false)?,
            Some("Rules") => rules(section, lookup)?,
            _ => refuse_any(section)?,
        }
    }
    Ok(())
}

/// Rules take parameters in their condition and in each assertion's `Assert`; descriptions
/// are literals.
fn rules(section: &mut yaml::Value, lookup: &Lookup) -> Result<(), Error> {
    let Some(map) = section.as_mapping_mut() else {
        return refuse_any(section);
    };
    for (id, rule) in map.iter_mut() {
        if has_sentinel(id) {
            return Err(Error::Placeholder);
        }
        let Some(fields) = rule.as_mapping_mut() else {
            refuse_any(rule)?;
            continue;
        };
        for (key, value) in fields.iter_mut() {
            match (key.as_str(), value) {
                (Some("RuleCondition"), value) => rewrite(value, lookup, false)?,
                (Some("Assertions"), yaml::Value::Sequence(assertions)) => {
                    for assertion in assertions {
                        entries_of(assertion, &["Assert"], lookup)?;
                    }
                }
                (_, value) => refuse_any(value)?,
            }
        }
    }
    Ok(())
}

/// One mapping: rewrite its `open` keys, refuse sentinels in the rest.
fn entries_of(entry: &mut yaml::Value, open: &[&str], lookup: &Lookup) -> Result<(), Error> {
    let Some(fields) = entry.as_mapping_mut() else {
        return refuse_any(entry);
    };
    for (key, value) in fields.iter_mut() {
        match key.as_str() {
            Some(k) if open.contains(&k) => rewrite(value, lookup, false)?,
            _ => refuse_any(value)?,
        }
    }
    Ok(())
}

/// For each entry of a section (a resource, an output): rewrite `open` keys, refuse the rest.
fn entries(section: &mut yaml::Value, open: &[&str], lookup: &Lookup) -> Result<(), Error> {
    let Some(map) = section.as_mapping_mut() else {
        return refuse_any(section);
    };
    for (id, entry) in map.iter_mut() {
        if has_sentinel(id) {
            return Err(Error::Placeholder);
        }
        entries_of(entry, open, lookup)?;
    }
    Ok(())
}

fn refuse_any(value: &yaml::Value) -> Result<(), Error> {
    if has_sentinel(value) {
        Err(Error::Placeholder)
    } else {
        Ok(())
    }
}

fn has_sentinel(value: &yaml::Value) -> bool {
    match value {
        yaml::Value::String(s) => s.contains(OPEN),
        yaml::Value::Sequence(items) => items.iter().any(has_sentinel),
        yaml::Value::Mapping(map) => map.iter().any(|(k, v)| has_sentinel(k) || has_sentinel(v)),
        yaml::Value::Tagged(t) => has_sentinel(&t.value),
        _ => false,
    }
}

/// Replaces sentinels in `value` with `!Ref` / `!Sub`; `in_sub` when it is a `!Sub` string.
fn rewrite(value: &mut yaml::Value, lookup: &Lookup, in_sub: bool) -> Result<(), Error> {
    match value {
        yaml::Value::String(s) if s.contains(OPEN) => {
            let re = &*SENTINEL;
            let mut missing = false;
            let whole = re
                .captures(s)
                .filter(|c| c.get(0).map(|m| m.as_str()) == Some(s.as_str()))
                .and_then(|c| lookup(&c[1]));
            if let (Some(name), false) = (whole, in_sub) {
                *value = tagged("Ref", yaml::Value::String(name));
                return Ok(());
            }
            let escaped = if in_sub {
                s.clone()
            } else {
                s.replace("${", "${!")
            };
            let replaced = re
                .replace_all(&escaped, |c: &regex::Captures| match lookup(&c[1]) {
                    Some(name) => format!("${{{name}}}"),
                    None => {
                        missing = true;
                        String::new()
                    }
                })
                .into_owned();
            if missing {
                return Err(Error::Placeholder);
            }
            *value = if in_sub {
                yaml::Value::String(replaced)
            } else {
                tagged("Sub", yaml::Value::String(replaced))
            };
            Ok(())
        }
        yaml::Value::Sequence(items) => items
            .iter_mut()
            .try_for_each(|item| rewrite(item, lookup, false)),
        yaml::Value::Mapping(map) => {
            for (key, item) in map.iter_mut() {
                if has_sentinel(key) {
                    return Err(Error::Placeholder);
                }
                match key.as_str() {
                    Some("Fn::Sub") => rewrite_sub(item, lookup)?,
                    Some("Ref" | "Fn::GetAtt" | "Condition") if has_sentinel(item) => {
                        return Err(Error::Placeholder)
                    }
                    _ => rewrite(item, lookup, false)?,
                }
            }
            Ok(())
        }
        yaml::Value::Tagged(t) => {
            let tag = t.tag.to_string();
            match tag.trim_start_matches('!') {
                "Sub" => rewrite_sub(&mut t.value, lookup),
                "Ref" | "GetAtt" | "Condition" if has_sentinel(&t.value) => Err(Error::Placeholder),
                _ => rewrite(&mut t.value, lookup, false),
            }
        }
        _ => Ok(()),
    }
}

/// A `!Sub` argument: its string (or the first item of `[string, variables]`).
fn rewrite_sub(value: &mut yaml::Value, lookup: &Lookup) -> Result<(), Error> {
    match value {
        yaml::Value::String(_) => rewrite(value, lookup, true),
        yaml::Value::Sequence(items) => {
            for (i, item) in items.iter_mut().enumerate() {
                rewrite(item, lookup, i == 0 && item.is_string())?;
            }
            Ok(())
        }
        _ => rewrite(value, lookup, false),
    }
}

pub fn tagged(tag: &str, value: yaml::Value) -> yaml::Value {
    yaml::Value::Tagged(Box::new(TaggedValue {
        tag: Tag::new(tag),
        value,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lookup(q: &str) -> Option<String> {
        (q == "owner").then(|| "Owner".to_string())
    }

    fn rewritten(text: &str) -> String {
        let mut doc: yaml::Value = yaml::from_str(text).unwrap();
        rewrite(&mut doc, &lookup, false).unwrap();
        yaml::to_string(&doc).unwrap()
    }

    #[test]
    fn whole_strings_become_refs_and_parts_subs() {
        let s = sentinel("owner");
        let out = rewritten(&format!(
            "a: {s}\nb: team-{s}-${{AWS::Region}}\nc: !Sub 'x-{s}-${{AWS::Region}}'\nd: ['{{{{resolve:ssm:/p/{s}}}}}']\n"
        ));
        assert_eq!(
            out,
            "a: !Ref Owner\nb: !Sub team-${Owner}-${!AWS::Region}\nc: !Sub x-${Owner}-${AWS::Region}\nd:\n- !Sub '{{resolve:ssm:/p/${Owner}}}'\n"
        );
    }

    #[test]
    fn only_properties_outputs_and_conditions_take_parameters() {
        let s = sentinel("owner");
        let ok = format!("Resources:\n  B:\n    Type: AWS::S3::Bucket\n    Properties:\n      Tags: [{{Key: o, Value: {s}}}]\nOutputs:\n  O:\n    Value: {s}\n");
        let mut doc: yaml::Value = yaml::from_str(&ok).unwrap();
        rewrite_template(&mut doc, &lookup).unwrap();
        assert!(!has_sentinel(&doc));
        for text in [
            format!("Description: team {s}\n"),
            format!("Resources:\n  B:\n    Type: {s}\n"),
            format!("Outputs:\n  O:\n    Description: {s}\n    Value: x\n"),
        ] {
            let mut doc: yaml::Value = yaml::from_str(&text).unwrap();
            assert!(rewrite_template(&mut doc, &lookup).is_err(), "{text}");
        }
    }

    #[test]
    fn rules_take_parameters_in_conditions_and_assertions_only() {
        let s = sentinel("owner");
        let ok = format!("Rules:\n  R:\n    RuleCondition: !Equals ['{s}', a]\n    Assertions:\n      - Assert: !Equals ['{s}', b]\n        AssertDescription: owner must be b\n");
        let mut doc: yaml::Value = yaml::from_str(&ok).unwrap();
        rewrite_template(&mut doc, &lookup).unwrap();
        assert_eq!(
            yaml::to_string(&doc).unwrap(),
            "Rules:\n  R:\n    RuleCondition: !Equals\n    - !Ref Owner\n    - a\n    Assertions:\n    - Assert: !Equals\n      - !Ref Owner\n      - b\n      AssertDescription: owner must be b\n"
        );
        let described = format!("Rules:\n  R:\n    Assertions:\n      - Assert: !Equals [a, b]\n        AssertDescription: {s}\n");
        let mut doc: yaml::Value = yaml::from_str(&described).unwrap();
        assert!(rewrite_template(&mut doc, &lookup).is_err());
    }

    #[test]
    fn sentinels_where_cloudformation_needs_names_are_refused() {
        let s = sentinel("owner");
        for text in [
            format!("a: !GetAtt {s}.Arn\n"),
            format!("{s}: 1\n"),
            format!("a: {{Ref: '{s}'}}\n"),
        ] {
            let mut doc: yaml::Value = yaml::from_str(&text).unwrap();
            assert!(rewrite(&mut doc, &lookup, false).is_err(), "{text}");
        }
    }
}
