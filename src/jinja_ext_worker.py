# jig's bridge to a template's own Jinja extensions: a Cookiecutter template's `_extensions`
# entries that name a module shipped in the template (`local_extensions.FoobarExtension`), or a
# Copier template's `_jinja_extensions` (`extensions.py:FiltersAndGlobals`, or an importable
# `package.module.Class`).
#
# jig starts this script with the template's Python interpreter (JIG_PYTHON) once the template
# is trusted. It loads the extensions into a Jinja2 environment built as the template's tool
# builds its own (cookiecutter's StrictEnvironment when cookiecutter is importable; Copier's
# SandboxedEnvironment with its envops and jinja2-ansible-filters when importable), reports
# the filters, tests, globals and tags they add, then answers requests, one JSON object per line:
#   {"op": "call", "kind": "filter"|"test"|"global", "name": ..., "args": [...], "kwargs": {...}}
#   {"op": "render", "name": ..., "source": ..., "context": {...}}
#   {"op": "context", "context": {...}}   (copier-templates-extensions' ContextHooks run on it)
# with {"ok": value} or {"error": message}. Extension code may print: stdout is moved to stderr
# so that only this protocol reaches jig.
import json
import os
import sys
import traceback
import types

proto_out = os.fdopen(os.dup(1), "w", encoding="utf-8")
os.dup2(2, 1)
sys.stdout = sys.stderr
proto_in = sys.stdin


def send(message):
    proto_out.write(json.dumps(message) + "\n")
    proto_out.flush()


def failure(prefix, error):
    lines = traceback.format_exception_only(type(error), error)
    return prefix + "".join(lines).strip()


def main():
    setup = json.loads(sys.argv[1])
    repo_dir = setup["repo_dir"]
    sys.path.insert(0, repo_dir)
    try:
        import jinja2
        from jinja2.utils import import_string
    except ImportError:
        send({"error": "no-jinja2"})
        return
    env_vars = setup.get("env_vars") or {}
    cookiecutter_env = False
    if setup.get("flavour") == "copier":
        install_template_extensions()
        env = copier_environment(jinja2, env_vars)
    else:
        cookiecutter_env = True
        try:
            from cookiecutter.utils import create_env_with_context
        except ImportError:
            cookiecutter_env = False
            install_simple_filter(jinja2)
        if cookiecutter_env:
            env = create_env_with_context({"cookiecutter": {"_jinja2_env_vars": env_vars}})
        else:
            env = jinja2.Environment(
                undefined=jinja2.StrictUndefined, keep_trailing_newline=True, **env_vars
            )
    env.loader = jinja2.FileSystemLoader(setup["search_path"])
    for entry in setup["builtin"]:
        env.add_extension(entry)
    base_tags = tags_of(env)
    before = {
        "filter": dict(env.filters),
        "test": dict(env.tests),
        "global": dict(env.globals),
    }
    for entry in setup["extensions"]:
        context_class, finalize = env.context_class, env.finalize
        try:
            extension = load_extension(import_string, repo_dir, entry)
            env.add_extension(extension)
        except Exception as error:  # the template's code: report whatever it raised
            send({"error": failure("cannot load `%s`: " % entry, error)})
            return
        why = cannot_run(env, extension, context_class, finalize)
        if why:
            send({"error": "`%s` %s, which jig cannot do" % (entry, why)})
            return
    tables = {"filter": env.filters, "test": env.tests, "global": env.globals}
    added = {}
    constants = {}
    for kind, table in tables.items():
        added[kind] = [n for n, v in table.items() if before[kind].get(n) is not v]
    for name in added["global"]:
        value = env.globals[name]
        if not callable(value):
            try:
                constants[name] = carried(value, name)
            except TypeError as error:
                send({"error": "the global %s" % error})
                return
    tags = sorted(tags_of(env) - base_tags)
    hooks = [
        type(ext).__name__
        for ext in env.extensions.values()
        if any(c.__name__ == "ContextHook" for c in type(ext).__mro__[1:])
    ]
    send(
        {
            "ok": {
                "filters": added["filter"],
                "tests": added["test"],
                "globals": [n for n in added["global"] if n not in constants],
                "constants": constants,
                "tags": tags,
                "context_hooks": hooks,
                "native": cookiecutter_env or setup.get("flavour") == "copier",
            }
        }
    )
    for line in proto_in:
        request = json.loads(line)
        try:
            if request["op"] == "render":
                template = env.from_string(request["source"])
                send({"ok": template.render(**request["context"])})
            elif request["op"] == "context":
                send({"ok": hooked_context(env, request["context"])})
            else:
                table = tables[request["kind"]]
                function = table[request["name"]]
                args = with_pass_arg(env, function, request["args"])
                send({"ok": plain(function(*args, **request["kwargs"]))})
        except Exception as error:  # the template's code: report whatever it raised
            send({"error": failure("", error)})


def copier_environment(jinja2, envops):
    """Copier's `Worker.jinja_env`: a sandbox with the template's envops (trailing newlines
    kept unless it says otherwise) and jinja2-ansible-filters when it is importable."""
    from jinja2.sandbox import SandboxedEnvironment

    options = dict(envops)
    options.setdefault("keep_trailing_newline", True)
    undefined = options.get("undefined")
    if undefined == "jinja2.StrictUndefined":
        options["undefined"] = jinja2.StrictUndefined
    elif undefined is not None:
        options["undefined"] = jinja2.Undefined
    env = SandboxedEnvironment(**options)
    try:
        env.add_extension("jinja2_ansible_filters.AnsibleCoreFiltersExtension")
    except ImportError:
        pass
    return env


