__version__ = "0.1.0"  # {{ cookiecutter.__pkg }} / {{ cookiecutter._raw }}
