"""The list-cell encoding: hand-typed lists in the usual separators, and exact inverses for any items."""
import pytest
from hypothesis import given
from hypothesis import strategies as st

from server.imports.lists import join_list, split_list

HAND_TYPED = [
    ("Rust, Payments", ["Rust", "Payments"]),
    ("Rust; Payments;", ["Rust", "Payments"]),
    ("a|b ; c,,d", ["a", "b", "c", "d"]),
    ('"Research, development"; jazz', ["Research, development", "jazz"]),
    ('"AI", "ML"', ["AI", "ML"]),
    ('6" screens, AI', ['6" screens', "AI"]),
    ('"unclosed, quote', ['"unclosed', "quote"]),
    ('"a" b, c', ['"a" b', "c"]),
    ('"say ""hi"""', ['say "hi"']),
    ("  ", []),
]


@pytest.mark.parametrize("text,items", HAND_TYPED, ids=[t for t, _ in HAND_TYPED])
def test_hand_typed_lists(text, items):
    assert split_list(text) == items


def test_export_quotes_only_items_that_need_it():
    assert join_list(["Research, development", "jazz", '"q"', "x|y", 'a"b']) == (
        '"Research, development"; jazz; """q"""; "x|y"; a"b')


@given(st.lists(st.text(min_size=1).map(str.strip).filter(bool)))
def test_split_inverts_join_for_any_trimmed_items(items):
    assert split_list(join_list(items)) == items
