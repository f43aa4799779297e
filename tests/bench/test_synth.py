"""synth makes a marked, valid corpus; bench_pages times every page against it."""

from io import StringIO

from django.core.management import call_command

from sources.bench.synth import clear_synthetic
from sources.models import Claim, Mention, Outlet, Source


def test_synth_creates_marked_sources_with_valid_offsets(db):
    call_command("synth", sources=40, outlets=5, claims=4, stdout=StringIO())
    sources = Source.objects.all()
    assert sources.count() == 40
    assert all(s.origin.startswith("synthetic/") for s in sources)
    assert all(s.body.startswith("This is synthetic article") for s in sources)
    assert Outlet.objects.filter(slug__startswith="synthetic-").count() == 5
    assert Claim.objects.filter(slug__startswith="synthetic-").count() == 4
    mentions = Mention.objects.select_related("source")
    assert mentions.count() >= 80
    for mention in mentions:
        body = mention.source.body
        assert body[mention.start : mention.end] == mention.quote
        assert mention.quote in mention.sentence
    # Running again adds more, numbered after the first batch.
    call_command("synth", sources=10, outlets=5, claims=4, stdout=StringIO())
    assert Source.objects.count() == 50
    assert clear_synthetic()["sources"] > 0
    assert not Source.objects.exists() and not Claim.objects.exists()


def test_bench_pages_reports_every_page(db):
    call_command("synth", sources=20, outlets=3, claims=3, stdout=StringIO())
    out = StringIO()
    call_command("bench_pages", runs=1, stdout=out)
    report = out.getvalue()
    for name in ("story", "coverage", "compare", "timeline", "sources", "outlets", "search",
                 "claim (most quoted)", "source (most mentions)", "outlet (largest)"):  # fmt: skip
        assert f"\n{name} " in report, name
    assert "HTTP" not in report  # every page answered 200
