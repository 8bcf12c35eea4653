"""IPv4 and IPv6 addresses (ip_address.yaml); IPv6 candidates are checked by ``ipaddress``
so clock times such as 10:30:45 are not taken for addresses."""

import ipaddress

from deid.recognizers.base import DataRecognizer


class IpAddressRecognizer(DataRecognizer):
    DATA_FILE = "ip_address.yaml"
    MODULE_FILE = __file__

    def validate_ipv6(self, value: str) -> bool:
        try:
            ipaddress.IPv6Address(value)
        except ValueError:
            return False
        return True
