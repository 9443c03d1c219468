import configparser
import pathlib

from {{ package_name }} import index_url

ROOT = pathlib.Path(__file__).resolve().parent.parent


def test_index_url_matches_pip_conf_and_pyproject():
    pip = configparser.ConfigParser()
    pip.read(ROOT / "pip.conf")
    assert pip["global"]["index-url"] == index_url()
    assert f'url = "{index_url()}"' in (ROOT / "pyproject.toml").read_text()


def test_index_url_shape():
    assert index_url("d", "111111111111", "us-east-1", "r") == (
        "https://d-111111111111.d.codeartifact.us-east-1.amazonaws.com/pypi/r/simple/"
    )
