import hashlib

from copier_template_extensions import ContextHook


class RepositoryIds(ContextHook):
    """Modifies the context in place (the current form)."""

    def hook(self, context):
        # Copier runs hooks for every render, the questions' too, before all are answered.
        if not {"project_name", "repository", "docs"} <= context.keys():
            return
        owner, _, name = context["repository"].partition("/")
        context["repo_owner"] = owner
        context["repo_name"] = name
        context["repo_id"] = hashlib.sha1(context["repository"].encode()).hexdigest()[:12]
        context["package"] = context["project_name"].lower().replace(" ", "_")
        context["topics"] = [owner, name, "copier"]
        context["widget"] = {"theme": "light", "mapping": "pathname", "strict": 0}
        context["dst_name"] = context["_copier_conf"]["dst_path"].name
        context["with_docs"] = bool(context["docs"])


class LegacyReturn(ContextHook):
    """Returns a dict to merge (the deprecated form, still honoured)."""

    def hook(self, context):
        if "project_name" not in context:
            return None
        return {"banner": "== %s ==" % context["project_name"].upper()}
