"""One terminology per language: the glossary (``locale/glossary.yaml``) bans variants, and no
translation of either Chinese catalog uses one; the register is 您 and the punctuation Chinese."""

from __future__ import annotations

import re

import pytest
from babel.messages.catalog import Catalog as PoCatalog

import catalog_tool
from txdoctor.advise.i18n import translator

CHINESE = {"zh-CN": "zh_CN", "zh-TW": "zh_TW"}


def translations(lang: str) -> dict[str, str]:
    catalog = catalog_tool.read_catalog(CHINESE[lang])
    return {str(m.id): str(m.string) for m in catalog if m.id and m.string}


@pytest.mark.parametrize("lang", CHINESE)
def test_the_glossary_names_the_chosen_words(lang: str) -> None:
    entry = catalog_tool.glossary()[lang]
    fee, tx_hash = {"zh-CN": ("手续费", "交易哈希"), "zh-TW": ("手續費", "交易雜湊")}[lang]
    assert entry["terms"]["network fee, gas fee"] == fee
    assert entry["terms"]["transaction hash"].startswith(tx_hash)
    assert entry["banned"]["你"] == "您"


@pytest.mark.parametrize("lang", CHINESE)
def test_no_translation_uses_a_banned_variant(lang: str) -> None:
    banned = catalog_tool.glossary()[lang]["banned"]
    found = [
        (word, msgid)
        for msgid, text in translations(lang).items()
        for word in banned
        if catalog_tool.banned_in(word, text)
    ]
    assert found == []


@pytest.mark.parametrize(
    ("lang", "variant"),
    [
        ("zh-CN", "矿工费"),
        ("zh-TW", "哈希"),
        ("zh-CN", "你"),
        ("zh-TW", "10 %"),
        ("zh-CN", "nonce"),
    ],
)
def test_a_banned_variant_is_reported(lang: str, variant: str) -> None:
    catalog = PoCatalog(locale=CHINESE[lang])
    catalog.add("The fee of {fee} was charged.", f"已扣除 {variant} {{fee}}。")
    problems = catalog_tool.style_problems(catalog, lang)
    assert any("banned by the glossary" in p for p in problems), problems


def test_a_field_named_nonce_is_not_a_word() -> None:
    assert not catalog_tool.banned_in("nonce", "Nonce 为 {blocking_nonce}，{nonce}")
    assert catalog_tool.banned_in("nonce", "替换 nonce 0")


@pytest.mark.parametrize("lang", CHINESE)
def test_the_fee_is_one_word_in_the_compiled_catalog(lang: str) -> None:
    """What users read (the .mo), not only the .po: the reverted reply names one fee word."""
    text = translator(lang).gettext(
        "The transaction was included on {chain} but the contract refused it, so nothing was "
        "transferred. The network fee of {fee} {symbol} was still charged."
    )
    fee = {"zh-CN": "手续费", "zh-TW": "手續費"}[lang]
    assert fee in text and not re.search("矿工费|礦工費|网络费|網路費", text)
