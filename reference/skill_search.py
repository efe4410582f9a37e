"""What the skill search says when it finds nothing: the message, with a suggestion to try.

The search itself is ``Skill.objects.search`` (``reference.models``): English and Indonesian labels,
alternative labels and Indonesian synonyms, case, accents and punctuation ignored.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from reference.models import Skill, fold

# At most this many words of the term are tried on their own for the suggestion (one query each).
WORDS_TRIED = 3


def no_skill_found(term: str) -> str:
    """ "No skill found for “term”." and a suggestion: a word of the term that finds skills on its own
    (the longest first), else a general hint with examples. At most ``WORDS_TRIED`` queries."""
    message = _("No skill found for “%(term)s”.") % {"term": term}
    words = sorted(set(fold(term).split()), key=len, reverse=True)
    if len(words) > 1:
        for word in words[:WORDS_TRIED]:
            if Skill.objects.search(word).exists():
                return f"{message} " + _("Try “%(word)s” on its own.") % {"word": word}
    hint = _(
        "Try a shorter or more common word, in Indonesian or English (for example “jahit”, “komputer” or "
        "“memasak”), or write the skill in your own words under other skills."
    )
    return f"{message} {hint}"
