"""Any other unique identifying number (other_id.yaml): IDs after a cue, long digit runs that
are not measurements, and letter+digit codes."""

import regex

from deid.recognizers.base import DataRecognizer

# a size written after "#": "#24-French", "#18-gauge", "#11-knife", "#3-0" (a suture), "#10 blade"
_SIZE = regex.compile(r"(?i)^\d{1,2}(?:-0)?(?:[ \t\-]*(?:french|fr|gauge|ga|gauze|knife|blade|scalpel|catheter|foley|"
                      r"suture|silk|vicryl|prolene|chromic|nylon|monocryl|mm|cm|f)(?![\p{L}])|-0)")


class OtherIdRecognizer(DataRecognizer):
    DATA_FILE = "other_id.yaml"
    MODULE_FILE = __file__

    def refine_not_a_size(self, text: str, start: int, end: int):
        """An instrument size is no identifier; look at the value and the words after it."""
        return None if _SIZE.match(text[start:end + 16]) else (start, end)
