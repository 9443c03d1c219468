# {{ cookiecutter.update({"email": cookiecutter.email.strip().lower()}) }}
import pathlib
pathlib.Path("pre_gen_ran.txt").write_text("email was {{ cookiecutter.email }} in " + pathlib.Path.cwd().name + "\n")
