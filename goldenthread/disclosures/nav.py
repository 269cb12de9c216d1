from goldenthread.web.nav import NavItem

ITEMS = [
    NavItem("Consents", "disclosures:participants", "disclosures.accounting", order=300),
    NavItem("Disclosures to me", "disclosures:received", "disclosures.receive", order=310),
]
