"""Web addresses (url.yaml): with a scheme, starting "www.", or a bare domain with a known TLD.
A TLD that is also a word or clinical shorthand ("pt.in bed", "given.no change", typed without
spaces) needs a web cue, a path or a domain name that is no everyday or clinical word."""

from deid.recognizers.base import DataRecognizer


class UrlRecognizer(DataRecognizer):
    DATA_FILE = "url.yaml"
    MODULE_FILE = __file__

    def validate_named_domain(self, value: str) -> bool:
        from deid.clinical_lexicon import is_clinical_word
        from deid.recognizers.wordlists import is_common_word

        label = value.split(".")[-2]
        return len(label) >= 3 and not any(is_common_word(part) or is_clinical_word(part)
                                           for part in label.replace("_", "-").split("-") if part)
