"""Rendering: sanitised HTML that keeps anchors and never loads remote resources."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from curriculum import Library, Problem, render_lesson, render_markdown

NASTY = """## Materials {#materials}

<script>alert('x')</script>
<img src="https://tracker.example/p.gif" onerror="alert(1)">
![remote](https://tracker.example/a.png) ![local](cards.png) ![up](../../secret.png)
[web](https://example.org) [plain](http://example.org) [js](javascript:alert(1)) [top](#materials)
<iframe src="https://example.org"></iframe>
<div style="background:url(https://tracker.example/b.png)" onclick="x()">styled</div>
<style>body { background: url(https://tracker.example/c.png) }</style>
A paragraph with an attribute list
{: style="color:red" onmouseover="x()" }
"""


def test_render_strips_scripts_remote_images_and_styles() -> None:
    out = render_markdown(NASTY)
    lowered = out.lower()
    for forbidden in (
        "<script",
        "alert(",
        "<iframe",
        "tracker.example",
        "style=",
        "onerror",
        "onclick",
        "onmouseover",
        "javascript:",
        "http://",
        "../",
    ):
        assert forbidden not in lowered, forbidden
    assert '<h2 id="materials">Materials</h2>' in out
    assert '<a href="#materials"' in out and '<a href="https://example.org"' in out
    assert '<img alt="local" src="cards.png">' in out
    assert "plain" in out and "styled" in out  # the text of removed markup stays


def test_no_attribute_can_load_anything_remote() -> None:
    out = render_markdown(NASTY)
    for attr, value in re.findall(r'\s(src|href)="([^"]*)"', out):
        assert attr == "href" or "://" not in value
        assert not value.startswith("//")


def test_render_lesson_keeps_section_ids_and_escapes_the_title(
    loaded: tuple[Library, list[Problem]],
) -> None:
    library, _ = loaded
    f = library.lesson("healthy-relationships").file("1.1.0", "es")
    assert f is not None
    out = render_lesson(f)
    assert out.startswith('<h1 id="lesson-title">Relaciones sanas y no sanas</h1>')
    for section_id in f.section_ids:
        assert f'id="{section_id}"' in out
    assert "<table" not in render_lesson(f, with_title=False)[:10]


def test_tables_use_align_attributes_not_styles() -> None:
    out = render_markdown("| a | b |\n|:--|--:|\n| 1 | 2 |\n")
    assert '<th align="left">a</th>' in out and "style" not in out


@settings(max_examples=100, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "<script>",
                "</script>",
                "<img src=https://x/y>",
                "![a](https://x/y)",
                "<a href=http://x>",
                "javascript:",
                "text",
                "\n\n",
                "## H {#h}",
                "<style>",
                "`code`",
                "[l](//x)",
                "<svg onload=x>",
                '"',
                "'",
                "<",
                ">",
                "{: style=x}",
            ]
        )
    ).map("".join)
)
def test_sanitiser_holds_for_any_mix(text: str) -> None:
    out = render_markdown(text).lower()
    assert "<script" not in out and "<style" not in out and "<svg" not in out
    assert not re.search(r"<[^>]*\s(?:style|on\w+)=", out)  # as text they are harmless
    assert not re.search(r'src="(?:[a-z]+:|//)', out)
    assert not re.search(r'href="(?!#|https://)', out)
