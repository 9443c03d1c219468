//! Validating the manifest's `hooks:` section: each hook is a script inside the blueprint, a
//! command, or a reusable hook shipped with jig, with a `when` over the answers.

use super::manifest::*;
use super::validate::Validator;
use super::*;
use crate::yaml::Node;
use std::path::Path;

impl Validator {
    pub(super) fn hooks(&mut self, node: Option<&Node>, root: &Path, names: &[String]) -> Hooks {
        let Some(raw) = self.section::<RawHooks>(node) else {
            return Hooks::default();
        };
        let at = node.map_or(Location::default(), Location::of_node);
        let mut convert = |list: Vec<RawHook>, stage: &str| -> Vec<Hook> {
            let mut hooks = Vec::new();
            for hook in list {
                let action = match (hook.script, hook.uses) {
                    (Some(script), None) => {
                        let path = root.join(script.as_str());
                        let inside = crate::render::paths::is_relative_inside(script.as_str());
                        if !inside || !path.is_file() {
                            let msg = format!(
                                "hooks.{stage}: script `{}` not found in the blueprint directory",
                                script.as_str()
                            );
                            self.problem(Location::of_spanned(&script), msg);
                        }
                        HookAction::Script(script.to_string())
                    }
                    (None, Some(name)) => {
                        if !crate::embedded::hook_names().contains(&name.as_str()) {
                            let msg = format!(
                                "hooks.{stage}: unknown reusable hook `{}`; jig ships: {}",
                                name.as_str(),
                                crate::embedded::hook_names().join(", ")
                            );
                            self.problem(Location::of_spanned(&name), msg);
                        }
                        HookAction::Builtin(name.to_string())
                    }
                    _ => {
                        self.problem(
                            at,
                            format!(
                                "hooks.{stage}: each hook needs exactly one of `script` or `use`"
                            ),
                        );
                        continue;
                    }
                };
                if let Some(when) = &hook.when {
                    self.expression(when, &format!("hooks.{stage}: when"), names);
                }
                hooks.push(Hook {
                    action,
                    timeout: hook.timeout,
                    when: hook.when.map(|s| s.to_string()),
                });
            }
            hooks
        };
        Hooks {
            pre_gen: convert(raw.pre_gen, "pre_gen"),
            post_gen: convert(raw.post_gen, "post_gen"),
        }
    }
}