def cannot_run(env, extension, context_class, finalize):
    """What an extension does that jig's renderer would silently leave out, or None: jig calls
    the filters, tests and globals extensions add, renders texts using their tags in Jinja2,
    and runs ContextHooks on the render context; nothing else an extension can change."""
    from jinja2.ext import Extension

    cls = extension if isinstance(extension, type) else type(extension)
    is_hook = any(c.__name__ == "ContextHook" for c in cls.__mro__[1:])
    for method in ("preprocess", "filter_stream"):
        if getattr(cls, method, None) is not getattr(Extension, method):
            return "rewrites template sources (`%s`)" % method
    if env.context_class is not context_class and not is_hook:
        return "replaces Jinja's context class without being a copier-templates-extensions ContextHook"
    if env.finalize is not finalize:
        return "sets how every printed value is finalised (`finalize`)"
    return None


def hooked_context(env, context):
    """The render context after the template's ContextHooks, as Copier's renders see it: the
    hooks run when Jinja makes a template's context (`env.context_class`) from the globals and
    the render's variables, and change that mapping in place (or return a dict to merge).
    Answers only what differs from the globals; a value jig cannot carry is an error."""
    from pathlib import PurePath

    conf = context.get("_copier_conf")
    if isinstance(conf, dict):
        # Copier hands hooks these as paths.
        for key in ("src_path", "dst_path", "answers_file"):
            if isinstance(conf.get(key), str):
                conf[key] = PurePath(conf[key])
    parent = dict(env.globals, **context)
    env.context_class(env, parent, None, {})
    out = {}
    for name, value in parent.items():
        if name in env.globals and env.globals[name] is value:
            continue
        out[name] = carried(value, name)
    return out


def carried(value, where):
    """`plain`, but refusing what would reach the templates as something else."""
    from pathlib import PurePath

    if value is None or isinstance(value, (bool, int, float, str, PurePath)):
        return plain(value)
    if isinstance(value, dict):
        return {str(k): carried(v, "%s.%s" % (where, k)) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [carried(v, "%s[%d]" % (where, i)) for i, v in enumerate(value)]
    raise TypeError(
        "`%s` is a Python %s, which jig's renderer cannot be given (text, numbers, lists and mappings can)"
        % (where, type(value).__name__)
    )


def install_template_extensions():
    """copier-templates-extensions (both its names) for interpreters without it: its
    `ContextHook`, which template extensions subclass, as the package defines it (the hook
    runs when a context is made for a render that has `_copier_conf`, changing it in place or
    returning a dict to merge), and its loader (jig reads `file.py:Class` entries itself)."""
    import importlib
    import warnings

    from jinja2.ext import Extension

    class ContextHook(Extension):
        def __init__(extension_self, environment):
            super().__init__(environment)

            class ContextClass(environment.context_class):
                def __init__(self, env, parent, name, blocks, globals=None):
                    if "_copier_conf" in parent:
                        context = extension_self.hook(parent)
                        if context is not None:
                            parent.update(context)
                    super().__init__(env, parent, name, blocks, globals)

            environment.context_class = ContextClass

        def hook(self, context):
            raise NotImplementedError

    class TemplateExtensionLoader(Extension):
        pass

    for name in ("copier_template_extensions", "copier_templates_extensions"):
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                importlib.import_module(name)
        except ImportError:
            module = types.ModuleType(name)
            module.ContextHook = ContextHook
            module.TemplateExtensionLoader = TemplateExtensionLoader
            sys.modules[name] = module


def load_extension(import_string, repo_dir, entry):
    """An extension class by import path, or `file.py:Class` from the template's root (the
    form copier-templates-extensions' loader reads)."""
    path, sep, name = entry.partition(":")
    if not sep:
        return import_string(entry)
    import importlib.util

    full = os.path.realpath(os.path.join(repo_dir, path))
    if not full.startswith(os.path.realpath(repo_dir) + os.sep):
        raise ValueError("%s is outside the template" % path)
    spec = importlib.util.spec_from_file_location("jig_template_" + name, full)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return getattr(module, name)


def tags_of(env):
    return {tag for ext in env.extensions.values() for tag in getattr(ext, "tags", ())}


def with_pass_arg(env, function, args):
    """Jinja passes the environment, eval context or context first to marked callables."""
    from jinja2.nodes import EvalContext

    mark = getattr(function, "jinja_pass_arg", None)
    name = getattr(mark, "name", None)
    if name == "environment" or getattr(function, "environmentfilter", False):
        return [env] + args
    if name == "eval_context" or getattr(function, "evalcontextfilter", False):
        return [EvalContext(env)] + args
    if name == "context" or getattr(function, "contextfilter", False):
        return [env.context({})] + args
    return args


def plain(value):
    """A JSON value for what an extension returned (Markup and other str types as str)."""
    if value is None or isinstance(value, (bool, int, float)):
        return value
    if isinstance(value, str):
        return str(value)
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [plain(v) for v in value]
    return str(value)


def install_simple_filter(jinja2):
    """`cookiecutter.utils.simple_filter` for interpreters without Cookiecutter: the one
    helper local extensions import from it (it wraps a function as a one-filter extension)."""
    from jinja2.ext import Extension

    def simple_filter(function):
        class SimpleFilterExtension(Extension):
            def __init__(self, environment):
                super().__init__(environment)
                environment.filters[function.__name__] = function

        SimpleFilterExtension.__name__ = function.__name__
        return SimpleFilterExtension

    package = types.ModuleType("cookiecutter")
    package.__path__ = []
    utils = types.ModuleType("cookiecutter.utils")
    utils.simple_filter = simple_filter
    package.utils = utils
    sys.modules["cookiecutter"] = package
    sys.modules["cookiecutter.utils"] = utils


main()
