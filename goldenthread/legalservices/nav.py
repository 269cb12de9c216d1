from goldenthread.web.nav import NavItem

ITEMS = [
    NavItem("Legal docket", "legalservices:docket", "legalservices.work", order=400),
    NavItem("My legal caseload", "legalservices:caseload", "legalservices.work", order=401),
    NavItem("Legal referrals", "legalservices:referrals", "legalservices.refer", order=400),
    NavItem(
        "Legal services settings", "legalservices:settings", "legalservices.settings", order=900
    ),
    NavItem("Legal services report", "legalservices:report", "legalservices.report", order=800),
]
