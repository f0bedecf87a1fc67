"""The comparison with published IMDB results states its interval at the configured level."""

import re

from textmlp.report.published import accuracy_interval, published_comparison, z_value

BEST = {"label": "tfidf", "test_acc_mean": 0.90, "test_acc_std": 0.002, "seeds": 3}


def test_the_interval_follows_statistics_level():
    assert z_value(0.95) == 1.96 and z_value(0.99) == 2.58 and z_value(0.90) == 1.64
    assert accuracy_interval(0.9, 0.0, 3, 10_000) == accuracy_interval(0.9, 0.0, 3, 10_000, 1.96)
    at95, at90 = published_comparison(BEST, 10_000, 20_000), published_comparison(BEST, 10_000, 20_000, level=0.9)
    assert "a 95\\% interval" in at95 and "a 90\\% interval" in at90

    def width(text):
        low, high = re.search(r"is (\d+\.\d+)--(\d+\.\d+)\\%", text).groups()
        return float(high) - float(low)

    assert width(at90) < width(at95)
