"""Made-up articles for the travel tests (written for them; not copies of real articles)."""

ORIGINAL = (
    "The harbour council voted on Tuesday to close the old ferry pier for repairs that "
    "engineers say are long overdue. Councillor Brenna Voss told the meeting that the "
    "timber supports had rotted through in at least four places, and that a winter storm "
    "could bring the whole deck down. The closure will last until the end of August, when "
    "a temporary floating dock is expected to open beside the fish market. Ferry operators "
    "said they would move their morning sailings to the north quay in the meantime, a "
    "change that adds about ten minutes to the crossing for commuters from the islands."
)

# The same words after another site's cleaner: curly quotes, dashes, NBSPs, odd spacing,
# a different case.
RETYPED = (
    "THE HARBOUR COUNCIL VOTED ON TUESDAY TO CLOSE THE OLD FERRY PIER FOR REPAIRS THAT\u00a0"
    "ENGINEERS SAY ARE LONG OVERDUE.  Councillor Brenna Voss told the meeting that the\n"
    "timber supports had rotted through in at least four places \u2013 and that a winter storm "
    "could bring the whole deck down. The closure will last until the end of August, when "
    "a temporary floating dock is expected to open beside the fish market. Ferry operators "
    "said they would move their morning sailings to the north quay in the meantime, a "
    "change that adds about ten minutes to the crossing for commuters from the islands."
)

UNRELATED = (
    "A small bakery on Linden Street has started selling rye loaves baked with seawater, "
    "a recipe the owner says she learned from her grandmother in the mountains. Customers "
    "queue before dawn on Saturdays, and the loaves are usually gone by nine. The owner "
    "plans to open a second oven next spring if the landlord agrees to extend the lease."
)

OTHER = (
    "Tram drivers in the eastern district began a two-day strike over rota changes that the "
    "union says leave too little rest between shifts. Management offered to review the "
    "timetable in June, an offer the union rejected as too late for the summer season."
)

BOILERPLATE = (
    "Sign up for the Gull Gazette morning letter and get every local story before breakfast, "
    "free of charge and delivered to your inbox each weekday."
)
