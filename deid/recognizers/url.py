"""Web addresses (url.yaml): with a scheme, starting "www.", or a bare domain with a known TLD."""

from deid.recognizers.base import DataRecognizer


class UrlRecognizer(DataRecognizer):
    DATA_FILE = "url.yaml"
    MODULE_FILE = __file__
