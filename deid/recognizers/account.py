"""Account numbers (account.yaml): billing/encounter/claim numbers after a cue, payment card
numbers (Luhn) and IBANs (ISO 13616 check digits)."""

import regex

from deid.recognizers.base import DataRecognizer

NON_ALNUM = regex.compile(r"[^0-9A-Za-z]")


class AccountRecognizer(DataRecognizer):
    DATA_FILE = "account.yaml"
    MODULE_FILE = __file__

    def validate_luhn(self, value: str) -> bool:
        digits = [int(c) for c in value if c.isdigit()]
        if len(set(digits)) == 1:
            return False
        total = 0
        for position, digit in enumerate(reversed(digits)):
            if position % 2:
                digit = digit * 2 - 9 if digit > 4 else digit * 2
            total += digit
        return total % 10 == 0

    def validate_iban(self, value: str) -> bool:
        compact = NON_ALNUM.sub("", value).upper()
        rearranged = compact[4:] + compact[:4]
        number = "".join(str(int(c, 36)) for c in rearranged)
        return len(compact) >= 15 and int(number) % 97 == 1
