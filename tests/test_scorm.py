"""The SCORM 1.2 package: what an LMS unpacks and checks before it runs anything (issue 10)."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from lxml import etree

from helpers import run_casebook

XSD = Path(__file__).parent / "scorm" / "xsd" / "wrapper.xsd"
NS = {"cp": "http://www.imsproject.org/xsd/imscp_rootv1p1p2", "adlcp": "http://www.adlnet.org/xsd/adlcp_rootv1p2"}


@pytest.fixture(scope="module")
def package(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("scorm") / "onboarding.zip"
    result = run_casebook("export", "--format", "scorm", "--track", "onboarding", "--output", str(out))
    assert result.returncode == 0, result.stderr
    assert f"SCORM 1.2 课程包已导出：{out}" in result.stdout
    return out


def test_the_manifest_is_at_the_root_and_valid_scorm_1_2(package: Path) -> None:
    with zipfile.ZipFile(package) as z:
        manifest = etree.fromstring(z.read("imsmanifest.xml"))
    schema = etree.XMLSchema(etree.parse(str(XSD)))
    assert schema.validate(manifest), schema.error_log
    assert manifest.findtext("cp:metadata/cp:schemaversion", namespaces=NS) == "1.2"
    # The validator is real: a manifest with an element SCORM 1.2 does not define fails it.
    broken = etree.fromstring(etree.tostring(manifest).replace(b"<organizations", b"<bogus/><organizations", 1))
    assert not schema.validate(broken)


def test_one_sco_launches_the_launcher_and_every_file_is_listed(package: Path) -> None:
    with zipfile.ZipFile(package) as z:
        names = set(z.namelist())
        manifest = etree.fromstring(z.read("imsmanifest.xml"))
    resources = manifest.findall("cp:resources/cp:resource", NS)
    assert len(resources) == 1
    sco = resources[0]
    assert sco.get(f"{{{NS['adlcp']}}}scormtype") == "sco"
    assert sco.get("href") == "index.html"
    listed = {f.get("href") for f in sco.findall("cp:file", NS)}
    files = {n for n in names if not n.endswith("/")} - {"imsmanifest.xml"}
    assert listed == files
    assert {"index.html", "scorm/launcher.js", "scorm/track.js", "site/training/onboarding.html"} <= files
    item = manifest.find("cp:organizations/cp:organization/cp:item", NS)
    assert item is not None and item.findtext("cp:title", namespaces=NS) == "新员工入职培训"
    assert item.findtext("adlcp:masteryscore", namespaces=NS) == "80"


def test_the_package_is_the_same_bytes_every_time(package: Path, tmp_path: Path) -> None:
    again = tmp_path / "again.zip"
    result = run_casebook("export", "--format", "scorm", "--track", "onboarding", "--output", str(again))
    assert result.returncode == 0, result.stderr
    assert again.read_bytes() == package.read_bytes()


def test_a_scorm_export_names_the_tracks_it_can_package(tmp_path: Path) -> None:
    result = run_casebook("export", "--format", "scorm", "--output", str(tmp_path / "x.zip"))
    assert result.returncode == 1
    assert "命令行:1:1: 导出 SCORM 课程包需要用 --track 指定培训路线，可选：onboarding、advanced" in result.stderr
    assert "Traceback" not in result.stderr
    result = run_casebook("export", "--format", "scorm", "--track", "nope", "--output", str(tmp_path / "x.zip"))
    assert result.returncode == 1
    assert "找不到培训路线“nope”，可选：onboarding、advanced" in result.stderr
    assert not (tmp_path / "x.zip").exists()
